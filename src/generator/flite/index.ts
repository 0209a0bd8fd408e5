import type { AudioChunk } from '../../audio/audio-chunk.ts';
import { throwIfAborted } from '../abort.ts';
import { formatVoiceId } from '../registry/voice-id.ts';
import { unknownVoiceError } from '../registry/voice-registry.ts';
import { SpeechError } from '../speech-request.ts';
import type { VoiceInfo } from '../speech-request.ts';
import type { EngineFactory, EngineRequest, VoiceEngine } from '../voice-engine.ts';
import { finishHeldSentences, FLITE_SAMPLE_RATE, startFlite, warmUpFlite } from './flite-wasi.ts';
import { FLITE_LICENSE, FLITE_VOICE_TABLE, findFliteVoice } from './flite-voices.ts';
import { sliceRanges } from './slice-plan.ts';
import { durationStretchForSpeed } from './speed.ts';

/**
 * How long one ChunkPlan "frame" lasts for flite: one HiFi-GAN hop (256 samples at 22.05 kHz, 11.6 ms), so a plan
 * tuned for neural:slt gives flite chunks of the same duration.
 */
export const FLITE_FRAME_SECONDS = 256 / 22050;

function fliteFailed(error: unknown): SpeechError {
  return new SpeechError('engine-failed', 'The flite voice failed to speak this text.', { cause: error });
}

class FliteEngine implements VoiceEngine {
  readonly engine = 'flite';
  /** No sampling: the same text gives the same audio, so short phrases may be cached. */
  readonly repeatable = true;

  async listVoices(): Promise<VoiceInfo[]> {
    return FLITE_VOICE_TABLE.map((voice) => ({
      id: `flite:${voice.name}`,
      engine: 'flite',
      language: voice.language,
      sampleRate: 16000,
      installed: true,
      license: FLITE_LICENSE,
      description: voice.description,
    }));
  }

  async *synthesize(request: EngineRequest, signal: AbortSignal): AsyncIterable<AudioChunk> {
    const voice = findFliteVoice(request.voiceName);
    if (!voice) {
      const known = FLITE_VOICE_TABLE.map((v) => formatVoiceId('flite', v.name));
      throw unknownVoiceError(formatVoiceId('flite', request.voiceName), known);
    }
    const durationStretch = durationStretchForSpeed(request.speed);
    if (request.text.trim() === '') throw new SpeechError('empty-text', 'There is nothing to say.');
    throwIfAborted(signal);

    const plan = request.chunkPlan;
    const samplesPerFrame = FLITE_FRAME_SECONDS * FLITE_SAMPLE_RATE;
    const firstSize = plan.firstChunkFrames * samplesPerFrame;
    // With firstChunkEarly, flite is held once the first chunk exists, so it plays while flite makes the rest.
    let start;
    try {
      start = await startFlite(request.text, { voice: voice.name, durationStretch }, (samples) => request.firstChunkEarly === true && samples.length > firstSize);
    } catch (error) {
      throw fliteFailed(error);
    }
    let finished = start.complete;
    try {
      let audio = start.samples;
      let from = 0;
      if (!start.complete) {
        const [first] = sliceRanges(audio.length, firstSize, plan.chunkFrames * samplesPerFrame);
        yield { samples: audio.slice(first.start, first.end), sampleRate: FLITE_SAMPLE_RATE, overlap: 0 };
        from = 1;
      }
      try {
        audio = (await start.finish()).samples;
        finished = true;
      } catch (error) {
        throw fliteFailed(error);
      }
      // Flite's whole sentence already exists, so any cut is exact: plain slices, no overlap to crossfade.
      for (const range of sliceRanges(audio.length, firstSize, plan.chunkFrames * samplesPerFrame).slice(from)) {
        throwIfAborted(signal);
        yield { samples: audio.slice(range.start, range.end), sampleRate: FLITE_SAMPLE_RATE, overlap: 0 };
      }
    } finally {
      // Stopped after the first chunk: the rest of the sentence is not made.
      if (!finished) start.cancel();
    }
  }

  catchUp(): void {
    finishHeldSentences();
  }

  async close(): Promise<void> {}
}

export const createEngine: EngineFactory = async () => {
  await warmUpFlite();
  return new FliteEngine();
};
