import { test } from 'node:test';
import assert from 'node:assert/strict';
import { NameAnnouncer } from '../../../src/discord/autoread/name-announcer.ts';
import { ManualClock } from '../../playback/fakes.ts';

test('announces a name once, again after someone else spoke or after 60 s', () => {
  const clock = new ManualClock();
  const announcer = new NameAnnouncer(clock);
  assert.equal(announcer.shouldAnnounce('g', 'alice'), true);
  clock.advance(10_000);
  assert.equal(announcer.shouldAnnounce('g', 'alice'), false, 'same person within 60 s');
  clock.advance(59_000);
  assert.equal(announcer.shouldAnnounce('g', 'alice'), false, 'the window restarts with each message');
  clock.advance(60_000);
  assert.equal(announcer.shouldAnnounce('g', 'alice'), true, 'a minute of silence');
  assert.equal(announcer.shouldAnnounce('g', 'bob'), true);
  assert.equal(announcer.shouldAnnounce('g', 'alice'), true, 'someone else spoke in between');
});

test('guilds are separate', () => {
  const announcer = new NameAnnouncer(new ManualClock());
  assert.equal(announcer.shouldAnnounce('g1', 'alice'), true);
  assert.equal(announcer.shouldAnnounce('g2', 'alice'), true);
  assert.equal(announcer.shouldAnnounce('g1', 'alice'), false);
});
