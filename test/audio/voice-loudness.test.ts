import { test } from 'node:test';
import assert from 'node:assert/strict';
import { typicalVoiceLoudnessLufs } from '../../src/audio/voice-loudness.ts';

test('measured voices have their level, other espeak languages the espeak middle, other engines none', () => {
  assert.equal(typicalVoiceLoudnessLufs('neural:slt'), -19.7);
  assert.equal(typicalVoiceLoudnessLufs(' Flite:KAL16 '), -28.4);
  assert.equal(typicalVoiceLoudnessLufs('espeak:sw'), -20);
  assert.equal(typicalVoiceLoudnessLufs('piper:en_US-lessac-medium'), undefined);
  assert.equal(typicalVoiceLoudnessLufs('kokoro:af_heart'), undefined);
});
