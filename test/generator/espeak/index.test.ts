import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { AudioChunk } from '../../../src/audio/audio-chunk.ts';
import { SpeechError } from '../../../src/generator/speech-request.ts';
import type { ChunkPlan, EngineRequest, VoiceEngine } from '../../../src/generator/voice-engine.ts';
import { ESPEAK_FRAME_SAMPLES, ESPEAK_SAMPLE_RATE, createEngine } from '../../../src/generator/espeak/index.ts';
import { concatSamples } from '../../../src/audio/concat-samples.ts';
import { medianPitchHz, rms } from '../../audio/helpers/analysis.ts';

const plan: ChunkPlan = { firstChunkFrames: 12, chunkFrames: 64, contextFrames: 16, overlapSeconds: 0.01 };
const fox = 'The quick brown fox jumps over the lazy dog.';

function request(voiceName: string, text: string, extra: Partial<EngineRequest> = {}): EngineRequest {
  return { text, voice: `espeak:${voiceName}`, voiceName, chunkPlan: plan, ...extra };
}

async function collect(engine: VoiceEngine, req: EngineRequest, signal = new AbortController().signal): Promise<AudioChunk[]> {
  const chunks: AudioChunk[] = [];
  for await (const chunk of engine.synthesize(req, signal)) chunks.push(chunk);
  return chunks;
}

function join(chunks: readonly AudioChunk[]): Float32Array {
  return concatSamples(chunks.map((c) => c.samples));
}

function assertSpeechError(code: string): (error: unknown) => boolean {
  return (error) => {
    assert.ok(error instanceof SpeechError, `expected SpeechError, got ${String(error)}`);
    assert.equal(error.code, code);
    return true;
  };
}

describe('espeak engine', () => {
  let engine: VoiceEngine;
  before(async () => {
    engine = await createEngine({ modelsDir: 'models', executionProviders: ['cpu'], intraOpThreads: 1, log: () => {} });
  });
  after(async () => engine.close());

  it('lists 100+ languages as espeak:<code>, the common ones included', async () => {
    const voices = await engine.listVoices();
    assert.ok(voices.length >= 100, `${voices.length} voices`);
    const ids = new Set(voices.map((v) => v.id));
    assert.equal(ids.size, voices.length, 'ids are unique');
    for (const id of ['espeak:en-us', 'espeak:en', 'espeak:de', 'espeak:fr', 'espeak:es', 'espeak:ru', 'espeak:cmn']) {
      assert.ok(ids.has(id), id);
    }
    const us = voices.find((v) => v.id === 'espeak:en-us');
    assert.equal(us?.language, 'en-US');
    assert.equal(us?.sampleRate, ESPEAK_SAMPLE_RATE);
    assert.ok(voices.every((v) => v.engine === 'espeak' && v.installed && v.license === 'GPL-3.0-or-later'));
  });

  it('speaks English: a small first chunk, contiguous later chunks, sensible length and level', async () => {
    const chunks = await collect(engine, request('en-us', fox));
    assert.ok(chunks.length >= 3);
    assert.equal(chunks[0].samples.length, plan.firstChunkFrames * ESPEAK_FRAME_SAMPLES);
    for (const chunk of chunks.slice(1, -1)) assert.equal(chunk.samples.length, plan.chunkFrames * ESPEAK_FRAME_SAMPLES);
    assert.ok(chunks.every((c) => c.overlap === 0 && c.sampleRate === ESPEAK_SAMPLE_RATE));
    const audio = join(chunks);
    const seconds = audio.length / ESPEAK_SAMPLE_RATE;
    // 9 words at espeak's 175 words per minute is ~3 s; allow a wide band around it.
    assert.ok(seconds > 1.8 && seconds < 5, `${seconds.toFixed(2)} s`);
    assert.ok(rms(audio) > 0.02, `rms ${rms(audio)}`);
    assert.ok(audio.every((s) => s >= -1 && s <= 1));
    const pitch = medianPitchHz(audio, ESPEAK_SAMPLE_RATE);
    assert.ok(pitch > 70 && pitch < 200, `male default voice pitch ${pitch.toFixed(0)} Hz`);
  });

  it('speaks German, and longer text takes proportionally longer', async () => {
    const short = join(await collect(engine, request('de', 'Guten Tag, wie geht es Ihnen?')));
    const long = join(await collect(engine, request('de', 'Guten Tag, wie geht es Ihnen? Guten Tag, wie geht es Ihnen?')));
    assert.ok(rms(short) > 0.02, `rms ${rms(short)}`);
    const ratio = long.length / short.length;
    assert.ok(ratio > 1.6 && ratio < 2.4, `ratio ${ratio.toFixed(2)}`);
  });

  it('maps speed to espeak-ng rate: twice as fast is about half as long', async () => {
    const normal = join(await collect(engine, request('en-us', fox, { speed: 1 }))).length;
    const fast = join(await collect(engine, request('en-us', fox, { speed: 2 }))).length;
    const slow = join(await collect(engine, request('en-us', fox, { speed: 0.5 }))).length;
    assert.ok(fast / normal > 0.3 && fast / normal < 0.7, `fast ${(fast / normal).toFixed(2)}`);
    assert.ok(slow / normal > 1.5 && slow / normal < 2.6, `slow ${(slow / normal).toFixed(2)}`);
  });

  it('is deterministic from call to call', async () => {
    const a = join(await collect(engine, request('en-us', 'Hello again.')));
    await collect(engine, request('fr', 'Bonjour.'));
    const b = join(await collect(engine, request('en-us', 'Hello again.')));
    assert.deepEqual(a, b);
  });

  it('speaks a voice variant at a higher pitch (f3 is female)', async () => {
    const male = medianPitchHz(join(await collect(engine, request('en-us', fox))), ESPEAK_SAMPLE_RATE);
    const female = medianPitchHz(join(await collect(engine, request('en-us+f3', fox))), ESPEAK_SAMPLE_RATE);
    assert.ok(female > male * 1.3, `female ${female.toFixed(0)} Hz vs male ${male.toFixed(0)} Hz`);
  });

  it('accepts the language in any case', async () => {
    const chunks = await collect(engine, request('EN-US', 'Hi.'));
    assert.ok(chunks.length > 0);
  });

  it('rejects unknown voices and variants with unknown-voice', async () => {
    await assert.rejects(collect(engine, request('xx-nope', 'hi')), assertSpeechError('unknown-voice'));
    await assert.rejects(collect(engine, request('en-us+nobody', 'hi')), assertSpeechError('unknown-voice'));
    await assert.rejects(collect(engine, request('', 'hi')), assertSpeechError('unknown-voice'));
  });

  it('rejects speeds outside 0.5..2.5 with invalid-parameter', async () => {
    for (const speed of [0.1, 0.49, 2.6, 10, Number.NaN, Number.POSITIVE_INFINITY]) {
      await assert.rejects(collect(engine, request('en-us', 'hi', { speed })), assertSpeechError('invalid-parameter'));
    }
  });

  it('rejects empty text', async () => {
    await assert.rejects(collect(engine, request('en-us', '  \n ')), assertSpeechError('empty-text'));
  });

  it('stops when aborted: before starting and between chunks', async () => {
    const aborted = new AbortController();
    aborted.abort();
    await assert.rejects(collect(engine, request('en-us', fox), aborted.signal), assertSpeechError('aborted'));

    const controller = new AbortController();
    let received = 0;
    await assert.rejects(
      (async () => {
        for await (const _chunk of engine.synthesize(request('en-us', fox), controller.signal)) {
          received++;
          controller.abort();
        }
      })(),
      assertSpeechError('aborted'),
    );
    assert.equal(received, 1);
  });
});
