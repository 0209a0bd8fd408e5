import { test } from 'node:test';
import assert from 'node:assert/strict';
import { busyFallbackVoiceFor } from '../../../src/generator/registry/busy-fallback.ts';

test('a neural voice falls back to its own flite voice when busy; other voices have no cheaper twin', () => {
  assert.equal(busyFallbackVoiceFor('neural:slt'), 'flite:slt');
  assert.equal(busyFallbackVoiceFor('neural:kal16'), 'flite:kal16');
  assert.equal(busyFallbackVoiceFor('flite:rms'), undefined);
  assert.equal(busyFallbackVoiceFor('piper:en_US-lessac-medium'), undefined);
  assert.equal(busyFallbackVoiceFor('not a voice'), undefined);
});
