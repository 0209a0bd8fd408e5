import assert from 'node:assert/strict';
import { test } from 'node:test';
import { CoreShare, coreShareWindowMs, freshCoreShare } from '../../../src/generator/pool/core-share.ts';

test('the share is CPU over wall time of the calls in the window', () => {
  const share = new CoreShare();
  share.record(100, { wallMs: 40, cpuMs: 40 });
  share.record(200, { wallMs: 60, cpuMs: 20 });
  assert.ok(Math.abs((share.share(200) ?? 0) - 0.6) < 1e-9, '60 ms of CPU in 100 ms of calls');
});

test('calls older than the window no longer count', () => {
  const share = new CoreShare();
  share.record(0, { wallMs: 100, cpuMs: 25 });
  share.record(coreShareWindowMs + 50, { wallMs: 50, cpuMs: 50 });
  assert.equal(share.share(coreShareWindowMs + 50), 1, 'the slow call at 0 has left the window');
});

test('too little measured says nothing, and a share never exceeds 1', () => {
  const share = new CoreShare();
  share.record(10, { wallMs: 5, cpuMs: 1 });
  assert.equal(share.share(10), undefined, '5 ms of calls is too little to judge');
  const over = new CoreShare();
  over.record(20, { wallMs: 30, cpuMs: 31 });
  assert.equal(over.share(20), 1, 'CPU clocks can read a little over the wall clock');
  over.record(30, { wallMs: 0, cpuMs: 0 });
  assert.equal(over.share(30), 1, 'a zero-length call is ignored');
});

test('admission uses a recent report, and a whole core once the worker has been quiet for a window', () => {
  assert.equal(freshCoreShare(undefined, 1_000), 1);
  assert.equal(freshCoreShare({ share: 0.3, at: 1_000 }, 1_000 + coreShareWindowMs), 0.3);
  assert.equal(freshCoreShare({ share: 0.3, at: 1_000 }, 1_001 + coreShareWindowMs), 1);
});
