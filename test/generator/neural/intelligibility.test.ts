import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import type { AudioChunk } from '../../../src/audio/audio-chunk.ts';
import { createEngine } from '../../../src/generator/neural/index.ts';
import type { VoiceEngine } from '../../../src/generator/voice-engine.ts';
import { EVERYDAY_SENTENCES } from './helpers/everyday-sentences.ts';
import { STREAMING_PLAN, engineOptions } from './helpers/fixtures.ts';
import { joinChunks } from './helpers/join-chunks.ts';
import { transcribe, wordErrorRate } from '../../helpers/speech-recognition.ts';
import { pocketsphinx, skipUnless } from '../../helpers/test-requirements.ts';

let engine: VoiceEngine;
before(async () => {
  engine = await createEngine(engineOptions());
});
after(() => engine.close());

test('word error rate helper counts substitutions, insertions and deletions', () => {
  assert.equal(wordErrorRate('the cat sat', 'the cat sat'), 0);
  assert.equal(wordErrorRate('the cat sat', 'the bat sat'), 1 / 3);
  assert.equal(wordErrorRate('the cat sat', 'the cat'), 1 / 3);
  assert.equal(wordErrorRate('the cat sat', 'a the cat sat down'), 2 / 3);
});

test('neural:slt is intelligible: pocketsphinx recovers most words (mean WER < 0.4)', { skip: skipUnless(pocketsphinx()) }, async (t) => {
  // Three of the ten measurement sentences keep this test at ~15 s; over all ten slt measured 0.22.
  const sentences = [EVERYDAY_SENTENCES[0], EVERYDAY_SENTENCES[6], EVERYDAY_SENTENCES[9]];
  let total = 0;
  for (const text of sentences) {
    const chunks: AudioChunk[] = [];
    for await (const chunk of engine.synthesize(
      { text, voice: 'neural:slt', voiceName: 'slt', chunkPlan: STREAMING_PLAN },
      new AbortController().signal,
    )) {
      chunks.push(chunk);
    }
    const heard = await transcribe(joinChunks(chunks), chunks[0].sampleRate);
    const wer = wordErrorRate(text, heard);
    t.diagnostic(`WER ${wer.toFixed(2)}: "${text}" -> "${heard}"`);
    total += wer;
  }
  const mean = total / sentences.length;
  t.diagnostic(`mean WER ${mean.toFixed(2)}`);
  assert.ok(mean < 0.4, `mean word error rate ${mean}`);
});
