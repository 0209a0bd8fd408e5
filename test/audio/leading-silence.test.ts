import { test } from 'node:test';
import assert from 'node:assert/strict';
import { defaultLeadingSilence, leadingSilenceToDrop } from '../../src/audio/leading-silence.ts';

const RATE = 16000;

/** `silentSeconds` of low noise (well under the threshold), then a 440 Hz tone. */
function pauseThenTone(silentSeconds: number, toneSeconds = 0.5): Float32Array {
  const silent = Math.round(silentSeconds * RATE);
  const samples = new Float32Array(silent + Math.round(toneSeconds * RATE));
  for (let i = 0; i < silent; i++) samples[i] = 0.002 * Math.sin(i * 1.7);
  for (let i = silent; i < samples.length; i++) samples[i] = 0.5 * Math.sin((2 * Math.PI * 440 * (i - silent)) / RATE);
  return samples;
}

test('a long opening pause is cut down to the kept 20 ms', () => {
  const drop = leadingSilenceToDrop(pauseThenTone(0.2), RATE);
  const kept = pauseThenTone(0.2).subarray(drop);
  // The tone's first samples are near zero too, so the onset is found a few samples into it.
  const keptSilence = kept.findIndex((x) => Math.abs(x) >= defaultLeadingSilence.threshold) / RATE;
  assert.ok(Math.abs(keptSilence - 0.02) < 0.001, `kept ${keptSilence} s of silence`);
  assert.ok(Math.abs(drop / RATE - 0.18) < 0.002, `dropped ${drop / RATE} s`);
});

test('nothing is dropped when the sound starts early, when there is no sound, or past the cap', () => {
  assert.equal(leadingSilenceToDrop(pauseThenTone(0.015), RATE), 0, 'under the kept 20 ms');
  assert.equal(leadingSilenceToDrop(pauseThenTone(0), RATE), 0);
  assert.equal(leadingSilenceToDrop(new Float32Array(RATE), RATE), 0, 'all silence: left alone');
  assert.equal(leadingSilenceToDrop(new Float32Array(0), RATE), 0);
  const capped = leadingSilenceToDrop(pauseThenTone(2), RATE);
  assert.equal(capped, defaultLeadingSilence.maxDropSeconds * RATE, 'never more than the cap');
});
