import { test } from 'node:test';
import assert from 'node:assert/strict';
import { busyFallback } from '../../src/discord/busy-fallback.ts';

test('the busy fallback goes into a request only when the server allows it and the voice has a cheaper twin', () => {
  assert.deepEqual(busyFallback({ busyFallback: true }, 'neural:rms'), { busyFallbackVoice: 'flite:rms' });
  assert.deepEqual(busyFallback({ busyFallback: false }, 'neural:rms'), {});
  assert.deepEqual(busyFallback({ busyFallback: true }, 'piper:en_US-lessac-medium'), {});
});
