import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';

// `npm run deps` checks the real tree against .dependency-cruiser.cjs; this shows the rules bite: the fixture folder
// holds a small src/ with one import cycle, two upstream arrows and an engine reaching into another engine.
const root = join(import.meta.dirname, '..', '..');
const fixture = join(import.meta.dirname, 'fixture');

test('the import rules fail on a cycle and on forbidden arrows, and pass an allowed one', () => {
  const cli = join(root, 'node_modules', 'dependency-cruiser', 'bin', 'dependency-cruiser.mjs');
  const run = spawnSync(process.execPath, [cli, 'src', '--config', join(root, '.dependency-cruiser.cjs'), '--output-type', 'err'], {
    cwd: fixture,
    encoding: 'utf8',
    timeout: 60_000,
  });
  const output = `${run.stdout}${run.stderr}`;
  assert.notEqual(run.status, 0, `depcruise passed the fixture:\n${output}`);
  assert.match(output, /no-circular: src\/generator\/(speak|voices)\.ts/);
  assert.match(output, /flow-audio: src\/audio\/encode\.ts → src\/generator\/speak\.ts/);
  assert.match(output, /flow-text: src\/text\/clean\.ts → src\/storage\/table\.ts/);
  assert.match(output, /engines-stand-alone: src\/generator\/kokoro\/engine\.ts → src\/generator\/piper\/phonemes\.ts/);
  assert.match(output, /4 dependency violations/, 'exactly the four planted ones');
  assert.doesNotMatch(output, /src\/discord\/ok\.ts/, 'discord -> generator is downstream, so allowed');
});
