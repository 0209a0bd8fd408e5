import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const child = fileURLToPath(new URL('./fixtures/neural-abort-close.ts', import.meta.url));

interface ChildResult {
  readonly code: number | null;
  readonly signal: NodeJS.Signals | null;
  readonly stdout: string;
  readonly stderr: string;
}

function runChild(mode: string, delayMs: number): Promise<ChildResult> {
  return new Promise((resolve, reject) => {
    const proc = spawn(process.execPath, [child, mode, String(delayMs)], { stdio: ['ignore', 'pipe', 'pipe'], timeout: 60_000 });
    let stdout = '';
    let stderr = '';
    proc.stdout.setEncoding('utf8').on('data', (data: string) => (stdout += data));
    proc.stderr.setEncoding('utf8').on('data', (data: string) => (stderr += data));
    proc.on('error', reject);
    proc.on('close', (code, signal) => resolve({ code, signal, stdout, stderr }));
  });
}

// Each run is a separate process, so an abort of the process (what terminate() during session.run() caused) is seen
// as a failed run here instead of killing the test runner. Several runs, because the crash depended on timing.
const runs: ReadonlyArray<readonly [mode: string, delayMs: number]> = [
  ['abort-while-loading', 100],
  ['abort-while-playing', 100],
  ['abort-while-playing', 100],
  ['abort-while-playing', 250],
  ['close-while-playing', 100],
  ['close-while-playing', 30],
];

test('closing the pool right after an abort, with the real neural:slt voice mid model call, exits 0', async (t) => {
  for (const [mode, delayMs] of runs) {
    await t.test(`${mode} after ${delayMs} ms`, async () => {
      const result = await runChild(mode, delayMs);
      const output = `exit ${result.code} ${result.signal ?? ''}\nstdout: ${result.stdout}\nstderr: ${result.stderr}`;
      assert.doesNotMatch(result.stderr, /terminate called/, output);
      assert.equal(result.signal, null, output);
      assert.equal(result.code, 0, output);
      // A worker terminated after the grace period would have been logged as a warning.
      assert.doesNotMatch(result.stderr, /\[warn\]|\[error\]/, output);
      const report = JSON.parse(result.stdout.trim().split('\n').at(-1) ?? '{}') as Record<string, unknown>;
      assert.equal(report.mode, mode);
      const expected = mode === 'close-while-playing' ? 'shut down' : 'aborted';
      assert.equal(report.stream, expected, `how the open stream ended\n${output}`);
      if (mode !== 'abort-while-loading') assert.ok(Number(report.chunks) >= 1, output);
    });
  }
});
