/**
 * A test engine: a deterministic sine whose length follows the text, so pool tests know exactly what audio to expect
 * without any model. Voice names select behaviours (slow model calls, crashes, failures). Every chunk made is announced
 * on the BroadcastChannel `tone-engine` so tests can count production in the worker, not just consumption.
 */
import { threadId } from 'node:worker_threads';
import type { AudioChunk } from '../../../src/audio/audio-chunk.ts';
import { SpeechError } from '../../../src/generator/speech-request.ts';
import type { VoiceInfo } from '../../../src/generator/speech-request.ts';
import type { EngineFactory, EngineRequest, VoiceEngine } from '../../../src/generator/voice-engine.ts';
import { toneVoices, toneSpec, samplesForSentence } from './tone-spec.ts';
import type { ToneSpec } from './tone-spec.ts';

export interface ToneEvent {
  readonly event: 'created' | 'chunk' | 'aborted' | 'finished' | 'caught-up';
  readonly thread: number;
  readonly voice?: string;
  readonly text?: string;
  /** On 'finished': whether the call was asked to make its first chunk early (EngineRequest.firstChunkEarly). */
  readonly early?: boolean;
}

const channel = new BroadcastChannel('tone-engine');
channel.unref();
function announce(event: ToneEvent): void {
  channel.postMessage(event);
}

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

class ToneEngine implements VoiceEngine {
  readonly engine = 'tone';

  async listVoices(): Promise<VoiceInfo[]> {
    return toneVoices.map((name) => ({
      id: `tone:${name}`,
      engine: 'tone',
      language: 'en-US',
      sampleRate: toneSpec(name).sampleRate,
      installed: name !== 'missing',
      license: 'MIT',
      description: `test tone (${name})`,
    }));
  }

  async *synthesize(request: EngineRequest, signal: AbortSignal): AsyncIterable<AudioChunk> {
    const spec = toneSpec(request.voiceName);
    const speed = request.speed ?? 1;
    if (!(speed >= 0.5 && speed <= 2.5)) {
      throw new SpeechError('invalid-parameter', `Speed must be between 0.5 and 2.5, not ${speed}.`);
    }
    const total = samplesForSentence(request.text, spec.sampleRate, speed);
    try {
      yield* this.tone(request, signal, spec, total);
    } finally {
      // Reached when the worker stops pulling (break on abort) as well as when the engine itself sees the abort.
      if (signal.aborted) announce({ event: 'aborted', thread: threadId, voice: request.voiceName });
    }
  }

  private async *tone(request: EngineRequest, signal: AbortSignal, spec: ToneSpec, total: number): AsyncIterable<AudioChunk> {
    const frame = spec.sampleRate / 100;
    let position = 0;
    let index = 0;
    while (position < total) {
      if (signal.aborted) return;
      if (spec.delayMs > 0) await sleep(spec.delayMs); // stands in for a model call
      const frames = index === 0 ? request.chunkPlan.firstChunkFrames : request.chunkPlan.chunkFrames;
      const length = Math.min(frames * frame, total - position);
      const samples = new Float32Array(length);
      for (let i = 0; i < length; i++) {
        samples[i] = 0.5 * Math.sin((2 * Math.PI * spec.frequency * (position + i)) / spec.sampleRate);
      }
      position += length;
      announce({ event: 'chunk', thread: threadId, voice: request.voiceName, text: request.text });
      yield { samples, sampleRate: spec.sampleRate, overlap: 0 };
      index++;
      if (index === 1) misbehave(request.voiceName);
    }
    announce({ event: 'finished', thread: threadId, voice: request.voiceName, text: request.text, early: request.firstChunkEarly === true });
  }

  catchUp(): void {
    announce({ event: 'caught-up', thread: threadId });
  }

  async close(): Promise<void> {}
}

/** Crash voices fail right after their first chunk so tests see audio first, then the crash. */
function misbehave(voice: string): void {
  switch (voice) {
    case 'crash-exit':
      process.exit(7);
      break;
    case 'crash-throw':
      setImmediate(() => {
        throw new Error('tone engine exploded at top level');
      });
      break;
    case 'crash-oom': {
      const hog: number[][] = [];
      for (;;) hog.push(new Array<number>(1_000_000).fill(1.5));
    }
    case 'fail':
      throw new Error('/secret/path/model.onnx: tensor shape mismatch');
  }
}

export const createEngine: EngineFactory = async () => {
  announce({ event: 'created', thread: threadId });
  return new ToneEngine();
};
