import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import {
  fetchRecommendedShardCount,
  healthPortForShard,
  resolveShardCount,
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
