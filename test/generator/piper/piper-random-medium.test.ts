/**
 * Piper's real "medium" graph (random weights, see ../shared/models/piper-random-medium/README.txt): loading, id
 * input, and decoder-chunk streaming against the full model. Its output is noise, so only shapes, lengths and
 * chunked-vs-full equality are judged here, never how it sounds.
 */
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdir, mkdtemp, rm, symlink } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { AudioChunk } from '../../../src/audio/audio-chunk.ts';
import type { ChunkPlan, EngineRequest, VoiceEngine } from '../../../src/generator/voice-engine.ts';
import { createPiperEngine } from '../../../src/generator/piper/index.ts';
import { joinDroppingOverlap, peak } from './audio-checks.ts';
import { sharedModel, skipUnless } from '../../helpers/test-requirements.ts';

const SHARED = new URL('../../../../shared/models/piper-random-medium/', import.meta.url).pathname;
const SOURCE = 'en_US-random-medium';
const skip = skipUnless(sharedModel('piper-random-medium'));
/** 'The quick brown fox.' as espeak-ng en-us writes it: short, to keep the CPU time of this test small. */
const FOX_IPA = 'ðə kwˈɪk bɹˈaʊn fˈɑːks.';
/** Small later chunks so even this short sentence crosses several joins. */
const PLAN: ChunkPlan = { firstChunkFrames: 12, chunkFrames: 24, contextFrames: 16, overlapSeconds: 0.01 };

let modelsDir: string;
let engine: VoiceEngine;

async function linkVoice(name: string, suffixes: string[]): Promise<void> {
  const dir = join(modelsDir, 'voices', 'piper', name);
  await mkdir(dir, { recursive: true });
  for (const suffix of suffixes) await symlink(join(SHARED, `${SOURCE}${suffix}`), join(dir, `${name}${suffix}`));
}

before(async () => {
  if (skip) return;
  modelsDir = await mkdtemp(join(tmpdir(), 'piper-random-'));
  // One voice with the streaming split (the full model beside it is ignored), one with the full model only.
  await linkVoice('en_US-random-medium', ['.onnx', '.onnx.json', '.encoder.onnx', '.decoder.onnx']);
  await linkVoice('en_US-randomfull-medium', ['.onnx', '.onnx.json']);
  engine = await createPiperEngine(
    { modelsDir, executionProviders: ['cpu'], intraOpThreads: 2, log: () => {} },
    { loadPhonemizer: async () => ({ phonemize: async () => [FOX_IPA] }) },
  );
});

after(async () => {
  if (skip) return;
  await engine.close();
  await rm(modelsDir, { recursive: true, force: true });
});

async function collect(voiceName: string, extra: Partial<EngineRequest> = {}): Promise<AudioChunk[]> {
  const chunks: AudioChunk[] = [];
  const request: EngineRequest = { text: 'fox', voice: `piper:${voiceName}`, voiceName, chunkPlan: PLAN, ...extra };
  for await (const chunk of engine.synthesize(request, new AbortController().signal)) chunks.push(chunk);
  return chunks;
}

test('the real graph loads from symlinked voice folders and is listed with its config', { skip }, async () => {
  const voices = await engine.listVoices();
  assert.deepEqual(voices.map((v) => [v.id, v.sampleRate, v.language]), [
    ['piper:en_US-random-medium', 22050, 'en-US'],
    ['piper:en_US-randomfull-medium', 22050, 'en-US'],
  ]);
});

test('decoder-chunked output equals the full model with scales [0, 1, 0] (within 1e-3 away from joins)', { skip }, async (t) => {
  const deterministic = { noiseScale: 0, noiseWidth: 0, speed: 1 };
  const [full, ...more] = await collect('en_US-randomfull-medium', deterministic);
  assert.equal(more.length, 0);
  assert.equal(full.samples.length % 256, 0, 'whole 256-sample frames');
  // Quiet noise, not silence and not exploding.
  assert.ok(peak(full.samples) > 1e-4 && peak(full.samples) < 1);

  const chunks = await collect('en_US-random-medium', deterministic);
  assert.ok(chunks.length >= 3, `expected several chunks, got ${chunks.length}`);
  assert.equal(chunks[0].samples.length, PLAN.firstChunkFrames * 256);
  for (const chunk of chunks.slice(1)) assert.equal(chunk.overlap, Math.round(0.01 * 22050));
  const joined = joinDroppingOverlap(chunks);
  assert.equal(joined.length, full.samples.length);

  // Away from the joins (the crossfade regions, where the pipeline blends anyway) the chunked audio is the full audio.
  const joins: number[] = [];
  let offset = 0;
  for (const chunk of chunks) {
    joins.push(offset);
    offset += chunk.samples.length - chunk.overlap;
  }
  const guard = 256;
  let worst = 0;
  for (let i = 0; i < joined.length; i++) {
    if (joins.some((j) => j > 0 && Math.abs(i - j) < guard)) continue;
    worst = Math.max(worst, Math.abs(joined[i] - full.samples[i]));
  }
  t.diagnostic(`chunks ${chunks.length}, max |chunked - full| away from joins ${worst.toExponential(2)}, peak ${peak(full.samples).toFixed(4)}`);
  assert.ok(worst < 1e-3, `max difference ${worst}`);
  // The overlap samples are the same stretch of time as the previous chunk's tail.
  const overlap = chunks[1].overlap;
  const tail = chunks[0].samples.subarray(chunks[0].samples.length - overlap);
  let overlapWorst = 0;
  for (let i = 0; i < overlap; i++) overlapWorst = Math.max(overlapWorst, Math.abs(tail[i] - chunks[1].samples[i]));
  t.diagnostic(`max difference inside the first overlap ${overlapWorst.toExponential(2)}`);
  assert.ok(overlapWorst < 1e-3, `overlap difference ${overlapWorst}`);
});

test('speed shortens the real model output (length_scale / speed)', { skip }, async () => {
  const deterministic = { noiseScale: 0, noiseWidth: 0 };
  const [normal] = await collect('en_US-randomfull-medium', { ...deterministic, speed: 1 });
  const [fast] = await collect('en_US-randomfull-medium', { ...deterministic, speed: 2 });
  const ratio = fast.samples.length / normal.samples.length;
  // Durations are ceil()ed per phoneme, so allow some slack around one half.
  assert.ok(ratio > 0.4 && ratio < 0.65, `ratio ${ratio}`);
});
