import { test } from 'node:test';
import assert from 'node:assert/strict';
import { formatDictionaryJson, parseDictionaryJson } from '../../src/discord/dictionary-json.ts';

test('export then import gives the same entries', () => {
  const entries = [{ pattern: 'gif', replacement: 'jif' }, { pattern: 'SQL', replacement: 'sequel' }];
  assert.deepEqual(parseDictionaryJson(formatDictionaryJson(entries)), { ok: true, entries });
});

test('a plain object map is accepted too', () => {
  assert.deepEqual(parseDictionaryJson('{"brb": "be right back"}'), { ok: true, entries: [{ pattern: 'brb', replacement: 'be right back' }] });
});

test('bad input gives a friendly message, never a throw', () => {
  for (const text of ['', 'not json', '[]', '42', '[{"pattern": 1}]', '[{"pattern": " ", "replacement": "x"}]', 'null']) {
    const result = parseDictionaryJson(text);
    assert.equal(result.ok, false, text);
    assert.ok(!result.ok && result.message.length > 10);
  }
  const second = parseDictionaryJson('[{"pattern":"a","replacement":"b"},{"pattern":"c"}]');
  assert.ok(!second.ok && /Entry 2/.test(second.message));
  assert.equal(parseDictionaryJson('x'.repeat(300_000)).ok, false);
});
