import { test } from 'node:test';
import assert from 'node:assert/strict';
import { formatDictionaryJson, formatImportResult, parseDictionaryJson } from '../../src/discord/dictionary-json.ts';

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

test('a UTF-8 byte-order mark before the JSON is accepted', () => {
  assert.deepEqual(parseDictionaryJson('\uFEFF{"brb": "be right back"}'), { ok: true, entries: [{ pattern: 'brb', replacement: 'be right back' }] });
});

test('the size limit counts UTF-8 bytes, not characters', () => {
  // 100,000 three-byte characters are 300 KB: over the 256 KB limit although under 256 K characters.
  const result = parseDictionaryJson(`{"x": "${'€'.repeat(100_000)}"}`);
  assert.deepEqual(result, { ok: false, message: 'That dictionary file is too large (256 KB at most).' });
});

test('the import answer counts every outcome', () => {
  assert.equal(formatImportResult({ added: 1, updated: 0, refusedFull: 0 }), 'Added 1 new entry.');
  assert.equal(formatImportResult({ added: 3, updated: 2, refusedFull: 0 }), 'Added 3 new entries and updated 2 entries.');
  assert.equal(
    formatImportResult({ added: 500, updated: 0, refusedFull: 9500 }),
    'Added 500 new entries. 9,500 entries were not added because the dictionary is full (500 entries at most); remove some with /dictionary remove first.',
  );
});
