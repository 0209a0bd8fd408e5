/**
 * A test engine that recommends its own chunk plan (VoiceEngine.chunkPlan) and cuts a 440 Hz tone exactly by the
 * plan it is handed, 10 ms per frame, so tests can tell from chunk lengths which plan the pool gave it.
 */
import type { AudioChunk } from '../../../src/audio/audio-chunk.ts';
import type { VoiceInfo } from '../../../src/generator/speech-request.ts';
import type { ChunkPlan, EngineFactory, EngineRequest, VoiceEngine } from '../../../src/generator/voice-engine.ts';

export const PLANNED_ENGINE_PLAN: ChunkPlan = { firstChunkFrames: 3, chunkFrames: 7, contextFrames: 0, overlapSeconds: 0 };
export const PLANNED_RATE = 16000;
/** Frames of tone per sentence, whatever the text: enough for several later chunks. */
export const PLANNED_SENTENCE_FRAMES = 30;

class PlannedEngine implements VoiceEngine {
  readonly engine = 'planned';
  readonly chunkPlan = PLANNED_ENGINE_PLAN;

  async listVoices(): Promise<VoiceInfo[]> {
    return [
      {
        id: 'planned:tone',
        engine: 'planned',
        language: 'en-US',
        sampleRate: PLANNED_RATE,
        installed: true,
        license: 'MIT',
        description: 'test tone cut by the chunk plan it gets',
      },
    ];
  }

  async *synthesize(request: EngineRequest, signal: AbortSignal): AsyncIterable<AudioChunk> {
    const frame = PLANNED_RATE / 100;
    let done = 0;
    while (done < PLANNED_SENTENCE_FRAMES && !signal.aborted) {
      const frames = Math.min(done === 0 ? request.chunkPlan.firstChunkFrames : request.chunkPlan.chunkFrames, PLANNED_SENTENCE_FRAMES - done);
      const samples = new Float32Array(frames * frame);
      for (let i = 0; i < samples.length; i++) samples[i] = 0.5 * Math.sin((2 * Math.PI * 440 * (done * frame + i)) / PLANNED_RATE);
      done += frames;
      yield { samples, sampleRate: PLANNED_RATE, overlap: 0 };
    }
  }

  async close(): Promise<void> {}
}

export const createEngine: EngineFactory = async () => new PlannedEngine();
