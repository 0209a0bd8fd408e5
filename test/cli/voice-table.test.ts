import { test } from 'node:test';
import assert from 'node:assert/strict';
import { formatVoiceTable } from '../../src/cli/voice-table.ts';

test('the voices table shows status, rate and the fetch command for voices not on disk', () => {
  const table = formatVoiceTable([
    { id: 'neural:slt', engine: 'neural', language: 'en-US', sampleRate: 22050, installed: true, license: 'MIT', description: 'default' },
    { id: 'piper:en_US-lessac-medium', engine: 'piper', language: 'en-US', sampleRate: 22050, installed: false, license: 'see card', description: 'Lessac', fetchCommand: 'npm run models -- fetch piper:en_US-lessac-medium' },
  ]);
  const lines = table.split('\n');
  assert.match(lines[0], /^VOICE\s+LANGUAGE\s+RATE\s+STATUS/);
  assert.match(lines[1], /^neural:slt\s+en-US\s+22\.05 kHz\s+installed/);
  assert.match(lines[2], /fetchable.*-> npm run models -- fetch piper:en_US-lessac-medium$/);
  assert.match(table, /1 installed, 1 fetchable/);
  // Columns line up: STATUS starts at the same offset on every row.
  assert.equal(lines[1].indexOf('installed'), lines[0].indexOf('STATUS'));
});
