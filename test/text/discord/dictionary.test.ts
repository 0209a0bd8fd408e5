import { test } from 'node:test';
import assert from 'node:assert/strict';
import { applyDictionary } from '../../../src/text/discord/dictionary.ts';

// Every character a member can type must be matched as itself: no entry may break matching for the others.
const ODD_WORDS = ['e-mail', 'c++', 'a.b', '(x)', '\\', '[y]', '{z}', 'a|b', '^up', 'cost$', 'why?', 'a*', 'x/y', '🔥', '🏳️‍🌈', '\\d+', '(?<n>x)', '.*'];

test('dictionary words with regex syntax (e-mail, c++, a.b, (x), \\, emoji) are matched literally', () => {
  const entries = ODD_WORDS.map((pattern, i) => ({ pattern, replacement: `word${i}` }));
  for (const [i, pattern] of ODD_WORDS.entries()) {
    assert.equal(applyDictionary(`say ${pattern} now`, entries), `say word${i} now`, pattern);
  }
  assert.equal(applyDictionary('send an E-Mail please', entries), 'send an word0 please');
  // Literal: ".*" does not match arbitrary text, "\d+" does not match digits, "a.b" does not match "axb".
  assert.equal(applyDictionary('axb 123 anything', entries), 'axb 123 anything');
  assert.equal(applyDictionary('hello', [{ pattern: 'e-mail', replacement: 'email' }]), 'hello');
});

test('whole words only, longest first, case-insensitive, never chained', () => {
  const entries = [
    { pattern: 'gg', replacement: 'lol' },
    { pattern: 'gg ez', replacement: 'good game' },
    { pattern: 'lol', replacement: 'laughing out loud' },
    { pattern: 'c++', replacement: 'C plus plus' },
  ];
  assert.equal(applyDictionary('GG EZ, then gg', entries), 'good game, then lol');
  assert.equal(applyDictionary('eggs and lollipop', entries), 'eggs and lollipop');
  assert.equal(applyDictionary('I like c++ and c++.', entries), 'I like C plus plus and C plus plus.');
  assert.equal(applyDictionary('xc++ stays', entries), 'xc++ stays');
  assert.equal(applyDictionary('', entries), '');
  assert.equal(applyDictionary('text', []), 'text');
  assert.equal(applyDictionary('text', [{ pattern: '   ', replacement: 'x' }]), 'text');
});

test('a replacement containing $& or $1 is inserted as written', () => {
  assert.equal(applyDictionary('pay now', [{ pattern: 'pay', replacement: '$& $1 $$' }]), '$& $1 $$ now');
});

test('a full 500-entry dictionary on a 1000-character text stays fast', () => {
  const entries = Array.from({ length: 500 }, (_, i) => ({ pattern: `w${i}-x.${'y'.repeat(i % 90)}`, replacement: `r${i}` }));
  const text = 'w1-x.y and some words '.repeat(45);
  const start = performance.now();
  const out = applyDictionary(text, entries);
  const ms = performance.now() - start;
  assert.match(out, /^r1 and some words/);
  assert.ok(ms < 50, `${ms.toFixed(1)} ms`);
});
