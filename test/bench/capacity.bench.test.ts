import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { capacityOptions } from '../../bench/capacity.bench.ts';
import { parseBenchArgs } from '../../bench/lib/bench-args.ts';

const optionsOf = (...argv: string[]): ReturnType<typeof capacityOptions> => capacityOptions(parseBenchArgs(argv).options);

describe('capacity bench options', () => {
  it('defaults: the guild counts the README quotes, one run, bot defaults, warm-up on, joining left to /say', () => {
    assert.deepEqual(optionsOf(), { guildCounts: [1, 2, 4, 8, 16, 24, 32], runs: 1, env: {}, warmUp: true, joinFirst: false, daveProtocolVersion: 1, timeoutSeconds: undefined });
  });

  it('reads guild counts, runs, bot environment and switches', () => {
    const options = optionsOf('--guilds', '1, 4,8', '--runs', '3', '--env', 'GENERATOR_WORKERS=2', '--env', 'X=a=b', '--warmup', 'off', '--join-first', 'on', '--dave', '0');
    assert.deepEqual(options.guildCounts, [1, 4, 8]);
    assert.equal(options.runs, 3);
    assert.deepEqual(options.env, { GENERATOR_WORKERS: '2', X: 'a=b' });
    assert.equal(options.warmUp, false);
    assert.equal(options.joinFirst, true);
    assert.equal(options.daveProtocolVersion, 0);
  });

  it('refuses what it would otherwise misread (a typo must not start a 32-guild run on a shared machine)', () => {
    assert.throws(() => optionsOf('--guild', '1'), /unknown option --guild/);
    assert.throws(() => optionsOf('--guilds', '1,0'), /--guilds must be a whole number/);
    assert.throws(() => optionsOf('--runs', '1.5'), /--runs must be a whole number/);
    assert.throws(() => optionsOf('--env', 'NOEQUALS'), /KEY=VALUE/);
    assert.throws(() => optionsOf('--warmup', 'yes'), /on or off/);
    assert.throws(() => optionsOf('--dave', '2'), /0 or 1/);
    assert.throws(() => optionsOf('--runs', '1', '--runs', '2'), /given 2 times/);
  });
});

describe('capacity paragraphs', () => {
  it('32 different everyday paragraphs of 35 to 45 words (12-15 s of speech each with neural:slt)', () => {
    const paragraphs = readFileSync(new URL('../../bench/texts/capacity-paragraphs.txt', import.meta.url), 'utf8').split('\n').filter((l) => l.trim() !== '');
    assert.equal(paragraphs.length, 32);
    assert.equal(new Set(paragraphs).size, 32);
    for (const p of paragraphs) {
      const words = p.split(/\s+/).length;
      assert.ok(words >= 35 && words <= 45, `${words} words: ${p.slice(0, 40)}`);
    }
  });
});
