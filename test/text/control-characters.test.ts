import { test } from 'node:test';
import assert from 'node:assert/strict';
import { removeTerminalEscapes, safeDisplayText } from '../../src/text/control-characters.ts';

test('terminal escape sequences are removed whole', () => {
  assert.equal(removeTerminalEscapes('\u001b[31mred\u001b[0m'), 'red');
  assert.equal(removeTerminalEscapes('\u001b[1;38;5;196mbold\u001b[m and \u009b2Jclear'), 'bold and clear');
  assert.equal(removeTerminalEscapes('\u001b]0;window title\u0007after'), 'after');
  assert.equal(removeTerminalEscapes('\u001b]8;;http://x\u001b\\link\u001b]8;;\u001b\\'), 'link');
  assert.equal(removeTerminalEscapes('a\u001b7b\u001b(Bc\u001bPdcs\u001b\\d'), 'abcd');
  assert.equal(removeTerminalEscapes('no escapes [31m here'), 'no escapes [31m here');
});

test('replies lose control and bidi characters but keep lines, tabs, emoji and every script', () => {
  assert.equal(safeDisplayText('I do not know the voice "\u0000x\u001b[2J\u202Eevil\u2066y\u2069".'), 'I do not know the voice "xevily".');
  assert.equal(safeDisplayText('line one\nline\ttwo'), 'line one\nline\ttwo');
  assert.equal(safeDisplayText('🏳️‍🌈 👨‍👩‍👧 Привет こんにちは مرحبا'), '🏳️‍🌈 👨‍👩‍👧 Привет こんにちは مرحبا');
  assert.equal(safeDisplayText('a\u200E\u200F\u061Cb\u007f\u0085c'), 'abc');
  assert.equal(safeDisplayText('lone \uD800 surrogate'), 'lone \uFFFD surrogate');
});
