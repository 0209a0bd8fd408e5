import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { benchMatches, parseBenchArgs } from '../../../bench/lib/bench-args.ts';

describe('parseBenchArgs', () => {
  it('separates bench names from options, in either order and with both option spellings', () => {
    const { filters, options } = parseBenchArgs(['guilds', '--guilds', '1,4,8', '--runs=2', 'audio']);
    assert.deepEqual(filters, ['guilds', 'audio']);
    assert.deepEqual([...options], [['guilds', ['1,4,8']], ['runs', ['2']]]);
  });

  it('keeps every value of a repeated option, and values that contain = signs', () => {
    const { options } = parseBenchArgs(['--env', 'GENERATOR_WORKERS=2', '--env=LOG_LEVEL=debug']);
    assert.deepEqual(options.get('env'), ['GENERATOR_WORKERS=2', 'LOG_LEVEL=debug']);
  });

  it('refuses an option without a value instead of swallowing the next option or a bench name', () => {
    assert.throws(() => parseBenchArgs(['--runs']), /--runs needs a value/);
    assert.throws(() => parseBenchArgs(['--runs', '--guilds', '1']), /--runs needs a value/);
    assert.throws(() => parseBenchArgs(['--']), /not an option/);
  });

  it('no arguments: every bench, no options', () => {
    assert.deepEqual(parseBenchArgs([]), { filters: [], options: new Map() });
  });
});

describe('benchMatches', () => {
  it('matches part of the file name or an alias, nothing else', () => {
    assert.ok(benchMatches('capacity.bench.ts', 'capacity'));
    assert.ok(benchMatches('capacity.bench.ts', 'guilds'));
    assert.ok(benchMatches('audio.bench.ts', 'aud'));
    assert.ok(!benchMatches('audio.bench.ts', 'guilds'));
    assert.ok(!benchMatches('capacity.bench.ts', 'generator'));
  });
});
