import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { runFlite } from '../../../src/generator/flite/flite-wasi.ts';
import type { FliteVoiceName } from '../../../src/generator/flite/flite-wasi.ts';
import { hifiganVocoder } from '../../../src/generator/neural/hifigan-vocoder.ts';
import type { Vocode } from '../../../src/generator/neural/hifigan-vocoder.ts';
import { RECOMMENDED_NEURAL_CHUNK_PLAN } from '../../../src/generator/neural/index.ts';
import { createLogMelAnalyzer } from '../../../src/generator/neural/log-mel-spectrogram.ts';
import { createPolyphaseResampler } from '../../../src/generator/neural/polyphase-resampler.ts';
import { progressiveResample } from '../../../src/generator/neural/progressive-signal.ts';
import { streamVocoded } from '../../../src/generator/neural/stream-vocoded.ts';
import { createOnnxSession } from '../../../src/generator/onnx-session.ts';
import { EVERYDAY_SENTENCES } from './helpers/everyday-sentences.ts';
import { MODELS_DIR, engineOptions } from './helpers/fixtures.ts';
import { joinChunks } from './helpers/join-chunks.ts';
import { transcribe, wordErrorRate } from '../../helpers/speech-recognition.ts';

/**
 * The int8 copy of the vocoder (models/hifigan/PROVENANCE.md) against the fp32 one on real flite speech, through the
 * engine's streaming path. Measured over 14 sentences (slt / rms), ONNX Runtime 1.30 on an AVX512-VNNI x86 CPU:
 * log-mel distance to fp32 0.094-0.111 / 0.126-0.142 on loud frames, 0.113-0.125 / 0.139-0.153 on all frames
 * (a different voice saying the same text is 1.78 / 1.73 away); SNR against fp32 17.7-22.4 / 11.0-13.9 dB (the
 * vocoder invents phase, so small changes upstream shift it: the waveform moves more than the spectrum);
 * distance to the flite input within 2 % of fp32's. The bounds leave room for other CPUs' integer kernels (u8s8 without
 * VNNI saturates differently), and fail for a copy with every layer quantised (0.74 loud-frame distance, 10 dB SNR on
 * the first slt sentence) and for one that also quantises the 128x stage (all-frame distance: a noise floor).
 */
const FP32 = join(MODELS_DIR, 'hifigan/hifigan_v2_ljspeech.onnx');
const INT8 = join(MODELS_DIR, 'hifigan/hifigan_v2_ljspeech.int8.onnx');

const analyzer = createLogMelAnalyzer();
const resampler = createPolyphaseResampler(16000, analyzer.config.sampleRate);
const releases: (() => Promise<void>)[] = [];
let fp32: Vocode;
let int8: Vocode;

after(() => Promise.all(releases.map((release) => release())));

before(async () => {
  const open = async (path: string): Promise<Vocode> => {
    const { session } = await createOnnxSession(path, engineOptions());
    releases.push(() => session.release());
    return hifiganVocoder(session);
  };
  fp32 = await open(FP32);
  int8 = await open(INT8);
});

interface Vocoded {
  readonly input: Float32Array;
  readonly fp32: Float32Array;
  readonly int8: Float32Array;
}

async function vocodeBoth(text: string, voice: FliteVoiceName): Promise<Vocoded> {
  const flite = await runFlite(text, { voice });
  const run = async (vocode: Vocode): Promise<Float32Array> => {
    const chunks = [];
    const audio = progressiveResample(flite.samples, resampler);
    for await (const chunk of streamVocoded(audio, analyzer, vocode, RECOMMENDED_NEURAL_CHUNK_PLAN, new AbortController().signal)) {
      chunks.push(chunk);
    }
    return joinChunks(chunks);
  };
  return { input: resampler.resample(flite.samples), fp32: await run(fp32), int8: await run(int8) };
}

/**
 * Mean absolute difference of the natural-log mels of two signals (over their common length), over all frames and
 * over the reference's loud half (frames whose mean log-mel is at least the median): quiet frames sit near the
 * 1e-5 clamp, where a faint noise floor moves the log a lot without being heard.
 */
function logMelDistance(reference: Float32Array, other: Float32Array): { all: number; loud: number } {
  const length = Math.min(reference.length, other.length);
  const frames = analyzer.frameCount(length);
  const bands = analyzer.config.melBands;
  const a = analyzer.compute(reference.subarray(0, length), 0, frames);
  const b = analyzer.compute(other.subarray(0, length), 0, frames);
  const frameMean = (t: number): number => {
    let sum = 0;
    for (let m = 0; m < bands; m++) sum += a[m * frames + t];
    return sum / bands;
  };
  const means = Array.from({ length: frames }, (_, t) => frameMean(t));
  const median = [...means].sort((x, y) => x - y)[frames >> 1];
  let all = 0;
  let loud = 0;
  let loudFrames = 0;
  for (let t = 0; t < frames; t++) {
    let sum = 0;
    for (let m = 0; m < bands; m++) sum += Math.abs(a[m * frames + t] - b[m * frames + t]);
    all += sum / bands;
    if (means[t] >= median) {
      loud += sum / bands;
      loudFrames++;
    }
  }
  return { all: all / frames, loud: loud / loudFrames };
}

function snrDb(reference: Float32Array, other: Float32Array): number {
  let signal = 0;
  let error = 0;
  for (let i = 0; i < Math.min(reference.length, other.length); i++) {
    signal += reference[i] ** 2;
    error += (other[i] - reference[i]) ** 2;
  }
  return 10 * Math.log10(signal / error);
}

const hasPocketsphinx = (): boolean => {
  try {
    execFileSync('which', ['pocketsphinx_continuous'], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
};

test('the int8 file is a quantised graph with polyphase upsamplers, smaller than the fp32 one', () => {
  const bytes = readFileSync(INT8);
  assert.ok(bytes.includes('DequantizeLinear'), 'no DequantizeLinear node: not a QDQ-quantised model');
  assert.ok(bytes.length < readFileSync(FP32).length * 0.6, `int8 file is ${bytes.length} bytes`);
  // The upsamplers are polyphase Convs (tools/quantise_int8.py): onnxruntime's CPU ConvTranspose was 2-4x slower.
  assert.ok(!bytes.includes('ConvTranspose'), 'the int8 file still has ConvTranspose upsamplers');
});

const cases: { voice: FliteVoiceName; sentences: string[]; maxLoud: number; maxAll: number; minSnr: number }[] = [
  { voice: 'slt', sentences: [EVERYDAY_SENTENCES[0], EVERYDAY_SENTENCES[6], EVERYDAY_SENTENCES[9]], maxLoud: 0.2, maxAll: 0.25, minSnr: 12 },
  { voice: 'rms', sentences: [EVERYDAY_SENTENCES[3]], maxLoud: 0.25, maxAll: 0.3, minSnr: 7 },
];

for (const { voice, sentences, maxLoud, maxAll, minSnr } of cases) {
  test(`int8 vocoder stays close to fp32 on flite ${voice} speech`, async (t) => {
    let toSourceFp32 = 0;
    let toSourceInt8 = 0;
    for (const text of sentences) {
      const out = await vocodeBoth(text, voice);
      assert.equal(out.int8.length, out.fp32.length);
      const distance = logMelDistance(out.fp32, out.int8);
      const snr = snrDb(out.fp32, out.int8);
      t.diagnostic(`"${text}": log-mel distance ${distance.loud.toFixed(3)} loud / ${distance.all.toFixed(3)} all, SNR ${snr.toFixed(1)} dB`);
      assert.ok(distance.loud < maxLoud, `loud-frame log-mel distance ${distance.loud}`);
      assert.ok(distance.all < maxAll, `all-frame log-mel distance ${distance.all}`);
      assert.ok(snr > minSnr, `SNR against fp32 ${snr} dB`);
      toSourceFp32 += logMelDistance(out.input, out.fp32).loud;
      toSourceInt8 += logMelDistance(out.input, out.int8).loud;
    }
    // Quantisation must not take the voice further from what flite said than the vocoder itself does.
    t.diagnostic(`loud-frame distance to the flite input: fp32 ${(toSourceFp32 / sentences.length).toFixed(3)}, int8 ${(toSourceInt8 / sentences.length).toFixed(3)}`);
    assert.ok(toSourceInt8 < toSourceFp32 * 1.1, `int8 ${toSourceInt8} vs fp32 ${toSourceFp32}`);
  });
}

test('int8 vocoder is as intelligible as the fp32 bound: pocketsphinx mean WER < 0.4', async (t) => {
  if (!hasPocketsphinx()) {
    t.skip('pocketsphinx_continuous is not installed');
    return;
  }
  // The sentences and bound of intelligibility.test.ts (fp32 neural:slt).
  const sentences = [EVERYDAY_SENTENCES[0], EVERYDAY_SENTENCES[6], EVERYDAY_SENTENCES[9]];
  let total = 0;
  for (const text of sentences) {
    const { int8: audio } = await vocodeBoth(text, 'slt');
    const heard = await transcribe(audio, analyzer.config.sampleRate);
    const wer = wordErrorRate(text, heard);
    t.diagnostic(`WER ${wer.toFixed(2)}: "${text}" -> "${heard}"`);
    total += wer;
  }
  assert.ok(total / sentences.length < 0.4, `mean word error rate ${total / sentences.length}`);
});
