import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { existsSync } from 'node:fs';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createServer } from 'node:net';
import type { AddressInfo } from 'node:net';
import { DownloadError, downloadFile } from '../../src/models/downloader.ts';
import { startFileServer, testBytes } from './test-file-server.ts';

const md5 = (data: Buffer): string => createHash('md5').update(data).digest('hex');
const sha256 = (data: Buffer): string => createHash('sha256').update(data).digest('hex');

async function withSetup(run: (ctx: { dir: string; server: Awaited<ReturnType<typeof startFileServer>> }) => Promise<void>) {
  const dir = await mkdtemp(join(tmpdir(), 'downloader-test-'));
  const server = await startFileServer();
  try {
    await run({ dir, server });
  } finally {
    await server.close();
    await rm(dir, { recursive: true, force: true });
  }
}

test('downloads, verifies md5 and size, renames atomically, reports progress', async () => {
  await withSetup(async ({ dir, server }) => {
    const body = testBytes(300_000);
    server.files.set('/voice.onnx', { body });
    const destination = join(dir, 'sub', 'voice.onnx');
    const progress: number[] = [];
    const result = await downloadFile({
      url: `${server.baseUrl}/voice.onnx`,
      destination,
      size: body.length,
      md5: md5(body),
      onProgress: (received) => progress.push(received),
    });
    assert.equal(result.outcome, 'downloaded');
    assert.deepEqual(await readFile(destination), body);
    assert.equal(existsSync(`${destination}.part`), false);
    assert.equal(progress.at(-1), body.length);
    assert.ok(progress.every((value, i) => i === 0 || value >= progress[i - 1]));
    // A second run finds the verified file and fetches nothing.
    const again = await downloadFile({ url: `${server.baseUrl}/voice.onnx`, destination, size: body.length, md5: md5(body) });
    assert.equal(again.outcome, 'present');
    assert.equal(server.requests.length, 1);
  });
});

test('a broken download keeps its .part and the next run resumes with a Range request (sha256)', async () => {
  await withSetup(async ({ dir, server }) => {
    const body = testBytes(400_000, 7);
    server.files.set('/big.bin', { body, cutAfter: 150_000 });
    const destination = join(dir, 'big.bin');
    const request = { url: `${server.baseUrl}/big.bin`, destination, size: body.length, sha256: sha256(body) };
    await assert.rejects(downloadFile(request), (error: unknown) => {
      assert.ok(error instanceof DownloadError);
      assert.equal(error.code, 'interrupted');
      assert.match(error.message, /again to resume/);
      return true;
    });
    assert.equal(existsSync(destination), false, 'nothing at the final path');
    const partial = await readFile(`${destination}.part`);
    assert.ok(partial.length > 0 && partial.length < body.length, `kept ${partial.length} bytes`);
    server.files.set('/big.bin', { body });
    const result = await downloadFile(request);
    assert.equal(result.outcome, 'resumed');
    assert.equal(result.fetchedBytes, body.length - partial.length, 'only the missing bytes were fetched');
    assert.equal(server.requests.at(-1)?.headers.range, `bytes=${partial.length}-`);
    assert.deepEqual(await readFile(destination), body);
    assert.equal(existsSync(`${destination}.part`), false);
  });
});

test('a server that ignores Range gets a clean restart', async () => {
  await withSetup(async ({ dir, server }) => {
    const body = testBytes(50_000, 3);
    server.files.set('/f', { body, ranges: false });
    const destination = join(dir, 'f');
    await writeFile(`${destination}.part`, testBytes(10_000, 99)); // a wrong prefix: must not survive
    const result = await downloadFile({ url: `${server.baseUrl}/f`, destination, size: body.length, md5: md5(body) });
    assert.equal(result.outcome, 'downloaded');
    assert.deepEqual(await readFile(destination), body);
  });
});

test('a corrupt file fails the digest check with a clear error and leaves no file behind', async () => {
  await withSetup(async ({ dir, server }) => {
    const published = testBytes(80_000, 1);
    const corrupt = Buffer.from(published);
    corrupt[40_000] ^= 0xff;
    server.files.set('/v.onnx', { body: corrupt });
    const destination = join(dir, 'v.onnx');
    await assert.rejects(
      downloadFile({ url: `${server.baseUrl}/v.onnx`, destination, size: published.length, md5: md5(published) }),
      (error: unknown) => {
        assert.ok(error instanceof DownloadError);
        assert.equal(error.code, 'digest-mismatch');
        assert.match(error.message, new RegExp(`expected ${md5(published)}`));
        assert.match(error.message, new RegExp(md5(corrupt)));
        return true;
      },
    );
    assert.equal(existsSync(destination), false);
    assert.equal(existsSync(`${destination}.part`), false);
  });
});

test('a file larger than listed is rejected and deleted', async () => {
  await withSetup(async ({ dir, server }) => {
    const body = testBytes(20_000);
    server.files.set('/x', { body });
    const destination = join(dir, 'x');
    await assert.rejects(
      downloadFile({ url: `${server.baseUrl}/x`, destination, size: 10_000 }),
      (error: unknown) => error instanceof DownloadError && error.code === 'size-mismatch',
    );
    assert.equal(existsSync(destination), false);
    assert.equal(existsSync(`${destination}.part`), false);
  });
});

test('HTTP 404 is reported with the status and the URL', async () => {
  await withSetup(async ({ dir, server }) => {
    const destination = join(dir, 'missing.onnx');
    await assert.rejects(downloadFile({ url: `${server.baseUrl}/missing.onnx`, destination, size: 10 }), (error: unknown) => {
      assert.ok(error instanceof DownloadError);
      assert.equal(error.code, 'http');
      assert.match(error.message, /HTTP 404/);
      assert.match(error.message, /missing\.onnx/);
      return true;
    });
    assert.equal(existsSync(destination), false);
  });
});

test('connection refused is a friendly network error', async () => {
  const dir = await mkdtemp(join(tmpdir(), 'downloader-test-'));
  // Take a free port and release it so nothing listens there.
  const probe = createServer();
  await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', resolve));
  const { port } = probe.address() as AddressInfo;
  await new Promise<void>((resolve) => probe.close(() => resolve()));
  try {
    await assert.rejects(
      downloadFile({ url: `http://127.0.0.1:${port}/v.onnx`, destination: join(dir, 'v.onnx'), size: 10 }),
      (error: unknown) => {
        assert.ok(error instanceof DownloadError);
        assert.equal(error.code, 'network');
        assert.match(error.message, /connection refused/);
        return true;
      },
    );
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
});
