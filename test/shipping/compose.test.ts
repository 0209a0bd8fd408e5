// No Docker engine runs on the CI machines: this checks compose.yaml's structure (parsed as YAML) and that it agrees
// with the Dockerfile (volume, port, user) and the bot's configuration variables.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import { configVariables } from '../../src/config/config-variables.ts';

const root = join(import.meta.dirname, '..', '..');
const dockerfile = readFileSync(join(root, 'Dockerfile'), 'utf8');

interface ComposeService {
  build?: unknown;
  restart?: string;
  env_file?: unknown;
  environment?: Record<string, string>;
  ports?: string[];
  volumes?: string[];
  healthcheck?: { test?: string[]; interval?: string; timeout?: string; start_period?: string; retries?: number };
  stop_grace_period?: string;
}

const compose = parse(readFileSync(join(root, 'compose.yaml'), 'utf8')) as { services: Record<string, ComposeService>; volumes: Record<string, unknown> };
const bot = compose.services.bot;

test('one bot service, built from this folder, restarted unless stopped', () => {
  assert.deepEqual(Object.keys(compose.services), ['bot']);
  assert.equal(bot.build, '.');
  assert.equal(bot.restart, 'unless-stopped');
  assert.equal(bot.env_file, '.env');
});

test('settings and voices live on the /data volume the image declares', () => {
  assert.deepEqual(bot.volumes, ['tts-data:/data']);
  assert.ok('tts-data' in compose.volumes);
  assert.match(dockerfile, /^VOLUME \["\/data"\]$/m);
  assert.equal(bot.environment?.DATABASE_URL, 'sqlite:/data/settings.sqlite');
  assert.match(dockerfile, /useradd --system --create-home --uid 10001 bot/, 'README tells bind-mount users uid 10001');
});

test('health and metrics: the port is published on loopback and the bot listens where the mapping reaches it', () => {
  const port = bot.environment?.HEALTH_PORT;
  assert.equal(port, '8080');
  assert.deepEqual(bot.ports, [`127.0.0.1:${port}:${port}`]);
  assert.equal(bot.environment?.HEALTH_HOST, '0.0.0.0', 'inside the container, 127.0.0.1 would not be reachable through the mapping');
  const check = bot.healthcheck;
  assert.ok(check?.test);
  assert.equal(check.test[0], 'CMD');
  assert.match(check.test.join(' '), new RegExp(`http://127\\.0\\.0\\.1:${port}/healthz`));
  assert.ok(check.interval && check.timeout && check.start_period && check.retries, 'interval, timeout, start period and retries are set');
  // The grace period covers the bot's own 5 s shutdown budget.
  assert.match(bot.stop_grace_period ?? '', /^(\d+)s$/);
  assert.ok(Number.parseInt(bot.stop_grace_period ?? '0', 10) > 5);
});

test('every environment variable compose sets is one the bot knows', () => {
  const known = new Set(configVariables.map((v) => v.name));
  for (const name of Object.keys(bot.environment ?? {})) assert.ok(known.has(name), `${name} is not a configuration variable`);
});
