import { createServer } from 'node:http';
import type { IncomingHttpHeaders, Server } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface ServedFile {
  readonly body: Buffer;
  /** Send only this many bytes, then drop the connection (a broken download). */
  readonly cutAfter?: number;
  /** Answer Range requests with 206 (default) or ignore them and send everything with 200. */
  readonly ranges?: boolean;
}

export interface TestFileServer {
  readonly baseUrl: string;
  readonly requests: Array<{ path: string; headers: IncomingHttpHeaders }>;
  readonly files: Map<string, ServedFile>;
  close(): Promise<void>;
}

/** A tiny HTTP server on 127.0.0.1 serving in-memory files by path, with Range support and failure modes. */
export async function startFileServer(): Promise<TestFileServer> {
  const files = new Map<string, ServedFile>();
  const requests: TestFileServer['requests'] = [];
  const server: Server = createServer((req, res) => {
    const path = decodeURIComponent(new URL(req.url ?? '/', 'http://x').pathname);
    requests.push({ path, headers: req.headers });
    const file = files.get(path);
    if (!file) {
      res.writeHead(404, { 'content-type': 'text/plain' }).end('not found');
      return;
    }
    let start = 0;
    const range = /^bytes=(\d+)-$/.exec(req.headers.range ?? '');
    if (range && file.ranges !== false) {
      start = Number(range[1]);
      if (start >= file.body.length) {
        res.writeHead(416, { 'content-range': `bytes */${file.body.length}` }).end();
        return;
      }
      res.writeHead(206, {
        'content-length': file.body.length - start,
        'content-range': `bytes ${start}-${file.body.length - 1}/${file.body.length}`,
      });
    } else {
      res.writeHead(200, { 'content-length': file.body.length });
    }
    const slice = file.body.subarray(start);
    if (file.cutAfter !== undefined && file.cutAfter < slice.length) {
      res.write(slice.subarray(0, file.cutAfter), () => setTimeout(() => res.socket?.destroy(), 20));
      return;
    }
    res.end(slice);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    baseUrl: `http://127.0.0.1:${port}`,
    requests,
    files,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/** Deterministic pseudo-random bytes (not all zeros, so a wrong offset shows up in the digest). */
export function testBytes(length: number, seed = 1): Buffer {
  const out = Buffer.alloc(length);
  let x = seed;
  for (let i = 0; i < length; i++) {
    x = (x * 1103515245 + 12345) >>> 0;
    out[i] = x >>> 24;
  }
  return out;
}
