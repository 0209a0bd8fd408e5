import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { AudioChunk } from '../../../src/audio/audio-chunk.ts';
import { turnGain, turnPauseSeconds } from '../../../src/generator/pool/turn-speech.ts';
import { SpeechError } from '../../../src/generator/speech-request.ts';
import { prepareForTest } from '../../helpers/tone-engine/text-module.ts';
import { samplesForSentence } from '../../helpers/tone-engine/tone-spec.ts';
import { collect, concat, estimateFrequency, tonePool } from './pool-test-kit.ts';

/** Runs of exact zeros (the tone voices never pause, so these are the pauses between turns): [start, end) each. */
function silentRuns(samples: Float32Array, minLength: number): [number, number][] {
  const runs: [number, number][] = [];
  let start = -1;
  for (let i = 0; i <= samples.length; i++) {
    const quiet = i < samples.length && Math.abs(samples[i]) < 1e-4;
    if (quiet && start < 0) start = i;
    if (!quiet && start >= 0) {
      if (i - start >= minLength) runs.push([start, i]);
      start = -1;
    }
  }
  return runs;
}

const spoken = (text: string, rate: number): number => prepareForTest(text).reduce((sum, s) => sum + samplesForSentence(s, rate), 0);

test('turnGain brings a voice to the first voice\'s typical loudness, and leaves unknown levels alone', () => {
  // neural:slt -19.7 LUFS, neural:rms -24.4 LUFS (src/audio/voice-loudness.ts): rms after slt is raised 4.7 dB.
  assert.ok(Math.abs(20 * Math.log10(turnGain('neural:slt', 'neural:rms')) - 4.7) < 1e-9);
  assert.ok(Math.abs(20 * Math.log10(turnGain('neural:rms', 'neural:slt')) + 4.7) < 1e-9);
  assert.equal(turnGain('neural:slt', 'neural:slt'), 1);
  assert.equal(turnGain('neural:slt', 'piper:en_US-lessac-medium'), 1);
  // kal16 (-30.7) after flite:slt (-15.1) would need 15.6 dB: capped at 12.
  assert.ok(Math.abs(20 * Math.log10(turnGain('flite:slt', 'neural:kal16')) - 12) < 1e-9);
});

for (const [first, second] of [['a440', 'a880'], ['a880', 'a440']] as const) {
  test(`two voices (${first} then ${second}) come as one stream at the first voice's rate, a short pause between them`, async () => {
    const pool = tonePool();
    try {
      const one = 'Hello there, how are you?';
      const two = 'I am fine.';
      const chunks: AudioChunk[] = await collect(pool.stream({
        text: `${one} ${two}`,
        voice: `tone:${first}`,
        turns: [{ voice: `tone:${first}`, text: one }, { voice: `tone:${second}`, text: two }],
      }));
      const rate = first === 'a440' ? 16000 : 24000;
      assert.deepEqual([...new Set(chunks.map((c) => c.sampleRate))], [rate], 'every chunk at the first voice\'s rate');
      const audio = concat(chunks);
      const pauses = silentRuns(audio, Math.round(0.05 * rate));
      assert.equal(pauses.length, 1, 'one pause, between the turns');
      const [pauseStart, pauseEnd] = pauses[0];
      const pauseMs = (1000 * (pauseEnd - pauseStart)) / rate;
      // The tone voices end without silence, so the inserted pause is the whole of it (less the next turn's lead).
      assert.ok(pauseMs > 100 && pauseMs <= 1000 * turnPauseSeconds, `pause ${pauseMs.toFixed(0)} ms`);
      const frequency = (from: number, to: number): number => estimateFrequency(audio.subarray(from, to), rate);
      const firstHz = first === 'a440' ? 440 : 880;
      const secondHz = second === 'a440' ? 440 : 880;
      assert.ok(Math.abs(frequency(0, pauseStart) - firstHz) < 2, `first turn ${frequency(0, pauseStart).toFixed(1)} Hz`);
      // The resampler's filter rings for a few samples at the edges of the resampled turn; the middle is clean.
      const margin = Math.round(0.01 * rate);
      assert.ok(Math.abs(frequency(pauseEnd + margin, audio.length - margin) - secondHz) < 2, `second turn ${frequency(pauseEnd + margin, audio.length - margin).toFixed(1)} Hz`);
      // Nothing lost or doubled: each turn as long as its voice makes it (tone voices: 20 ms per character).
      assert.ok(Math.abs(pauseStart - spoken(one, rate)) <= 2, `first turn ${pauseStart} samples`);
      assert.ok(Math.abs(audio.length - pauseEnd - spoken(two, rate)) <= 4, `second turn ${audio.length - pauseEnd} samples`);
    } finally {
      await pool.close();
    }
  });
}

test('a later turn with an unknown voice fails the request with a SpeechError naming the voice', async () => {
  const pool = tonePool();
  try {
    await assert.rejects(
      collect(pool.stream({ text: 'One. Two.', voice: 'tone:a440', turns: [{ voice: 'tone:a440', text: 'One.' }, { voice: 'tone:nope', text: 'Two.' }] })),
      (error: unknown) => error instanceof SpeechError && error.code === 'unknown-voice' && error.message.includes('tone:nope'),
    );
  } finally {
    await pool.close();
  }
});

test('aborting a multi-speaker request mid-dialogue stops it', async () => {
  const pool = tonePool();
  try {
    const controller = new AbortController();
    const long = 'This is a long first turn with quite a few words in it. '.repeat(4).trim();
    const stream = pool.stream({ text: long, voice: 'tone:slow', turns: [{ voice: 'tone:slow', text: long }, { voice: 'tone:a880', text: 'Second.' }] }, controller.signal);
    let chunks = 0;
    await assert.rejects(async () => {
      for await (const chunk of stream) {
        assert.equal(chunk.sampleRate, 16000);
        if (++chunks === 2) controller.abort();
      }
    }, (error: unknown) => (error instanceof Error && error.name === 'AbortError') || (error instanceof SpeechError && error.code === 'aborted'));
    assert.equal(chunks, 2);
  } finally {
    await pool.close();
  }
});
