import { test } from 'node:test';
import assert from 'node:assert/strict';
import { commands, REQUIRE_FIXTURES_VARIABLE, sharedModel, skipUnless } from './test-requirements.ts';

function withRequired<T>(value: string | undefined, run: () => T): T {
  const before = process.env[REQUIRE_FIXTURES_VARIABLE];
  if (value === undefined) delete process.env[REQUIRE_FIXTURES_VARIABLE];
  else process.env[REQUIRE_FIXTURES_VARIABLE] = value;
  try {
    return run();
  } finally {
    if (before === undefined) delete process.env[REQUIRE_FIXTURES_VARIABLE];
    else process.env[REQUIRE_FIXTURES_VARIABLE] = before;
  }
}

test('present requirements do not skip, in either mode', () => {
  const node = commands(['node'], 'nodejs');
  assert.equal(node.missing, null);
  assert.equal(withRequired(undefined, () => skipUnless(node)), false);
  assert.equal(withRequired('1', () => skipUnless(node)), false);
});

test('a missing requirement skips with a one-line reason, or fails when CI makes it mandatory', () => {
  const tool = commands(['no-such-tool-4711', 'node'], 'some-package');
  const model = sharedModel('no-such-model/voice.onnx');
  assert.equal(tool.missing, 'no-such-tool-4711 not found (apt-get install some-package)');
  assert.equal(model.missing, 'model fixture ../shared/models/no-such-model/voice.onnx is not there');
  const reason = withRequired(undefined, () => skipUnless(tool, model));
  assert.equal(reason, `${tool.missing}; ${model.missing}`);
  assert.doesNotMatch(String(reason), /\n/);
  assert.equal(withRequired('0', () => skipUnless(tool)), tool.missing);
  assert.throws(() => withRequired('1', () => skipUnless(tool)), /no-such-tool-4711 not found .*REQUIRE_TEST_FIXTURES=1 makes it mandatory/);
});
