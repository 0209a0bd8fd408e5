import { test } from 'node:test';
import assert from 'node:assert/strict';
import { checkVoiceDependencies, summarizeVoiceDependencies } from '../../src/discord/dependency-check.ts';

const report = (opus: string, crypto: string, dave: string): string => `--------------------------------------------------
Core Dependencies
- @discordjs/voice: 0.19.2
- prism-media: 1.3.5

Opus Libraries
- @discordjs/opus: ${opus}
- opusscript: not found

Encryption Libraries
- native crypto support for aes-256-gcm: ${crypto}
- sodium-native: not found

DAVE Libraries
- @snazzah/davey: ${dave}

FFmpeg
- not found
--------------------------------------------------`;

test('this machine has Opus, encryption and DAVE (the real report)', () => {
  const result = checkVoiceDependencies();
  assert.deepEqual(result.problems, []);
  assert.equal(result.ok, true);
});

test('each missing library is named with what to do', () => {
  assert.equal(checkVoiceDependencies(report('0.10.0', 'yes', '0.1.12')).ok, true);
  const noDave = checkVoiceDependencies(report('0.10.0', 'yes', 'not found'));
  assert.equal(noDave.ok, false);
  assert.match(noDave.problems.join(), /@snazzah\/davey/);
  const noOpus = checkVoiceDependencies(report('not found', 'yes', '0.1.12'));
  assert.match(noOpus.problems.join(), /Opus/);
  const noCrypto = checkVoiceDependencies(report('0.10.0', 'no', '0.1.12'));
  assert.match(noCrypto.problems.join(), /encryption/);
  assert.equal(checkVoiceDependencies('').problems.length, 3, 'an unreadable report is not a pass');
});

test('the start-up summary lists the libraries found by kind, and nothing for a missing kind', () => {
  assert.deepEqual(summarizeVoiceDependencies(report('0.10.0', 'yes', '0.1.12')), {
    opus: ['@discordjs/opus: 0.10.0'],
    encryption: ['native crypto support for aes-256-gcm: yes'],
    dave: ['@snazzah/davey: 0.1.12'],
  });
  assert.deepEqual(summarizeVoiceDependencies(report('not found', 'no', 'not found')), { opus: [], encryption: [], dave: [] });
});
