import { test } from 'node:test';
import assert from 'node:assert/strict';
import { SlidingWindowRateLimiter } from '../../src/playback/rate-limiter.ts';
import { ManualClock } from './fakes.ts';

test('allows `limit` messages per window, then refuses with the time to wait', () => {
  const clock = new ManualClock();
  const limiter = new SlidingWindowRateLimiter(3, 10_000, clock);
  for (let i = 0; i < 3; i++) {
    assert.deepEqual(limiter.tryAcquire('alice'), { allowed: true });
    clock.advance(1000);
  }
  const refused = limiter.tryAcquire('alice');
  assert.equal(refused.allowed, false);
  assert.ok(!refused.allowed && refused.retryAfterMs === 7000, JSON.stringify(refused));
});

test('users are limited independently', () => {
  const limiter = new SlidingWindowRateLimiter(1, 10_000, new ManualClock());
  assert.equal(limiter.tryAcquire('alice').allowed, true);
  assert.equal(limiter.tryAcquire('alice').allowed, false);
  assert.equal(limiter.tryAcquire('bob').allowed, true);
});

test('the window slides: the oldest message leaving it frees one slot, refused attempts do not count', () => {
  const clock = new ManualClock();
  const limiter = new SlidingWindowRateLimiter(2, 10_000, clock);
  limiter.tryAcquire('u');
  clock.advance(5000);
  limiter.tryAcquire('u');
  for (let i = 0; i < 5; i++) assert.equal(limiter.tryAcquire('u').allowed, false);
  clock.advance(5000);
  assert.equal(limiter.tryAcquire('u').allowed, true);
  assert.equal(limiter.tryAcquire('u').allowed, false);
});

test('rejects nonsense limits', () => {
  assert.throws(() => new SlidingWindowRateLimiter(0, 1000, new ManualClock()), RangeError);
  assert.throws(() => new SlidingWindowRateLimiter(1, 0, new ManualClock()), RangeError);
});
