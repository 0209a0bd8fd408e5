/**
 * A test engine that reports the life of its model calls on the BroadcastChannel `lifecycle-engine`: when each call
 * starts and ends and when the engine is closed, so tests can check the order of shutdown in the worker. Voices:
 *   lifecycle:slow   every chunk is a 40 ms asynchronous "model call" (like session.run, off the JS thread)
 *   lifecycle:stuck  the first call spins synchronously for 30 s (a runaway WASM call that never yields)
 */
import { threadId } from 'node:worker_threads';
import type { AudioChunk } from '../../../src/audio/audio-chunk.ts';
import type { VoiceInfo } from '../../../src/generator/speech-request.ts';
import type { EngineFactory, EngineRequest, VoiceEngine } from '../../../src/generator/voice-engine.ts';

export interface LifecycleEvent {
  readonly event: 'call-start' | 'call-end' | 'closed';
  readonly thread: number;
}

export const LIFECYCLE_RATE = 16000;
const channel = new BroadcastChannel('lifecycle-engine');
channel.unref();
const announce = (event: LifecycleEvent['event']): void => channel.postMessage({ event, thread: threadId } satisfies LifecycleEvent);

class LifecycleEngine implements VoiceEngine {
  readonly engine = 'lifecycle';

  async listVoices(): Promise<VoiceInfo[]> {
    return ['slow', 'stuck'].map((name) => ({
      id: `lifecycle:${name}`,
      engine: 'lifecycle',
      language: 'en-US',
      sampleRate: LIFECYCLE_RATE,
      installed: true,
      license: 'MIT',
      description: 'test engine that reports its model calls',
    }));
  }

  async *synthesize(request: EngineRequest, signal: AbortSignal): AsyncIterable<AudioChunk> {
    for (let call = 0; call < 1000 && !signal.aborted; call++) {
      announce('call-start');
      if (request.voiceName === 'stuck') {
        const until = Date.now() + 30_000;
        while (Date.now() < until);
      }
      await new Promise((resolve) => setTimeout(resolve, 40));
      announce('call-end');
      yield { samples: new Float32Array(LIFECYCLE_RATE / 10).fill(0.25), sampleRate: LIFECYCLE_RATE, overlap: 0 };
    }
  }

  async close(): Promise<void> {
    announce('closed');
  }
}

export const createEngine: EngineFactory = async () => new LifecycleEngine();
