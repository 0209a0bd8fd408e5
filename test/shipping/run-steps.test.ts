// `npm test` runs its steps through .ci/run-steps.js: every step runs even after a failure, and the run still fails.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const root = join(import.meta.dirname, '..', '..');

test('npm test is the step runner over (at least) typecheck, lint, unit and e2e, in that order', () => {
  const { scripts } = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as { scripts: Record<string, string> };
  const [node, runner, ...steps] = scripts.test.split(' ');
  assert.deepEqual([node, runner], ['node', '.ci/run-steps.js']);
  assert.deepEqual(steps.filter((step) => ['typecheck', 'lint', 'test:unit', 'test:e2e'].includes(step)), ['typecheck', 'lint', 'test:unit', 'test:e2e']);
  for (const step of steps) assert.ok(step in scripts, `npm run ${step} exists`);
});

test('a failing step does not stop the later ones, and the run exits 1 naming it', () => {
  const dir = mkdtempSync(join(tmpdir(), 'run-steps-'));
  try {
    writeFileSync(
      join(dir, 'package.json'),
      JSON.stringify({ name: 'steps', version: '1.0.0', scripts: { first: 'exit 3', second: 'node -e "require(\'fs\').writeFileSync(\'ran\', \'\')"' } }),
    );
    const result = spawnSync(process.execPath, [join(root, '.ci', 'run-steps.js'), 'first', 'second'], { cwd: dir, encoding: 'utf8', timeout: 60_000 });
    assert.equal(result.status, 1, result.stderr);
    assert.ok(existsSync(join(dir, 'ran')), 'the second step ran after the first failed');
    assert.match(result.stderr, /Failed: first \(exit 3\)/);
    const passing = spawnSync(process.execPath, [join(root, '.ci', 'run-steps.js'), 'second'], { cwd: dir, encoding: 'utf8', timeout: 60_000 });
    assert.equal(passing.status, 0, passing.stderr);
    assert.match(passing.stdout, /All passed: second/);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
