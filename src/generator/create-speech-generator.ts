import type { AudioChunk } from '../audio/audio-chunk.ts';
import type { AudioPipelineOptions } from '../audio/audio-pipeline-options.ts';
import type { SpeechGenerator } from './speech-generator.ts';
import type { SpeechRequest, VoiceInfo } from './speech-request.ts';
import { loadManifest } from '../models/manifest.ts';
import type { VoiceManifest } from '../models/manifest.ts';
import { GeneratorPool } from './pool/generator-pool.ts';
import type { GeneratorPoolOptions } from './pool/generator-pool.ts';
import { mergeVoices } from './registry/voice-registry.ts';

export interface SpeechGeneratorOptions extends GeneratorPoolOptions {
  /** models/manifest.json by default; its voices that are not on disk are listed as fetchable. */
  readonly manifestPath?: string;
}

/** SpeechGenerator plus the pool's counters, for /healthz-style reporting and tests. */
export interface PooledSpeechGenerator extends SpeechGenerator {
  readonly pool: GeneratorPool;
}

/**
 * The bot's text-to-speech: engines run in a pool of worker threads (see pool/protocol.ts).
 *
 * stream(): an async iterable of mono chunks as they are made. Errors before any audio (unknown voice, not installed,
 * bad parameters, empty or too long text) reject the first next() with a SpeechError. Aborting the signal rejects
 * the pending next() with a DOMException whose name is 'AbortError' (the signal's reason is its `cause`) and frees
 * the worker within one model call; leaving the loop early (break) cancels the same way without any error.
 *
 * close(): open streams fail with SpeechError('aborted'); each worker lets its model call in progress return,
 * releases its ONNX sessions and exits by itself (terminated only after options.shutdownGraceMs, default 3 s), so a
 * process that closes the generator on SIGTERM can exit 0 without onnxruntime aborting it.
 */
export async function createSpeechGenerator(options: SpeechGeneratorOptions = {}): Promise<PooledSpeechGenerator> {
  const pool = new GeneratorPool(options);
  let manifest: Promise<VoiceManifest> | undefined;
  const log = options.log;
  return {
    pool,
    stream(request: SpeechRequest, signal?: AbortSignal): AsyncIterable<AudioChunk> {
      return pool.stream(request, signal);
    },
    speak: (request, encode, signal) => pool.speak(request, encode, signal),
    async listVoices(): Promise<VoiceInfo[]> {
      manifest ??= loadManifest(options.manifestPath).catch((error: unknown) => {
        log?.('warn', 'models manifest unavailable; listing installed voices only', { reason: (error as Error).message });
        return { voices: [] };
      });
      const [engineVoices, known] = await Promise.all([pool.listEngineVoices(), manifest]);
      return mergeVoices(engineVoices, known);
    },
    async warmUp(voices: string[], encode?: AudioPipelineOptions): Promise<void> {
      // Failed voices were already logged by the pool; start-up goes on with the voices that work.
      const report = await pool.warmUp(voices, encode);
      const failed = new Set(report.workers.flatMap((w) => w.voices.filter((v) => v.error).map((v) => v.voice)));
      log?.('info', 'speech generator warmed up', {
        voices: voices.filter((voice) => !failed.has(voice)),
        failed: [...failed],
        workers: report.workers.length,
        ms: Math.round(report.ms),
      });
    },
    close: () => pool.close(),
    // Crashed workers are replaced; a slot stays empty only after repeated start-up crashes, or once closed.
    isHealthy: () => pool.stats().workers > 0,
    load: () => {
      const { waiting, oldestWaitMs, delayed, coreShare } = pool.stats();
      return { waiting, oldestWaitMs, delayed, coreShare: Math.min(1, ...coreShare) };
    },
  };
}
