import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createProgressReporter, formatBytes, formatProgressBar } from '../../src/models/progress.ts';

test('progress bar and byte formatting', () => {
  assert.equal(formatProgressBar(0, 100, 10), '[----------]   0%  0 B / 100 B');
  assert.equal(formatProgressBar(50, 100, 10), '[#####-----]  50%  50 B / 100 B');
  assert.equal(formatProgressBar(100, 100, 10), '[##########] 100%  100 B / 100 B');
  assert.equal(formatBytes(63_201_294), '63.2 MB');
  assert.equal(formatBytes(1_500), '1.5 kB');
});

test('without a terminal progress is one plain line per 10 %', () => {
  let text = '';
  const reporter = createProgressReporter({ isTTY: false, write: (t: string) => (text += t) }, 'file');
  for (let i = 0; i <= 1000; i += 7) reporter.update(i, 1000);
  reporter.update(1000, 1000);
  reporter.done('verified');
  const lines = text.trim().split('\n');
  assert.equal(lines.length, 12); // 0..100 % in tens, then "verified"
  assert.ok(!text.includes('\r'));
});

test('on a terminal the bar redraws in place', () => {
  let text = '';
  const reporter = createProgressReporter({ isTTY: true, write: (t: string) => (text += t) }, 'file');
  reporter.update(1000, 1000);
  reporter.done('verified');
  assert.match(text, /^\rfile \[#+\] 100%/);
  assert.ok(text.endsWith('file verified\n'));
});
