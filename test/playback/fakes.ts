import { audibleSeconds, type AudioChunk } from '../../src/audio/audio-chunk.ts';
import type { SpeechRequest } from '../../src/generator/speech-request.ts';
import type { PlaybackOutput, SpeechAudioSource } from '../../src/playback/playback-output.ts';
import type { PlaybackLimits } from '../../src/playback/guild-playback.ts';

export const SAMPLE_RATE = 16000;

export function sineChunk(frequency: number, seconds: number, sampleRate = SAMPLE_RATE): AudioChunk {
  const samples = new Float32Array(Math.round(seconds * sampleRate));
  for (let i = 0; i < samples.length; i++) samples[i] = 0.5 * Math.sin((2 * Math.PI * frequency * i) / sampleRate);
  return { samples, sampleRate, overlap: 0 };
}

export interface GeneratorCall {
  readonly request: SpeechRequest;
  readonly signal: AbortSignal;
  /** Chunks the consumer pulled so far. */
  pulled: number;
  finished: boolean;
}

/**
 * Speaks every text as `chunksPerText` sine chunks of 0.1 s; the tone's frequency encodes the text ("440" -> 440 Hz)
 * so a test can tell from the audio which message is playing. `gate`, when set, holds each chunk until released.
 */
export class SineGenerator {
  readonly calls: GeneratorCall[] = [];
  chunksPerText = 3;
  failTexts = new Set<string>();
  gate: (() => Promise<void>) | undefined;

  stream(request: SpeechRequest, signal?: AbortSignal): AsyncIterable<AudioChunk> {
    const call: GeneratorCall = { request, signal: signal ?? new AbortController().signal, pulled: 0, finished: false };
    this.calls.push(call);
    const chunks = this.chunksPerText;
    const fail = this.failTexts.has(request.text);
    const frequency = Number.parseFloat(request.text) || 300;
    const gate = (): Promise<void> => this.gate?.() ?? Promise.resolve();
    return (async function* () {
      try {
        for (let i = 0; i < chunks; i++) {
          await gate();
          if (call.signal.aborted) return;
          if (fail && i === 1) throw new Error(`engine failed on ${request.text}`);
          call.pulled++;
          yield sineChunk(frequency, 0.1);
        }
      } finally {
        call.finished = true;
      }
    })();
  }
}

/** A guild queue's speech as raw chunks from `generator` (unit tests look at the audio itself, not at Opus). */
export function chunkSpeech(generator: { stream(request: SpeechRequest, signal?: AbortSignal): AsyncIterable<AudioChunk> }): SpeechAudioSource<AudioChunk> {
  return { open: (request, signal) => generator.stream(request, signal), seconds: audibleSeconds };
}

export interface PlayedUtterance {
  readonly chunks: AudioChunk[];
  aborted: boolean;
}

/** Drains each utterance like a player would; `hold` keeps an utterance "playing" until released. */
export class RecordingOutput implements PlaybackOutput<AudioChunk> {
  readonly played: PlayedUtterance[] = [];
  stops = 0;
  /** When set, play() waits for this after the last chunk, as if the audio were still being heard. */
  hold: (() => Promise<void>) | undefined;
  onChunk: ((utterance: PlayedUtterance) => void) | undefined;

  async play(chunks: AsyncIterable<AudioChunk>, signal: AbortSignal): Promise<void> {
    const utterance: PlayedUtterance = { chunks: [], aborted: false };
    this.played.push(utterance);
    for await (const chunk of chunks) {
      if (signal.aborted) break;
      utterance.chunks.push(chunk);
      this.onChunk?.(utterance);
    }
    if (!signal.aborted) await this.hold?.();
    utterance.aborted = signal.aborted;
  }

  stop(): void {
    this.stops++;
  }
}

/** A promise-based latch: `wait()` resolves after `release()`. */
export class Latch {
  #release: (() => void) | undefined;
  #promise: Promise<void>;
  constructor() {
    this.#promise = new Promise((resolve) => (this.#release = resolve));
  }
  wait(): Promise<void> {
    return this.#promise;
  }
  release(): void {
    this.#release?.();
  }
}

export const testLimits: PlaybackLimits = {
  maxDepth: 5,
  userRateLimit: 100,
  userRateWindowMs: 10_000,
  speedUp: { threshold: 3, maxMultiplier: 1.5, stepPerMessage: 0.1 },
  readAheadSeconds: 1,
};

export class ManualClock {
  time = 1_000_000;
  now(): number {
    return this.time;
  }
  advance(ms: number): void {
    this.time += ms;
  }
}

/** Dominant frequency estimate by zero crossings; enough to tell 300 Hz from 600 Hz. */
export function zeroCrossingFrequency(chunk: AudioChunk): number {
  let crossings = 0;
  for (let i = 1; i < chunk.samples.length; i++) {
    if ((chunk.samples[i - 1] < 0) !== (chunk.samples[i] < 0)) crossings++;
  }
  return (crossings / 2) * (chunk.sampleRate / chunk.samples.length);
}

export async function until(condition: () => boolean, what: string, maxTicks = 2000): Promise<void> {
  for (let i = 0; i < maxTicks; i++) {
    if (condition()) return;
    await new Promise((resolve) => setImmediate(resolve));
  }
  throw new Error(`timed out waiting for ${what}`);
}
