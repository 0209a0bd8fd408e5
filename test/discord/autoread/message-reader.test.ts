import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { VoiceInfo } from '../../../src/generator/speech-request.ts';
import { announcedSpeech, messageReader } from '../../../src/discord/autoread/message-reader.ts';

const voice = (id: string, installed = true, extra: Partial<VoiceInfo> = {}): VoiceInfo => ({
  id, engine: id.split(':')[0], language: 'en-US', sampleRate: 22050, installed, license: 'MIT', description: `voice ${id}`, ...extra,
});
const voices = [
  voice('neural:slt'), voice('neural:rms'), voice('espeak:ja', true, { language: 'ja' }),
  voice('piper:en_US-lessac-medium', false, { fetchCommand: 'npm run models -- fetch piper:en_US-lessac-medium' }),
];
const guild = { voice: null, languageFallback: true, languageVoices: {} };
const TWO = '[neural:rms] Hello there. [neural:slt] Hi!';

test('without the member\'s opt-in the brackets are words and one voice reads everything', () => {
  assert.deepEqual(messageReader(TWO, 'neural:slt', false, voices, guild, 'neural:slt'), { ok: true, reader: { voice: 'neural:slt', text: TWO } });
  // Even a tag naming a voice that does not exist: it is just text.
  assert.deepEqual(messageReader('[nope:x] hi', 'neural:slt', false, voices, guild, 'neural:slt'), { ok: true, reader: { voice: 'neural:slt', text: '[nope:x] hi' } });
});

test('with the opt-in the markup becomes turns, checked as /say checks it', () => {
  assert.deepEqual(messageReader(TWO, 'neural:slt', true, voices, guild, 'neural:slt'), {
    ok: true,
    reader: { voice: 'neural:rms', text: 'Hello there. Hi!', turns: [{ voice: 'neural:rms', text: 'Hello there.' }, { voice: 'neural:slt', text: 'Hi!' }] },
  });
  assert.deepEqual(messageReader('[neural:rms] Just me.', 'neural:slt', true, voices, guild, 'neural:slt'), { ok: true, reader: { voice: 'neural:rms', text: 'Just me.' } });
  const unknown = messageReader('[neural:nope] Hi. [neural:slt] Yo.', 'neural:slt', true, voices, guild, 'neural:slt');
  assert.equal(unknown.ok, false);
  if (!unknown.ok) assert.match(unknown.message, /There is no voice "neural:nope"/);
  const missing = messageReader('[piper:en_US-lessac-medium] Hi.', 'neural:slt', true, voices, guild, 'neural:slt');
  assert.equal(missing.ok, false);
  if (!missing.ok) assert.match(missing.message, /piper:en_US-lessac-medium.*not installed/);
  const tooMany = messageReader(Array.from({ length: 13 }, (_, i) => `[neural:${i % 2 ? 'slt' : 'rms'}] Line.`).join(' '), 'neural:slt', true, voices, guild, 'neural:slt');
  assert.equal(tooMany.ok, false);
  assert.deepEqual(messageReader('[neural:rms]', 'neural:slt', true, voices, guild, 'neural:slt'), { ok: true, reader: { voice: 'neural:slt', text: '' } });
});

test('the announcement is read by the first speaker, and turns plus announcement stay within the length limit', () => {
  const turns = [{ voice: 'neural:rms', text: 'Hello there.' }, { voice: 'neural:slt', text: 'Hi!' }];
  assert.deepEqual(announcedSpeech({ voice: 'neural:rms', text: 'Hello there. Hi!', turns }, 'Alice', 100), {
    voice: 'neural:rms', text: 'Alice said, Hello there. Hi!', turns: [{ voice: 'neural:rms', text: 'Alice said, Hello there.' }, turns[1]],
  });
  assert.deepEqual(announcedSpeech({ voice: 'neural:rms', text: 'Hello there. Hi!', turns }, null, 100), { voice: 'neural:rms', text: 'Hello there. Hi!', turns });
  // One voice: as auto-read always did.
  assert.deepEqual(announcedSpeech({ voice: 'neural:slt', text: 'hello' }, 'Bob', 100), { voice: 'neural:slt', text: 'Bob said, hello' });

  // Every limit from tiny to roomy: never longer than the limit, text always the turns' words, a cut says "and so on".
  const long = [
    { voice: 'neural:rms', text: 'Once upon a time there was a very long story told by the first voice.' },
    { voice: 'neural:slt', text: 'And then the second voice answered with a long reply of its own.' },
    { voice: 'neural:rms', text: 'The end.' },
  ];
  const full = long.map((t) => t.text).join(' ');
  for (let max = 1; max <= 200; max++) {
    for (const name of [null, 'Alice']) {
      const spoken = announcedSpeech({ voice: 'neural:rms', text: full, turns: long }, name, max);
      assert.ok(spoken.text.length <= max, `limit ${max}: ${spoken.text.length} characters`);
      assert.equal(spoken.text, spoken.turns ? spoken.turns.map((t) => t.text).join(' ') : spoken.text);
      assert.equal(spoken.voice, 'neural:rms');
      const whole = (name ? `Alice said, ${full}` : full).length <= max;
      if (!whole && max >= 40) assert.match(spoken.text, /, and so on$/, `limit ${max}`);
      if (whole) assert.equal(spoken.turns?.length, 3);
      // No speaker reads another's words: each kept turn is a start of its own turn's text, or the words of a stretch.
      for (const turn of spoken.turns ?? []) {
        const own = long.find((t) => t.voice === turn.voice && (turn.text.replace(/^Alice said, /, '').replace(/, and so on$/, '').length === 0 || t.text.startsWith(turn.text.replace(/^Alice said, /, '').replace(/, and so on$/, ''))));
        assert.ok(own, `limit ${max}: "${turn.text}" in ${turn.voice}`);
      }
      assert.ok(!spoken.text.includes('…'), 'no filler is spoken');
    }
  }
  const cut = announcedSpeech({ voice: 'neural:rms', text: full, turns: long }, 'Alice', 110);
  assert.deepEqual(cut.turns?.map((t) => t.voice), ['neural:rms', 'neural:slt'], 'the second speaker keeps the start of their turn');
});
