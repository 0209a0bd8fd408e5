// downloadText against a real HTTP server on 127.0.0.1 that lies, stalls or sends a byte-order mark.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { downloadText } from '../../src/discord/download-text.ts';

const MB = 1024 * 1024;
let server: Server;
let base: string;
let hugeBytesSent = 0;

before(async () => {
  server = createServer((request, response) => {
    switch (request.url) {
      case '/bom':
        response.end(Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from('[{"pattern":"gg","replacement":"good game"}]')]));
        return;
      case '/huge': {
        // No Content-Length: 40 MB streamed in 64 KB pieces, for as long as the client keeps reading.
        const piece = Buffer.alloc(64 * 1024, 0x61);
        const send = (): void => {
          while (hugeBytesSent < 40 * MB) {
            hugeBytesSent += piece.length;
            if (!response.write(piece)) return void response.once('drain', send);
          }
          response.end();
        };
        send();
        return;
      }
      case '/declared-huge':
        response.writeHead(200, { 'content-length': String(40 * MB) });
        response.write('x');
        return;
      case '/stall':
        response.writeHead(200, { 'content-type': 'application/json' });
        response.write('[{"pattern"');
        return; // and never another byte
      case '/binary':
        response.end(Buffer.from([0xff, 0xfe, 0x00, 0x81]));
        return;
      default:
        response.writeHead(404).end();
    }
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

after(async () => {
  server.closeAllConnections();
  await new Promise((resolve) => server.close(resolve));
});

const limits = { maxBytes: 256 * 1024, timeoutMs: 5_000 };

test('a UTF-8 byte-order mark is dropped', async () => {
  const result = await downloadText(`${base}/bom`, limits);
  assert.ok(result.ok);
  assert.deepEqual(JSON.parse(result.text), [{ pattern: 'gg', replacement: 'good game' }]);
});

test('a body larger than the limit is abandoned at the limit, whatever size was declared for it', async () => {
  const started = performance.now();
  const result = await downloadText(`${base}/huge`, limits);
  const ms = performance.now() - started;
  assert.deepEqual(result, { ok: false, message: 'That file is too large (256 KB at most).' });
  // The server could still fill socket buffers after the cancel, but nowhere near the 40 MB it offered.
  await new Promise((resolve) => setTimeout(resolve, 200));
  assert.ok(hugeBytesSent < 8 * MB, `${(hugeBytesSent / MB).toFixed(1)} MB sent before the client stopped reading`);
  console.log(`[measure] oversized download refused after ${ms.toFixed(0)} ms, server managed to send ${(hugeBytesSent / MB).toFixed(2)} MB`);
  const declared = await downloadText(`${base}/declared-huge`, limits);
  assert.deepEqual(declared, { ok: false, message: 'That file is too large (256 KB at most).' });
});

test('a stalled download is given up after the timeout with a clear message', async () => {
  const started = performance.now();
  const result = await downloadText(`${base}/stall`, { ...limits, timeoutMs: 300 });
  const ms = performance.now() - started;
  assert.deepEqual(result, { ok: false, message: 'The download of that file took longer than 0.3 s, so I gave up. Please try again.' });
  assert.ok(ms >= 290 && ms < 2_000, `gave up after ${ms.toFixed(0)} ms`);
});

test('binary content and missing files get their own answers', async () => {
  assert.deepEqual(await downloadText(`${base}/binary`, limits), { ok: false, message: 'That file is not UTF-8 text.' });
  assert.deepEqual(await downloadText(`${base}/missing`, limits), { ok: false, message: 'I could not download that file. Please try again.' });
  assert.deepEqual(await downloadText('http://127.0.0.1:1/nothing-listens-here', limits), {
    ok: false, message: 'I could not download that file. Please try again.',
  });
});
