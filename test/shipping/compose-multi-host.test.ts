// compose.multi-host.yaml (two bot services sharing one PostgreSQL) checked as YAML: no Docker engine runs in CI.
// The shares must be what the bot itself would accept and together cover every shard exactly once.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import { configVariables } from '../../src/config/config-variables.ts';
import { loadConfig } from '../../src/config/load-config.ts';
import { healthPortForShard } from '../../src/sharding/shard-plan.ts';

interface Service {
  image?: string;
  environment?: Record<string, string>;
  ports?: string[];
  depends_on?: Record<string, { condition?: string }>;
  healthcheck?: { test?: string[] };
}

const root = join(import.meta.dirname, '..', '..');
const compose = parse(readFileSync(join(root, 'compose.multi-host.yaml'), 'utf8')) as { services: Record<string, Service> };
const bots = Object.entries(compose.services).filter(([name]) => name.startsWith('bot-'));

/** What the bot would make of a service's environment (with the secrets .env would add). */
function configOf(service: Service) {
  const env = { ...service.environment, DISCORD_TOKEN: 'placeholder-token', DISCORD_CLIENT_ID: '1234' };
  return loadConfig(Object.fromEntries(Object.entries(env).map(([k, v]) => [k, v.replace('${POSTGRES_PASSWORD}', 'secret')])), { envFile: null });
}

test('two bot services and one PostgreSQL they both wait for', () => {
  assert.equal(bots.length, 2);
  assert.match(compose.services.postgres?.image ?? '', /^postgres:\d+$/);
  for (const [name, bot] of bots) {
    assert.equal(bot.depends_on?.postgres?.condition, 'service_healthy', name);
    assert.match(bot.environment?.DATABASE_URL ?? '', /^postgres:\/\/tts:\$\{POSTGRES_PASSWORD\}@postgres:5432\/tts$/, `${name} uses the shared database`);
    for (const variable of Object.keys(bot.environment ?? {})) assert.ok(configVariables.some((v) => v.name === variable), `${name}: ${variable} is a configuration variable`);
  }
});

test('the same total everywhere, and the shares cover every shard exactly once', () => {
  const configs = bots.map(([, bot]) => configOf(bot));
  const totals = new Set(configs.map((c) => c.sharding));
  assert.equal(totals.size, 1, 'every host has the same SHARDING');
  const [total] = [...totals];
  assert.equal(typeof total, 'number');
  const ids = configs.flatMap((c) => c.shardIds ?? []).sort((a, b) => a - b);
  assert.deepEqual(ids, [...Array(total as number).keys()]);
  assert.equal(configs.filter((c) => c.shardIds?.includes(0)).length, 1, 'one host runs shard 0 and registers commands');
});

test('each service publishes, and health-checks, the health ports of exactly its shards', () => {
  for (const [name, bot] of bots) {
    const config = configOf(bot);
    const ports = (config.shardIds ?? []).map((id) => healthPortForShard(config.healthPort, id));
    assert.deepEqual(bot.ports, ports.map((p) => `127.0.0.1:${p}:${p}`), name);
    const check = bot.healthcheck?.test?.join(' ') ?? '';
    assert.ok(check.includes(`[${ports.join(',')}]`), `${name} checks ${ports.join(', ')}`);
  }
});
