import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { VoiceInfo } from '../../src/generator/speech-request.ts';
import { speakersForText } from '../../src/discord/speech-choice.ts';
import { MAX_SPEAKER_TURNS } from '../../src/limits/speech-limits.ts';

const voice = (id: string, installed = true, extra: Partial<VoiceInfo> = {}): VoiceInfo => ({
  id, engine: id.split(':')[0], language: 'en-US', sampleRate: 22050, installed, license: 'MIT', description: `voice ${id}`, ...extra,
});
const voices = [
  voice('neural:slt'), voice('neural:rms'), voice('flite:kal16'), voice('espeak:ja', true, { language: 'ja' }),
  voice('piper:en_US-lessac-medium', false, { fetchCommand: 'npm run models -- fetch piper:en_US-lessac-medium' }),
];
const guild = { voice: null, languageFallback: true, languageVoices: {} };

test('a message without markup is one voice and no turns', () => {
  assert.deepEqual(speakersForText('Hello there.', 'neural:slt', voices, guild, 'neural:slt'), {
    ok: true, voice: 'neural:slt', text: 'Hello there.', switched: [],
  });
});

test('tags become turns; text before the first tag is read by the message\'s voice; the words lose their tags', () => {
  assert.deepEqual(speakersForText('Once upon a time. [neural:rms] Hello there. [neural:slt] Hi!', 'flite:kal16', voices, guild, 'neural:slt'), {
    ok: true,
    voice: 'flite:kal16',
    text: 'Once upon a time. Hello there. Hi!',
    turns: [
      { voice: 'flite:kal16', text: 'Once upon a time.' },
      { voice: 'neural:rms', text: 'Hello there.' },
      { voice: 'neural:slt', text: 'Hi!' },
    ],
    switched: [],
  });
});

test('neighbouring turns of one voice are joined; a message that ends up with one voice has no turns', () => {
  const joined = speakersForText('[neural:slt] One. [neural:slt] Two. [neural:rms] Three.', 'neural:rms', voices, guild, 'neural:slt');
  assert.ok(joined.ok);
  assert.deepEqual(joined.turns, [{ voice: 'neural:slt', text: 'One. Two.' }, { voice: 'neural:rms', text: 'Three.' }]);
  assert.deepEqual(speakersForText('[neural:rms] Only me.', 'neural:slt', voices, guild, 'neural:slt'), {
    ok: true, voice: 'neural:rms', text: 'Only me.', switched: [],
  });
});

test('unknown and uninstalled voices in tags are refused, each named', () => {
  const result = speakersForText('[neural:rms] Hi. [neural:nobody] Hey. [piper:en_US-lessac-medium] Yo.', 'neural:slt', voices, guild, 'neural:slt');
  assert.equal(result.ok, false);
  assert.ok(!result.ok);
  assert.match(result.message, /neural:nobody/u);
  assert.match(result.message, /piper:en_US-lessac-medium is not installed.*npm run models -- fetch piper:en_US-lessac-medium/u);
  assert.match(result.message, /^I cannot read the speaker voices in that message\. There is no voice "neural:nobody"/u);
});

test('each turn follows the server\'s language rules like a one-voice message', () => {
  const switched = speakersForText('[neural:rms] Hello. [neural:slt] こんにちは', 'neural:slt', voices, guild, 'neural:slt');
  assert.ok(switched.ok);
  assert.deepEqual(switched.turns?.map((turn) => turn.voice), ['neural:rms', 'espeak:ja']);
  assert.deepEqual(switched.switched, [{ voice: 'espeak:ja', script: 'Japanese' }]);
  const refused = speakersForText('[neural:rms] Hello. [neural:slt] こんにちは', 'neural:slt', voices, { ...guild, languageFallback: false }, 'neural:slt');
  assert.ok(!refused.ok);
  assert.match(refused.message, /neural:slt cannot read Japanese/u);
});

test(`more than ${MAX_SPEAKER_TURNS} turns are refused`, () => {
  const many = Array.from({ length: MAX_SPEAKER_TURNS + 1 }, (_, i) => `[${i % 2 === 0 ? 'neural:slt' : 'neural:rms'}] Line ${i}.`).join(' ');
  const result = speakersForText(many, 'neural:slt', voices, guild, 'neural:slt');
  assert.ok(!result.ok);
  assert.match(result.message, new RegExp(`at most ${MAX_SPEAKER_TURNS}`, 'u'));
  const most = Array.from({ length: MAX_SPEAKER_TURNS }, (_, i) => `[${i % 2 === 0 ? 'neural:slt' : 'neural:rms'}] Line ${i}.`).join(' ');
  assert.equal(speakersForText(most, 'neural:slt', voices, guild, 'neural:slt').ok, true);
});

test('tags with nothing to say leave nothing to read', () => {
  assert.deepEqual(speakersForText('[neural:rms] [neural:slt]', 'neural:slt', voices, guild, 'neural:slt'), { ok: true, voice: 'neural:slt', text: '', switched: [] });
});
