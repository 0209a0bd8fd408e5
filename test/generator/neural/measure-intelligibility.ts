/**
 * Manual measurement, not a test: pocketsphinx word error rate of every flite voice, plain and re-voiced through
 * the HiFi-GAN vocoder. Decides which neural:<voice> names are offered.
 *   node test/generator/neural/measure-intelligibility.ts
 */
import ort from 'onnxruntime-node';
import { join } from 'node:path';
import { FLITE_VOICES, runFlite } from '../../../src/generator/flite/flite-wasi.ts';
import { hifiganVocoder } from '../../../src/generator/neural/hifigan-vocoder.ts';
import { createLogMelAnalyzer } from '../../../src/generator/neural/log-mel-spectrogram.ts';
import { createPolyphaseResampler } from '../../../src/generator/neural/polyphase-resampler.ts';
import { progressiveResample } from '../../../src/generator/neural/progressive-signal.ts';
import { streamVocoded } from '../../../src/generator/neural/stream-vocoded.ts';
import { joinChunks } from './helpers/join-chunks.ts';
import { transcribe, wordErrorRate } from '../../helpers/speech-recognition.ts';
import { EVERYDAY_SENTENCES } from './helpers/everyday-sentences.ts';

const session = await ort.InferenceSession.create(join(import.meta.dirname, '../../../models/hifigan/hifigan_v2_ljspeech.onnx'));
const vocode = hifiganVocoder(session);
const analyzer = createLogMelAnalyzer();
const resampler = createPolyphaseResampler(16000, 22050);
const plan = { firstChunkFrames: 12, chunkFrames: 64, contextFrames: 16, overlapSeconds: 0.01 };

for (const voice of FLITE_VOICES) {
  let plain = 0;
  let neural = 0;
  for (const sentence of EVERYDAY_SENTENCES) {
    const flite = await runFlite(sentence, { voice });
    plain += wordErrorRate(sentence, await transcribe(flite.samples, flite.sampleRate));
    const chunks = [];
    for await (const chunk of streamVocoded(progressiveResample(flite.samples, resampler), analyzer, vocode, plan, new AbortController().signal)) {
      chunks.push(chunk);
    }
    const heard = await transcribe(joinChunks(chunks), 22050);
    neural += wordErrorRate(sentence, heard);
    if (process.env.VERBOSE) console.log(voice, '|', sentence, '|', heard);
  }
  const n = EVERYDAY_SENTENCES.length;
  console.log(`${voice}: mean WER flite ${(plain / n).toFixed(2)}, flite -> HiFi-GAN ${(neural / n).toFixed(2)} (${n} sentences)`);
}
