import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { AudioChunk } from '../../../src/audio/audio-chunk.ts';
import { createEngine, vocoderPath } from '../../../src/generator/neural/index.ts';
import { createLogMelAnalyzer } from '../../../src/generator/neural/log-mel-spectrogram.ts';
import { SpeechError } from '../../../src/generator/speech-request.ts';
import type { EngineRequest, VoiceEngine } from '../../../src/generator/voice-engine.ts';
import { medianPitchHz, peak, rms } from '../../audio/helpers/analysis.ts';
import { STREAMING_PLAN, engineOptions, fliteSpeech22k } from './helpers/fixtures.ts';
import { joinChunks } from './helpers/join-chunks.ts';

let engine: VoiceEngine;
before(async () => {
  engine = await createEngine(engineOptions());
});
after(() => engine.close());

const request = (overrides: Partial<EngineRequest> = {}): EngineRequest => ({
  text: 'Thank you very much for your help with the project.',
  voice: 'neural:slt',
  voiceName: 'slt',
  chunkPlan: STREAMING_PLAN,
  ...overrides,
});

async function collect(iterable: AsyncIterable<AudioChunk>, signal?: AbortController): Promise<AudioChunk[]> {
  const chunks: AudioChunk[] = [];
  for await (const chunk of iterable) {
    chunks.push(chunk);
    signal?.abort();
  }
  return chunks;
}

const isSpeechError = (code: string) => (error: unknown) => error instanceof SpeechError && error.code === code;

test('lists neural:slt (installed, 22050 Hz) among its voices', async () => {
  const voices = await engine.listVoices();
  const slt = voices.find((v) => v.id === 'neural:slt');
  assert.ok(slt);
  assert.equal(slt.installed, true);
  assert.equal(slt.sampleRate, 22050);
  assert.equal(slt.engine, 'neural');
  assert.ok(voices.every((v) => v.id.startsWith('neural:')));
});

test('neural:slt speaks a sentence: sensible duration, level, female pitch, silence at the edges', async () => {
  const chunks = await collect(engine.synthesize(request(), new AbortController().signal));
  assert.ok(chunks.length >= 3, `${chunks.length} chunks`);
  assert.equal(chunks[0].overlap, 0);
  assert.ok(chunks[0].samples.length < 0.2 * 22050, 'first chunk is small');
  const audio = joinChunks(chunks);
  const seconds = audio.length / 22050;
  assert.ok(seconds > 1.8 && seconds < 5, `${seconds} s for a 9-word sentence`);
  assert.ok(peak(audio) > 0.2 && peak(audio) <= 1, `peak ${peak(audio)}`);
  assert.ok(rms(audio) > 0.02, `rms ${rms(audio)}`);
  const pitch = medianPitchHz(audio, 22050);
  assert.ok(pitch > 140 && pitch < 300, `median pitch ${pitch} Hz`);
  // flite pads the sentence with silence; the vocoder must not turn it into noise
  assert.ok(rms(audio, 0, 1000) < 0.01, `lead-in ${rms(audio, 0, 1000)}`);
});

test('copy synthesis: the output has nearly the same log-mel as the flite speech it re-voices', async () => {
  const text = 'We should paint the fence before the end of the summer.';
  const source = await fliteSpeech22k(text);
  const audio = joinChunks(await collect(engine.synthesize(request({ text }), new AbortController().signal)));
  const analyzer = createLogMelAnalyzer();
  const frames = analyzer.frameCount(audio.length);
  const want = analyzer.compute(source, 0, frames);
  const got = analyzer.compute(audio, 0, frames);
  let distance = 0;
  let counted = 0;
  for (let i = 0; i < want.length; i++) {
    if (want[i] > Math.log(1e-3)) {
      distance += Math.abs(got[i] - want[i]);
      counted++;
    }
  }
  // Measured ~0.5 nat; a mel off by a constant factor e (+1 nat) measures ~0.96, a log10 mel ~2.6.
  assert.ok(distance / counted < 0.75, `mean log-mel distance ${distance / counted}`);
});

test('speed 2 gives roughly half the duration of speed 1', async () => {
  const normal = joinChunks(await collect(engine.synthesize(request(), new AbortController().signal)));
  const fast = joinChunks(await collect(engine.synthesize(request({ speed: 2 }), new AbortController().signal)));
  const ratio = fast.length / normal.length;
  assert.ok(ratio > 0.4 && ratio < 0.7, `duration ratio ${ratio}`);
});

test('bad requests fail with a friendly SpeechError before any audio', async () => {
  const signal = new AbortController().signal;
  for (const speed of [0.2, 3, Number.NaN, Infinity]) {
    await assert.rejects(collect(engine.synthesize(request({ speed }), signal)), (error: unknown) => {
      assert.ok(error instanceof SpeechError && error.code === 'invalid-parameter');
      assert.match(error.message, /0\.5 to 2\.5/);
      return true;
    });
  }
  await assert.rejects(collect(engine.synthesize(request({ voiceName: 'nobody' }), signal)), isSpeechError('unknown-voice'));
  await assert.rejects(collect(engine.synthesize(request({ text: '   ' }), signal)), isSpeechError('empty-text'));
});

test('abort after the first chunk stops the sentence', async () => {
  const controller = new AbortController();
  const received: AudioChunk[] = [];
  await assert.rejects(
    (async () => {
      for await (const chunk of engine.synthesize(request(), controller.signal)) {
        received.push(chunk);
        controller.abort();
      }
    })(),
    isSpeechError('aborted'),
  );
  assert.equal(received.length, 1);
  await assert.rejects(collect(engine.synthesize(request(), controller.signal)), isSpeechError('aborted'));
});

test('without the vocoder file the voices are listed as not installed and requests say what is missing', async () => {
  const empty = await mkdtemp(join(tmpdir(), 'no-models-'));
  try {
    const bare = await createEngine(engineOptions(empty));
    const voices = await bare.listVoices();
    assert.ok(voices.length > 0 && voices.every((v) => !v.installed));
    await assert.rejects(collect(bare.synthesize(request(), new AbortController().signal)), (error: unknown) => {
      assert.ok(error instanceof SpeechError && error.code === 'voice-not-installed');
      assert.match(error.message, /hifigan_v2_ljspeech\.onnx/);
      return true;
    });
    await bare.close();
  } finally {
    await rm(empty, { recursive: true, force: true });
  }
});

test('at the start of an utterance the opening pause is not vocoded: speech is in the first chunk, 30 ms lead', async () => {
  const render = async (leadingSilenceSeconds?: number): Promise<AudioChunk[]> => {
    const chunks: AudioChunk[] = [];
    const request = { text: 'Hello there.', voice: 'neural:slt', voiceName: 'slt', chunkPlan: STREAMING_PLAN };
    for await (const chunk of engine.synthesize(
      leadingSilenceSeconds === undefined ? request : { ...request, leadingSilenceSeconds },
      new AbortController().signal,
    )) {
      chunks.push(chunk);
    }
    return chunks;
  };
  const onsetSeconds = (samples: Float32Array, rate: number): number => {
    let i = 0;
    while (i < samples.length && Math.abs(samples[i]) < 0.01) i++;
    return i / rate;
  };
  const whole = joinChunks(await render());
  const trimmedChunks = await render(0.03);
  const trimmed = joinChunks(trimmedChunks);
  const rate = trimmedChunks[0].sampleRate;
  assert.ok(onsetSeconds(whole, rate) > 0.15, `flite's own opening pause: ${onsetSeconds(whole, rate).toFixed(3)} s`);
  assert.ok(onsetSeconds(trimmed, rate) <= 0.045, `onset after trimming: ${onsetSeconds(trimmed, rate).toFixed(3)} s`);
  assert.ok(onsetSeconds(trimmedChunks[0].samples, rate) < trimmedChunks[0].samples.length / rate, 'the first chunk holds sound');
  const saved = (whole.length - trimmed.length) / rate;
  assert.ok(saved > 0.12 && saved < 0.3, `${saved.toFixed(3)} s less audio vocoded`);
});

test('the vocoder file: int8 on the CPU by default, fp32 when CUDA comes first or when asked', () => {
  const base = { modelsDir: 'models', executionProviders: ['cpu'] as const };
  assert.match(vocoderPath(base), /hifigan_v2_ljspeech\.int8\.onnx$/);
  assert.match(vocoderPath({ ...base, neuralVocoder: 'fp32' }), /hifigan_v2_ljspeech\.onnx$/);
  assert.match(vocoderPath({ ...base, executionProviders: ['cuda', 'cpu'] }), /hifigan_v2_ljspeech\.onnx$/);
  assert.match(vocoderPath({ ...base, executionProviders: ['cuda', 'cpu'], neuralVocoder: 'int8' }), /\.int8\.onnx$/);
});
