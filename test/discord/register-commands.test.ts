import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createServer, type IncomingMessage } from 'node:http';
import type { AddressInfo } from 'node:net';
import { registerCommands } from '../../src/discord/register-commands.ts';

interface Recorded {
  method: string;
  url: string;
  authorization: string | undefined;
  body: unknown;
}

async function withFakeRest(run: (apiUrl: string, requests: Recorded[]) => Promise<void>): Promise<void> {
  const requests: Recorded[] = [];
  const server = createServer((req: IncomingMessage, res) => {
    let data = '';
    req.on('data', (chunk: Buffer) => (data += chunk.toString()));
    req.on('end', () => {
      const body: unknown = data === '' ? null : JSON.parse(data);
      requests.push({ method: req.method ?? '', url: req.url ?? '', authorization: req.headers.authorization, body });
      res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(Array.isArray(body) ? body.map((c, i) => ({ ...c, id: String(i + 1) })) : []));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  try {
    await run(`http://127.0.0.1:${(server.address() as AddressInfo).port}/api`, requests);
  } finally {
    await new Promise((resolve) => server.close(resolve));
  }
}

test('registers all commands in the dev guild when one is configured', async () => {
  await withFakeRest(async (apiUrl, requests) => {
    const result = await registerCommands({ token: 'test-token', clientId: '111', devGuildId: '222', apiUrl });
    assert.deepEqual(result, { count: 9, scope: 'guild' });
    assert.equal(requests.length, 1);
    assert.equal(requests[0].method, 'PUT');
    assert.equal(requests[0].url, '/api/v10/applications/111/guilds/222/commands');
    assert.equal(requests[0].authorization, 'Bot test-token');
    assert.ok(Array.isArray(requests[0].body) && requests[0].body.length === 9);
  });
});

test('registers globally without a dev guild', async () => {
  await withFakeRest(async (apiUrl, requests) => {
    assert.deepEqual(await registerCommands({ token: 't', clientId: '111', devGuildId: null, apiUrl }), { count: 9, scope: 'global' });
    assert.equal(requests[0].url, '/api/v10/applications/111/commands');
  });
});
