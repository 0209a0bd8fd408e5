import { test } from 'node:test';
import assert from 'node:assert/strict';

test('runs on Node 24 or newer', () => {
  const major = Number(process.versions.node.split('.')[0]);
  assert.ok(major >= 24, `Node ${process.versions.node} is too old; the bot needs Node 24 (DAVE voice)`);
});
