import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import {
  fetchRecommendedShardCount,
  healthPortForShard,
  planShards,
  resolveShardCount,
  resolveShardPlan,
  shardIdFromEnvironment,
} from '../../src/sharding/shard-plan.ts';

async function withGatewayServer(
  answer: (authorization: string | undefined) => { status: number; body: unknown },
  run: (apiUrl: string) => Promise<void>,
): Promise<void> {
  const server = createServer((request, response) => {
    if (request.url !== '/api/v10/gateway/bot') {
      response.writeHead(404).end();
      return;
    }
    const { status, body } = answer(request.headers.authorization);
    response.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(body));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  try {
    await run(`http://127.0.0.1:${(server.address() as AddressInfo).port}/api`);
  } finally {
    server.close();
  }
}

test('auto sharding asks the configured REST base for the recommended count, with the bot token', async () => {
  await withGatewayServer(
    (authorization) => (authorization === 'Bot secret-token' ? { status: 200, body: { url: 'ws://x', shards: 3 } } : { status: 401, body: {} }),
    async (apiUrl) => {
      assert.equal(await fetchRecommendedShardCount('secret-token', apiUrl), 3);
      assert.equal(await resolveShardCount('auto', 'secret-token', apiUrl), 3);
      assert.equal(await resolveShardCount(4, 'secret-token', apiUrl), 4);
      await assert.rejects(fetchRecommendedShardCount('wrong', apiUrl), (error: Error) => {
        assert.match(error.message, /rejected the bot token/);
        assert.doesNotMatch(error.message, /wrong/);
        return true;
      });
    },
  );
});

test('a broken shard answer is a clear error', async () => {
  await withGatewayServer(
    () => ({ status: 200, body: { shards: 0 } }),
    async (apiUrl) => {
      await assert.rejects(fetchRecommendedShardCount('t', apiUrl), /no usable shard count/);
    },
  );
  await assert.rejects(fetchRecommendedShardCount('t', 'http://127.0.0.1:1/api'), /could not reach Discord/);
});

test('shard ids come from the ShardingManager environment and offset the health port', () => {
  assert.equal(shardIdFromEnvironment({ SHARDING_MANAGER: 'true', SHARDS: '2', SHARD_COUNT: '4' }), 2);
  assert.equal(shardIdFromEnvironment({ SHARDS: '2' }), null);
  assert.equal(shardIdFromEnvironment({}), null);
  assert.equal(healthPortForShard(8080, 2), 8082);
  assert.equal(healthPortForShard(8080, null), 8080);
  assert.equal(healthPortForShard(0, 3), 0);
});

test('a host runs its SHARD_IDS out of the total, or every shard when none are set', () => {
  assert.deepEqual(planShards(4, 4, null), { totalShards: 4, shardIds: [0, 1, 2, 3] });
  assert.deepEqual(planShards(4, 4, [2, 3]), { totalShards: 4, shardIds: [2, 3] });
  assert.throws(() => planShards(2, 2, [1, 2]), /^Error: SHARD_IDS=1-2 names shard 2 but there are only 2 shards \(ids 0 to 1\) \(SHARDING=2\)$/);
});

test('with SHARDING=auto the ids are checked against the count Discord recommends', async () => {
  await withGatewayServer(
    () => ({ status: 200, body: { shards: 2 } }),
    async (apiUrl) => {
      assert.deepEqual(await resolveShardPlan('auto', [1], 't', apiUrl), { totalShards: 2, shardIds: [1] });
      assert.deepEqual(await resolveShardPlan('auto', null, 't', apiUrl), { totalShards: 2, shardIds: [0, 1] });
      await assert.rejects(resolveShardPlan('auto', [2, 3], 't', apiUrl), /names shard 2, 3 .*Discord recommends 2 shards for SHARDING=auto; give every host the same fixed SHARDING/);
    },
  );
});
