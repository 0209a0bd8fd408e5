/**
 * Piper inference conformance: the project's Piper output for given phoneme ids and scales equals the output of
 * Piper's reference program (rhasspy/piper src/python_run/piper/voice.py, onnxruntime in Python) for the same graph,
 * both from the full model in one call and streamed through the encoder/decoder split in the project's decoder
 * windows. The reference outputs are committed fixtures made by reference/piper_voice_reference.py (the command is in
 * reference/inference/README.md): Python and its onnxruntime are not needed to run this test.
 *
 * Noise is disabled (noise_scale = noise_w = 0): the graph draws its noise inside (RandomNormalLike, no seed input),
 * and onnxruntime's Python and Node builds draw different sequences, so only the noiseless path can match.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { readFile } from 'node:fs/promises';
import type { AudioChunk } from '../../../src/audio/audio-chunk.ts';
import { loadEspeakPhonemizer } from '../../../src/generator/ipa-phonemizer.ts';
import { RECOMMENDED_PIPER_CHUNK_PLAN } from '../../../src/generator/piper/index.ts';
import { espeakSentencesToIds, PIPER_CLAUSES } from '../../../src/generator/piper/phoneme-ids.ts';
import type { PiperScales } from '../../../src/generator/piper/piper-parameters.ts';
import { PiperModel } from '../../../src/generator/piper/piper-model.ts';
import { loadPiperVoiceConfig } from '../../../src/generator/piper/piper-voice-config.ts';
import type { ChunkPlan } from '../../../src/generator/voice-engine.ts';
import { sharedModel, sharedModelsDir, skipUnless } from '../../helpers/test-requirements.ts';
import { joinDroppingOverlap, maxAbsDifference } from './audio-checks.ts';

const VOICE_DIR = `${sharedModelsDir}/piper-random-medium`;
const NAME = 'en_US-random-medium';
const FIXTURES = new URL('reference/inference/', import.meta.url);
const skip = skipUnless(sharedModel('piper-random-medium'));

/**
 * Same graph, same onnxruntime version and CPU kernels: only the order of float additions may differ (threads), so
 * the outputs agree to float32 rounding. The voice's output peaks near 0.013; 1e-6 is below a 16-bit step (3e-5).
 */
const WHOLE_TOLERANCE = 1e-6;
/**
 * Streamed windows see 16 frames of context each side, not the whole sentence, so their edges could differ; with
 * this graph they differ by about 1e-8 (measured), far below a 16-bit step.
 */
const WINDOW_TOLERANCE = 1e-6;

interface ReferenceCase {
  readonly name: string;
  readonly text: string;
  readonly scales: PiperScales;
  readonly ids: readonly number[];
}

interface Manifest {
  readonly onnxruntime: string;
  readonly model_sha256: string;
  readonly cases_sha256: string;
  readonly outputs: readonly { name: string; file: string; samples: number; sha256: string }[];
}

async function sha256(path: string | URL): Promise<string> {
  const hash = createHash('sha256');
  for await (const block of createReadStream(path)) hash.update(block as Buffer);
  return hash.digest('hex');
}

async function referenceAudio(file: string): Promise<Float32Array> {
  const bytes = await readFile(new URL(file, FIXTURES));
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  return Float32Array.from({ length: bytes.byteLength / 4 }, (_, i) => view.getFloat32(i * 4, true));
}

async function synthesize(model: PiperModel, input: ReferenceCase, plan: ChunkPlan): Promise<AudioChunk[]> {
  const chunks: AudioChunk[] = [];
  const signal = new AbortController().signal;
  for await (const chunk of model.synthesize({ ids: input.ids, scales: input.scales, speakerId: 0 }, plan, signal)) {
    chunks.push(chunk);
  }
  return chunks;
}

/** Small windows that do not grow, so even short sentences cross many joins. */
const SMALL_WINDOWS: ChunkPlan = { firstChunkFrames: 12, chunkFrames: 24, contextFrames: 16, overlapSeconds: 0.01 };

test('Piper output equals Piper\'s voice.py (onnxruntime, Python) for the same ids and scales, whole and in decoder windows', { skip }, async (t) => {
  const manifest = JSON.parse(await readFile(new URL('manifest.json', FIXTURES), 'utf8')) as Manifest;
  const { cases } = JSON.parse(await readFile(new URL('cases.json', FIXTURES), 'utf8')) as { cases: ReferenceCase[] };
  // The fixtures belong to this model and these cases.
  assert.equal(await sha256(`${VOICE_DIR}/${NAME}.onnx`), manifest.model_sha256, 'fixtures were made from another model');
  assert.equal(await sha256(new URL('cases.json', FIXTURES)), manifest.cases_sha256, 'cases.json changed since the fixtures were made');

  const config = await loadPiperVoiceConfig(`${VOICE_DIR}/${NAME}.onnx.json`);
  const options = { executionProviders: ['cpu'] as const, intraOpThreads: 2, log: () => {} };
  const base = { name: NAME, dir: VOICE_DIR, config: `${VOICE_DIR}/${NAME}.onnx.json` };
  const full = await PiperModel.load({ ...base, model: `${VOICE_DIR}/${NAME}.onnx` }, config.sampleRate, options);
  const split = await PiperModel.load(
    { ...base, encoder: `${VOICE_DIR}/${NAME}.encoder.onnx`, decoder: `${VOICE_DIR}/${NAME}.decoder.onnx` },
    config.sampleRate,
    options,
  );
  const phonemizer = await loadEspeakPhonemizer();
  try {
    assert.ok(split.streaming && !full.streaming);
    for (const input of cases) {
      await t.test(`${input.name}: ${JSON.stringify(input.text)}, scales [${input.scales.join(', ')}]`, async (t) => {
        // The case's ids (Piper's phonemiser) are also the ids the project makes for its text.
        const ours = espeakSentencesToIds(await phonemizer.phonemize(input.text, config.espeakVoice ?? 'en-us', PIPER_CLAUSES), config);
        assert.deepEqual(ours.sentences, [input.ids]);

        const output = manifest.outputs.find((o) => o.name === input.name);
        assert.ok(output, `no reference output for ${input.name}`);
        const expected = await referenceAudio(output.file);
        assert.equal(expected.length, output.samples);

        const [whole, ...more] = await synthesize(full, input, RECOMMENDED_PIPER_CHUNK_PLAN);
        assert.equal(more.length, 0);
        assert.equal(whole.samples.length, expected.length, 'same number of samples as Piper');
        const wholeError = maxAbsDifference(whole.samples, expected);
        assert.ok(wholeError <= WHOLE_TOLERANCE, `whole: max |project - Piper| = ${wholeError}`);

        const lines = [`${expected.length} samples, whole max error ${wholeError.toExponential(1)}`];
        for (const [planName, plan] of [['recommended', RECOMMENDED_PIPER_CHUNK_PLAN], ['small', SMALL_WINDOWS]] as const) {
          const chunks = await synthesize(split, input, plan);
          const joined = joinDroppingOverlap(chunks);
          assert.equal(joined.length, expected.length, `${planName} windows: same number of samples as Piper`);
          const error = maxAbsDifference(joined, expected);
          assert.ok(error <= WINDOW_TOLERANCE, `${planName} windows: max |project - Piper| = ${error}`);
          lines.push(`${planName} windows: ${chunks.length} chunks, max error ${error.toExponential(1)}`);
        }
        t.diagnostic(lines.join('; '));
      });
    }
  } finally {
    phonemizer.close?.();
    await Promise.all([full.release(), split.release()]);
  }
});
