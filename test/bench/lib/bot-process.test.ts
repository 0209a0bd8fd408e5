import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { startupConfig } from '../../../bench/lib/bot-process.ts';

describe('startupConfig', () => {
  it('takes the config of the bot\'s "starting" log line and ignores other lines', () => {
    const output = [
      'not json "starting"',
      '{"level":30,"msg":"starting soon","config":{"x":1}}',
      '{"level":30,"time":1,"config":{"generatorWorkers":2,"discordToken":"[redacted]"},"msg":"starting"}',
      '{"level":30,"msg":"bot ready"}',
    ].join('\n');
    assert.deepEqual(startupConfig(output), { generatorWorkers: 2, discordToken: '[redacted]' });
    assert.equal(startupConfig('{"msg":"bot ready"}\n'), null);
  });
});
