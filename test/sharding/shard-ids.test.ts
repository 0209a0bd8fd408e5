import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseShardIds, shardIdsProblem } from '../../src/config/shard-ids.ts';
import { formatShardIds } from '../../src/sharding/shard-ids.ts';

test('SHARD_IDS reads lists and ranges, ascending', () => {
  assert.deepEqual(parseShardIds('0,1'), [0, 1]);
  assert.deepEqual(parseShardIds('0-1'), [0, 1]);
  assert.deepEqual(parseShardIds('8, 0-3'), [0, 1, 2, 3, 8]);
  assert.deepEqual(parseShardIds('5'), [5]);
  assert.deepEqual(parseShardIds('2 - 2'), [2]);
});

test('SHARD_IDS refuses duplicates, backwards ranges and anything that is not an id', () => {
  assert.throws(() => parseShardIds('0,1,0'), /names shard 0 more than once/);
  assert.throws(() => parseShardIds('0-3,2-5'), /names shard 2, 3 more than once/);
  assert.throws(() => parseShardIds('3-1'), /backwards range 3-1/);
  for (const bad of ['', '0,', 'a', '-1', '1.5', '0..3', '10000', '0-99999']) {
    assert.throws(() => parseShardIds(bad), /must be shard ids/, JSON.stringify(bad));
  }
});

test('ids must fit the total, and print compactly', () => {
  assert.equal(shardIdsProblem([0, 1], 2), null);
  assert.equal(shardIdsProblem([1, 2, 3], 2), 'names shard 2, 3 but there are only 2 shards (ids 0 to 1)');
  assert.equal(shardIdsProblem([1], 1), 'names shard 1 but there are only 1 shard (ids 0 to 0)');
  assert.equal(formatShardIds([0, 1, 2, 3, 8, 10, 11]), '0-3,8,10-11');
  assert.equal(formatShardIds([]), '');
});
