import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { BotMetrics } from './bot-metrics.ts';

/** What /healthz reports; every check must be true for a 200. */
export type HealthChecks = Record<string, boolean>;

export interface HealthServerOptions {
  /** 127.0.0.1 by default: metrics are not for the public internet. */
  readonly host: string;
  /** 0 picks a free port (tests). */
  readonly port: number;
  readonly metrics: BotMetrics;
  /** Called per request, so it reflects the live state (gateway connected, generator workers alive). */
  readonly checks: () => HealthChecks;
}

export interface HealthServer {
  readonly url: string;
  close(): Promise<void>;
}

/** Serves GET /healthz (JSON, 200 or 503) and GET /metrics (Prometheus text format). */
export async function startHealthServer(options: HealthServerOptions): Promise<HealthServer> {
  const server: Server = createServer((request, response) => {
    const path = (request.url ?? '/').split('?')[0];
    if (request.method !== 'GET') {
      response.writeHead(405, { allow: 'GET' }).end();
      return;
    }
    if (path === '/healthz') {
      let checks: HealthChecks;
      try {
        checks = options.checks();
      } catch {
        checks = { checks: false };
      }
      const healthy = Object.values(checks).every(Boolean);
      response
        .writeHead(healthy ? 200 : 503, { 'content-type': 'application/json' })
        .end(JSON.stringify({ status: healthy ? 'ok' : 'unhealthy', checks }));
      return;
    }
    if (path === '/metrics') {
      options.metrics.render().then(
        (body) => response.writeHead(200, { 'content-type': options.metrics.contentType }).end(body),
        () => response.writeHead(500).end(),
      );
      return;
    }
    response.writeHead(404, { 'content-type': 'text/plain' }).end('not found: try /healthz or /metrics\n');
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port, options.host, () => resolve());
  });
  const address = server.address() as AddressInfo;
  const host = address.family === 'IPv6' ? `[${address.address}]` : address.address;
  return {
    url: `http://${host}:${address.port}`,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
