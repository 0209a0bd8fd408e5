import { test } from 'node:test';
import assert from 'node:assert/strict';
import { SpamGuard } from '../../../src/discord/autoread/spam-guard.ts';

test('drops the third identical message in a row, until the author says something else', () => {
  const guard = new SpamGuard();
  assert.equal(guard.admit('g', 'a', 'lol'), true);
  assert.equal(guard.admit('g', 'a', 'LOL '), true);
  assert.equal(guard.admit('g', 'a', 'lol'), false);
  assert.equal(guard.admit('g', 'a', 'lol'), false);
  assert.equal(guard.admit('g', 'a', 'ok'), true);
  assert.equal(guard.admit('g', 'a', 'lol'), true);
});

test('authors and guilds are counted separately', () => {
  const guard = new SpamGuard();
  guard.admit('g', 'a', 'hi');
  guard.admit('g', 'a', 'hi');
  assert.equal(guard.admit('g', 'b', 'hi'), true);
  assert.equal(guard.admit('g2', 'a', 'hi'), true);
  assert.equal(guard.admit('g', 'a', 'hi'), false);
});
