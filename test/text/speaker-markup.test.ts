import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseSpeakerTurns } from '../../src/text/speaker-markup.ts';

test('tags start turns; text before the first tag has no voice of its own', () => {
  assert.deepEqual(parseSpeakerTurns('[neural:rms] Hello there. [neural:slt] Hi!'), [
    { voice: 'neural:rms', text: 'Hello there.' },
    { voice: 'neural:slt', text: 'Hi!' },
  ]);
  assert.deepEqual(parseSpeakerTurns('Narrator first. [flite:kal16]Then me.[espeak:en-us] And me'), [
    { voice: undefined, text: 'Narrator first.' },
    { voice: 'flite:kal16', text: 'Then me.' },
    { voice: 'espeak:en-us', text: 'And me' },
  ]);
});

test('a text without tags is one turn in the message\'s voice', () => {
  assert.deepEqual(parseSpeakerTurns('Just one voice here.'), [{ voice: undefined, text: 'Just one voice here.' }]);
  assert.deepEqual(parseSpeakerTurns(''), []);
});

test('ordinary brackets are text, not tags', () => {
  const text = 'See note [1], the [citation needed] part and [sic] here: [a: b] [:x] [x:]';
  assert.deepEqual(parseSpeakerTurns(text), [{ voice: undefined, text }]);
});

test('voice ids keep their case and lose the spaces inside the brackets; turns with nothing to say are dropped', () => {
  assert.deepEqual(parseSpeakerTurns('[ piper:en_US-lessac-medium ] Hi. [neural:slt] [neural:rms]   Bye. [neural:awb]'), [
    { voice: 'piper:en_US-lessac-medium', text: 'Hi.' },
    { voice: 'neural:rms', text: 'Bye.' },
  ]);
});

test('the same voice twice gives two turns (the caller joins neighbours)', () => {
  assert.deepEqual(parseSpeakerTurns('[neural:slt] One. [neural:slt] Two.').map((turn) => turn.voice), ['neural:slt', 'neural:slt']);
});
