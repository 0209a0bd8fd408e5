import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { parseEnv } from 'node:util';
import { configVariables } from '../../src/config/config-variables.ts';
import { loadConfig } from '../../src/config/load-config.ts';

const examplePath = new URL('../../.env.example', import.meta.url);

test('.env.example names every variable, in table order, and holds no values', () => {
  const text = readFileSync(examplePath, 'utf8');
  const names = [...text.matchAll(/^([A-Z_]+)=(.*)$/gm)].map((m) => m[1]);
  assert.deepEqual(names, configVariables.map((v) => v.name));
  assert.deepEqual(Object.values(parseEnv(text)).filter((v) => v !== ''), [], 'the example must not carry values (or secrets)');
});

test('a copy of .env.example with only the required values filled in loads', () => {
  const filled = readFileSync(examplePath, 'utf8')
    .replace(/^DISCORD_TOKEN=$/m, 'DISCORD_TOKEN=placeholder-token')
    .replace(/^DISCORD_CLIENT_ID=$/m, 'DISCORD_CLIENT_ID=1234');
  const config = loadConfig({ ...parseEnv(filled) }, { envFile: null });
  assert.equal(config.discordClientId, '1234');
  assert.equal(config.defaultVoice, 'neural:slt');
});
