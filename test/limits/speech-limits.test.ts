import { test } from 'node:test';
import assert from 'node:assert/strict';
import { effectiveMaxLength, GUILD_MAX_LENGTH, SPEED, SPEEDUP_MAX, splitVoiceId, TEXT_LENGTH } from '../../src/limits/speech-limits.ts';

test('a guild\'s longest message never exceeds the process text limit', () => {
  assert.equal(effectiveMaxLength(300, 1000), 300);
  assert.equal(effectiveMaxLength(2000, 1000), 1000);
  assert.equal(effectiveMaxLength(2000, 5000), 2000);
  // Values that cannot be limits fall back to the defaults rather than turning the cap off.
  assert.equal(effectiveMaxLength(Number.NaN, 1000), GUILD_MAX_LENGTH.default);
  assert.equal(effectiveMaxLength(500, 0), Math.min(500, TEXT_LENGTH.default));
});

test('the ranges agree with each other', () => {
  assert.ok(GUILD_MAX_LENGTH.max <= TEXT_LENGTH.max, 'a guild cannot ask for more than any process allows');
  assert.ok(TEXT_LENGTH.min <= TEXT_LENGTH.default && TEXT_LENGTH.default <= TEXT_LENGTH.max);
  assert.ok(SPEEDUP_MAX.max <= SPEED.max, 'catch-up never asks an engine for more than its top speed');
  assert.ok(SPEED.min < SPEED.default && SPEED.default < SPEED.max);
});

test('one voice id form, shared by settings, DEFAULT_VOICE and the generator', () => {
  assert.deepEqual(splitVoiceId('Piper:en_US-lessac-medium'), { engine: 'piper', voiceName: 'en_US-lessac-medium' });
  assert.deepEqual(splitVoiceId(' espeak:en-us+f3 '), { engine: 'espeak', voiceName: 'en-us+f3' });
  assert.deepEqual(splitVoiceId('kokoro:jf_alpha'), { engine: 'kokoro', voiceName: 'jf_alpha' });
  for (const bad of ['slt', ':slt', 'neural:', 'neural:../slt', 'neural:a b', '1x:slt', 'neural:x\u202E', `neural:${'a'.repeat(101)}`]) {
    assert.equal(splitVoiceId(bad), null, JSON.stringify(bad));
  }
});
