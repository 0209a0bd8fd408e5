import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { BotConfig } from '../../src/config/bot-config.ts';
import { configVariables, configVariablesMarkdown } from '../../src/config/config-variables.ts';
import { ConfigError, describeConfig, loadConfig } from '../../src/config/load-config.ts';
import { defaultWorkerCount } from '../../src/config/worker-count.ts';
import { repositoryModelsDir } from '../../src/config/environment.ts';

// Shaped like a real bot token so a leak would be obvious; it is not a real one.
const TOKEN = 'MTIzNDU2Nzg5MDEyMzQ1Njc4OQ.GhAbCd.abcdefghijklmnopqrstuvwxyz0123456789AB';
const minimal = { DISCORD_TOKEN: TOKEN, DISCORD_CLIENT_ID: '123456789012345678' };
const load = (env: NodeJS.ProcessEnv) => loadConfig(env, { envFile: null });

function problemsOf(env: NodeJS.ProcessEnv): string[] {
  try {
    load(env);
  } catch (error) {
    assert.ok(error instanceof ConfigError, `expected ConfigError, got ${String(error)}`);
    assert.ok(!error.message.includes(TOKEN) && !error.message.includes(TOKEN.slice(0, 20)), 'the token leaked into the error');
    return [...error.problems];
  }
  assert.fail(`expected ${JSON.stringify(env)} to be refused`);
}

test('only the two required variables are needed; the rest take the documented defaults', () => {
  const config = load(minimal);
  const expected: BotConfig = {
    discordToken: TOKEN,
    discordClientId: '123456789012345678',
    discordDevGuildId: null,
    discordApiUrl: null,
    discordGatewayUrl: null,
    databaseUrl: 'sqlite:data/settings.sqlite',
    modelsDir: repositoryModelsDir,
    defaultVoice: 'neural:slt',
    generatorWorkers: defaultWorkerCount(),
    generatorProviders: ['cpu'],
    generatorNiceness: 10,
    generatorUtilisation: 0.65,
    neuralVocoder: 'auto',
    watermark: true,
    maxTextLength: 1000,
    queueMaxDepth: 20,
    userRateLimit: 5,
    userRateWindowSeconds: 10,
    speedupQueueThreshold: 3,
    speedupMax: 1.5,
    dictionaryImportTimeoutSeconds: 10,
    leaveWhenAloneSeconds: 60,
    reconnectMaxAttempts: 5,
    healthHost: '127.0.0.1',
    healthPort: 8080,
    logLevel: 'info',
    sharding: 'off',
    shardIds: null,
  };
  assert.deepEqual(config, expected);
  assert.ok(config.generatorWorkers >= 1 && config.generatorWorkers <= 4);
});

// Every variable, a valid non-default value, and where it lands. The coverage check below keeps this complete.
/** Variable, value, field, expected; a fifth element is other variables the value needs (SHARD_IDS needs a total). */
const goodValues: [string, string, keyof BotConfig, unknown, NodeJS.ProcessEnv?][] = [
  ['DISCORD_TOKEN', 'another.token.value', 'discordToken', 'another.token.value'],
  ['DISCORD_CLIENT_ID', '42', 'discordClientId', '42'],
  ['DISCORD_DEV_GUILD_ID', '987654321098765432', 'discordDevGuildId', '987654321098765432'],
  ['DISCORD_API_URL', 'http://127.0.0.1:3999/api', 'discordApiUrl', 'http://127.0.0.1:3999/api'],
  ['DISCORD_GATEWAY_URL', 'ws://127.0.0.1:3999/gateway', 'discordGatewayUrl', 'ws://127.0.0.1:3999/gateway'],
  ['DATABASE_URL', 'postgres://bot:pw@db:5432/tts', 'databaseUrl', 'postgres://bot:pw@db:5432/tts'],
  ['MODELS_DIR', '/srv/models', 'modelsDir', '/srv/models'],
  ['DEFAULT_VOICE', 'piper:en_US-lessac-medium', 'defaultVoice', 'piper:en_US-lessac-medium'],
  ['GENERATOR_WORKERS', '7', 'generatorWorkers', 7],
  ['GENERATOR_PROVIDERS', ' CUDA, cpu ,cuda', 'generatorProviders', ['cuda', 'cpu']],
  ['NEURAL_VOCODER', ' FP32 ', 'neuralVocoder', 'fp32'],
  ['GENERATOR_NICENESS', '0', 'generatorNiceness', 0],
  ['GENERATOR_UTILISATION', ' 0.4 ', 'generatorUtilisation', 0.4],
  ['WATERMARK', ' Off ', 'watermark', false],
  ['MAX_TEXT_LENGTH', '2000', 'maxTextLength', 2000],
  ['QUEUE_MAX_DEPTH', '5', 'queueMaxDepth', 5],
  ['USER_RATE_LIMIT', '0', 'userRateLimit', 0],
  ['USER_RATE_WINDOW_SECONDS', '60', 'userRateWindowSeconds', 60],
  ['SPEEDUP_QUEUE_THRESHOLD', '0', 'speedupQueueThreshold', 0],
  ['SPEEDUP_MAX', '2.25', 'speedupMax', 2.25],
  ['DICTIONARY_IMPORT_TIMEOUT_SECONDS', '2.5', 'dictionaryImportTimeoutSeconds', 2.5],
  ['LEAVE_WHEN_ALONE_SECONDS', '0', 'leaveWhenAloneSeconds', 0],
  ['RECONNECT_MAX_ATTEMPTS', '10', 'reconnectMaxAttempts', 10],
  ['HEALTH_HOST', '0.0.0.0', 'healthHost', '0.0.0.0'],
  ['HEALTH_PORT', '0', 'healthPort', 0],
  ['LOG_LEVEL', 'DEBUG', 'logLevel', 'debug'],
  ['SHARDING', 'auto', 'sharding', 'auto'],
  ['SHARD_IDS', '3, 0-1', 'shardIds', [0, 1, 3], { SHARDING: '4' }],
];

test('each variable is read into its config field', () => {
  for (const [name, value, field, expected, needs] of goodValues) {
    assert.deepEqual(load({ ...minimal, ...needs, [name]: value })[field], expected, `${name}=${value}`);
  }
  assert.equal(load(minimal).shardIds, null, 'unset SHARD_IDS = every shard');
  assert.deepEqual(load({ ...minimal, SHARDING: 'auto', SHARD_IDS: '5' }).shardIds, [5], 'with auto the ids are checked once Discord answers');
  assert.equal(load({ ...minimal, SHARDING: '4' }).sharding, 4);
  assert.equal(load({ ...minimal, DATABASE_URL: 'sqlite:/var/lib/tts.sqlite' }).databaseUrl, 'sqlite:/var/lib/tts.sqlite');
  assert.equal(load({ ...minimal, HEALTH_PORT: '' }).healthPort, 8080, 'empty counts as unset');
});

test('the variables table is complete, documented and matches the loader', () => {
  const tested = new Set(goodValues.map(([name]) => name));
  assert.deepEqual(configVariables.map((v) => v.name).filter((n) => !tested.has(n)), [], 'variables with no test row');
  assert.deepEqual([...tested].filter((n) => !configVariables.some((v) => v.name === n)), [], 'test rows with no variable');
  assert.equal(new Set(configVariables.map((v) => v.name)).size, configVariables.length, 'duplicate names');
  for (const v of configVariables) assert.ok(v.meaning.length > 10, `${v.name} needs a meaning`);
  assert.deepEqual(configVariables.filter((v) => v.required).map((v) => v.name), ['DISCORD_TOKEN', 'DISCORD_CLIENT_ID']);
  const markdown = configVariablesMarkdown();
  assert.equal(markdown.split('\n').length, configVariables.length + 2);
  assert.match(markdown, /\| `QUEUE_MAX_DEPTH` \| `20` \| Most messages waiting per server/);
  assert.match(markdown, /\| `DISCORD_TOKEN` \| \(required\) \|/);
});

const badValues: [NodeJS.ProcessEnv, RegExp][] = [
  [{ DISCORD_TOKEN: TOKEN }, /^DISCORD_CLIENT_ID is required/],
  [{ ...minimal, WATERMARK: 'maybe' }, /^WATERMARK must be on or off \(got "maybe"\)/],
  [{ DISCORD_CLIENT_ID: '1' }, /^DISCORD_TOKEN is required/],
  [{ ...minimal, DISCORD_TOKEN: `Bot ${TOKEN}` }, /^DISCORD_TOKEN must be the bare token, without the "Bot " prefix$/],
  [{ ...minimal, DISCORD_TOKEN: `${TOKEN}\nrest` }, /^DISCORD_TOKEN must not contain spaces/],
  [{ ...minimal, DISCORD_CLIENT_ID: 'my-bot' }, /^DISCORD_CLIENT_ID must be a Discord id \(digits only\) \(got "my-bot"\)/],
  [{ ...minimal, DISCORD_DEV_GUILD_ID: 'abc' }, /^DISCORD_DEV_GUILD_ID must be a Discord id/],
  [{ ...minimal, DISCORD_API_URL: 'localhost:3000' }, /^DISCORD_API_URL must be a URL starting with http:\/\/ or https:\/\//],
  [{ ...minimal, DISCORD_GATEWAY_URL: 'http://x' }, /^DISCORD_GATEWAY_URL must be a URL starting with ws:\/\/ or wss:\/\//],
  [{ ...minimal, DATABASE_URL: 'mysql://root:hunter2@db/x' }, /^DATABASE_URL DATABASE_URL scheme "mysql" is not supported.*\(got "mysql:\/\/root:\*\*\*@db\/x"\)/],
  [{ ...minimal, DEFAULT_VOICE: 'slt' }, /^DEFAULT_VOICE must be a voice id/],
  [{ ...minimal, GENERATOR_WORKERS: '0' }, /^GENERATOR_WORKERS must be a whole number from 1 to 64 \(got "0"\)/],
  [{ ...minimal, GENERATOR_WORKERS: '2.5' }, /^GENERATOR_WORKERS must be a whole number/],
  [{ ...minimal, GENERATOR_PROVIDERS: 'gpu' }, /^GENERATOR_PROVIDERS must be a comma-separated list of cpu and cuda/],
  [{ ...minimal, NEURAL_VOCODER: 'int4' }, /^NEURAL_VOCODER must be one of auto, int8, fp32/],
  [{ ...minimal, GENERATOR_NICENESS: '20' }, /^GENERATOR_NICENESS must be a whole number from 0 to 19/],
  [{ ...minimal, GENERATOR_UTILISATION: '1.5' }, /^GENERATOR_UTILISATION must be/],
  [{ ...minimal, MAX_TEXT_LENGTH: '1e3' }, /^MAX_TEXT_LENGTH must be a whole number from 1 to 10000/],
  [{ ...minimal, QUEUE_MAX_DEPTH: '-1' }, /^QUEUE_MAX_DEPTH must be a whole number from 1 to 1000/],
  [{ ...minimal, USER_RATE_LIMIT: 'five' }, /^USER_RATE_LIMIT must be a whole number/],
  [{ ...minimal, USER_RATE_WINDOW_SECONDS: '0' }, /^USER_RATE_WINDOW_SECONDS must be a whole number from 1 to 3600/],
  [{ ...minimal, SPEEDUP_QUEUE_THRESHOLD: 'x' }, /^SPEEDUP_QUEUE_THRESHOLD must be a whole number/],
  [{ ...minimal, SPEEDUP_MAX: '3' }, /^SPEEDUP_MAX must be a number from 1 to 2.5 \(got "3"\)/],
  [{ ...minimal, SPEEDUP_MAX: '1.5x' }, /^SPEEDUP_MAX must be a number/],
  [{ ...minimal, DICTIONARY_IMPORT_TIMEOUT_SECONDS: '0' }, /^DICTIONARY_IMPORT_TIMEOUT_SECONDS must be a number from 1 to 120 \(got "0"\)/],
  [{ ...minimal, LEAVE_WHEN_ALONE_SECONDS: '-5' }, /^LEAVE_WHEN_ALONE_SECONDS must be a whole number from 0/],
  [{ ...minimal, RECONNECT_MAX_ATTEMPTS: '1000' }, /^RECONNECT_MAX_ATTEMPTS must be a whole number from 0 to 100/],
  [{ ...minimal, HEALTH_HOST: 'local host' }, /^HEALTH_HOST must be a host name/],
  [{ ...minimal, HEALTH_PORT: '70000' }, /^HEALTH_PORT must be a whole number from 0 to 65535 \(got "70000"\)/],
  [{ ...minimal, LOG_LEVEL: 'verbose' }, /^LOG_LEVEL must be one of fatal, error, warn, info, debug, trace, silent/],
  [{ ...minimal, SHARDING: 'lots' }, /^SHARDING must be off, auto, or a number of shards/],
  [{ ...minimal, SHARDING: '0' }, /^SHARDING must be off, auto, or a number of shards/],
  [{ ...minimal, SHARD_IDS: '0,1' }, /^SHARD_IDS needs SHARDING set to the total number of shards/],
  [{ ...minimal, SHARDING: '4', SHARD_IDS: '2-4' }, /^SHARD_IDS names shard 4 but there are only 4 shards \(ids 0 to 3\) \(SHARDING=4\)$/],
  [{ ...minimal, SHARDING: '4', SHARD_IDS: '0,1,1' }, /^SHARD_IDS names shard 1 more than once \(got "0,1,1"\)$/],
  [{ ...minimal, SHARDING: '4', SHARD_IDS: '0-2,2-3' }, /^SHARD_IDS names shard 2 more than once/],
  [{ ...minimal, SHARDING: '4', SHARD_IDS: '3-1' }, /^SHARD_IDS has a backwards range 3-1/],
  [{ ...minimal, SHARDING: '4', SHARD_IDS: 'first' }, /^SHARD_IDS must be shard ids as a list and\/or ranges/],
  [{ ...minimal, SHARDING: '4', SHARD_IDS: '-1' }, /^SHARD_IDS must be shard ids/],
];

test('each bad value is refused with a message naming the variable', () => {
  for (const [env, pattern] of badValues) {
    const problems = problemsOf(env);
    assert.equal(problems.length, 1, `${JSON.stringify(env)}: ${problems.join(' | ')}`);
    assert.match(problems[0], pattern);
  }
});

test('every problem is listed at once, and the token never appears', () => {
  const problems = problemsOf({ DISCORD_TOKEN: `Bot ${TOKEN}`, HEALTH_PORT: 'http', SPEEDUP_MAX: '9', LOG_LEVEL: 'loud' });
  assert.equal(problems.length, 5, problems.join('\n'));
  try {
    load({ DISCORD_TOKEN: `${TOKEN} ${TOKEN}`, DISCORD_CLIENT_ID: TOKEN });
    assert.fail('should throw');
  } catch (error) {
    assert.ok(error instanceof ConfigError);
    assert.match(error.message, /^The bot's configuration has 2 problems:\n {2}- DISCORD_TOKEN/);
    assert.ok(!error.message.includes(TOKEN.slice(0, 12)), 'no part of the token may appear');
  }
});

test('a .env file fills in what the environment lacks; the real environment wins', async () => {
  const dir = await mkdtemp(join(tmpdir(), 'config-'));
  try {
    const envFile = join(dir, '.env');
    await writeFile(envFile, `# comment\nDISCORD_TOKEN="${TOKEN}"\nDISCORD_CLIENT_ID=42\nHEALTH_PORT=9000\nLOG_LEVEL=debug\nDISCORD_DEV_GUILD_ID=\n`);
    const config = loadConfig({ LOG_LEVEL: 'warn', DISCORD_DEV_GUILD_ID: '' }, { envFile });
    assert.equal(config.discordToken, TOKEN);
    assert.equal(config.discordClientId, '42');
    assert.equal(config.healthPort, 9000);
    assert.equal(config.logLevel, 'warn');
    assert.equal(config.discordDevGuildId, null);
    assert.equal(loadConfig(minimal, { envFile: join(dir, 'missing.env') }).healthPort, 8080, 'a missing file is fine');
    await assert.rejects(async () => loadConfig({ ...minimal, HEALTH_PORT: 'x' }, { envFile }), /HEALTH_PORT must be a whole number/);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
});

test('describeConfig is safe to log', () => {
  const described = JSON.stringify(describeConfig(load({ ...minimal, DATABASE_URL: 'postgres://bot:pgsecret@db/tts' })));
  assert.ok(!described.includes(TOKEN));
  assert.ok(!described.includes('pgsecret'));
  assert.match(described, /"discordToken":"\[redacted\]"/);
  assert.match(described, /postgres:\/\/bot:\*\*\*@db\/tts/);
});
