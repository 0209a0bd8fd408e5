// End to end: hostile input through /say and auto-read against the real bot. Every /say gets a clear private answer,
// messages are spoken or ignored, the bot keeps running, and another guild's speech plays on to its end.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { setTimeout as sleep } from 'node:timers/promises';
import type { CommandOption } from '../fake-discord/index.ts';
import { E2E_TOKEN, startE2eBot } from './helpers/e2e-bot.ts';
import type { E2eBot } from './helpers/e2e-bot.ts';
import { FRAME_MS, waitForUtterances } from './helpers/received-audio.ts';
import { renderReference } from './helpers/reference-audio.ts';

const STRING = 3;
const NUMBER = 10;
const text = (value: string | number, type = STRING): CommandOption => ({ name: 'text', type, value });

/** /say inputs; `expect` is what the answer must match when it is a refusal we can predict. */
const SAY_CASES: Array<{ name: string; options: CommandOption[]; expect?: RegExp }> = [
  { name: 'empty text', options: [text('')], expect: /nothing I can read/i },
  { name: 'only spaces', options: [text('      ')], expect: /nothing I can read/i },
  { name: 'no text option at all', options: [] },
  { name: '10k characters', options: [text('word '.repeat(2000))] },
  { name: 'zalgo', options: [text('Z\u0334\u0327\u031b\u0316\u034ea\u0338\u0321\u031b\u0353l\u0337g\u0336o\u0335'.repeat(40))] },
  { name: 'control bytes', options: [text('\u0000\u0001\u0007\u001b[31mred\u001b[0m\u007f')] },
  { name: '@everyone flood', options: [text('@everyone @here '.repeat(120))] },
  { name: 'only emoji', options: [text('😀😃😄😁🎉🔥'.repeat(20))] },
  { name: 'only mentions', options: [text('<@123> <#456> <@&789> <@!42>')] },
  { name: 'only a link', options: [text('https://example.com/a/b?c=d')] },
  { name: 'right-to-left override and lone surrogate', options: [text('\u202Eevil\uD800 text')] },
  { name: '2000 newlines', options: [text('\n'.repeat(2000))], expect: /nothing I can read/i },
  { name: 'text of the wrong type (number)', options: [text(42, NUMBER)] },
  { name: 'speed of the wrong type (string)', options: [text('hi'), { name: 'speed', type: STRING, value: 'fast' }] },
  { name: 'unknown voice', options: [text('hi'), { name: 'voice', type: STRING, value: 'nosuch:voice' }], expect: /voice/i },
  { name: 'unknown neural voice', options: [text('hi'), { name: 'voice', type: STRING, value: 'neural:nope' }], expect: /voice/i },
  { name: 'path as voice', options: [text('hi'), { name: 'voice', type: STRING, value: '../../etc/passwd' }], expect: /voice/i },
  { name: 'empty voice', options: [text('hi'), { name: 'voice', type: STRING, value: '' }] },
  { name: 'speed too low', options: [text('hi'), { name: 'speed', type: NUMBER, value: 0.01 }] },
  { name: 'speed too high', options: [text('hi'), { name: 'speed', type: NUMBER, value: 99 }] },
  { name: 'negative speed', options: [text('hi'), { name: 'speed', type: NUMBER, value: -1 }] },
  { name: 'unknown extra option', options: [text('hi'), { name: 'bogus', type: STRING, value: 'x' }] },
  { name: 'spoiler and code only', options: [text('||secret|| ```js\nprocess.exit(1)\n```')] },
];

/** Auto-read messages: each is either read (clean text) or ignored; none may break anything. */
const MESSAGE_CASES = ['', 'word '.repeat(2000), '@everyone '.repeat(200), '\u0000\u0001\u0002\u001b[2J', '🔥'.repeat(300),
  'Z\u0334\u0327\u031b\u0316\u034e'.repeat(300), '<@1><@2><@3><@4><@5>'];

function isControl(character: string): boolean {
  const code = character.codePointAt(0) ?? 0;
  return (code < 0x20 && character !== '\n' && character !== '\t') || code === 0x7f || code === 0x202e;
}

describe('hostile input end to end', { timeout: 240_000 }, () => {
  let e2e: E2eBot;

  before(async () => {
    e2e = await startE2eBot({
      guilds: [
        { name: 'Hostile', textChannels: ['general', 'reading'], members: [{ username: 'mallory', voiceChannel: 'Voice' }] },
        { name: 'Calm', members: [{ username: 'carol', voiceChannel: 'Voice' }] },
      ],
      config: { userRateLimit: 0, queueMaxDepth: 100 },
      settings: (guilds) => [{ guildId: guilds[0].id, autoreadChannelId: guilds[0].channel('reading').id }],
      workers: 2,
    });
    await renderReference(e2e.generator, { text: 'Warming up.', voice: 'neural:slt' });
  });
  after(async () => {
    await e2e?.close();
  });

  it(`${SAY_CASES.length} hostile /say and ${MESSAGE_CASES.length} hostile messages: clear answers, no crash, the other guild plays on`, async () => {
    const { fake } = e2e;
    const [hostile, calm] = e2e.guilds;
    const calmText = 'This calm guild keeps talking while someone else sends strange things, and every word should still arrive.';
    const calmSay = fake.injectSlashCommand({ guildId: calm.id, userId: 'carol', name: 'say', options: { text: calmText } });
    assert.equal((await fake.waitForReplyContent(calmSay.id, { timeoutMs: 30_000 })).content, 'Speaking.');
    await fake.waitForAudio(calm.id, { minAudibleMs: 200, timeoutMs: 30_000 });

    const answers: string[] = [];
    for (const sayCase of SAY_CASES) {
      const { id } = fake.injectSlashCommand({ guildId: hostile.id, userId: 'mallory', name: 'say', options: sayCase.options });
      const reply = await fake.waitForReplyContent(id, { timeoutMs: 30_000 });
      const content = reply.content ?? '';
      answers.push(`${sayCase.name}: ${content}`);
      assert.equal(reply.ephemeral, true, `${sayCase.name}: private answer`);
      assert.ok(content.length >= 5 && content.length <= 500, `${sayCase.name}: a short sentence (${JSON.stringify(content)})`);
      assert.doesNotMatch(content, /\bat .+:\d+:\d+|TypeError|undefined|\[object|null|NaN|Napi/, `${sayCase.name}: no internals (${content})`);
      assert.ok(!content.includes(E2E_TOKEN), 'no token');
      if (sayCase.expect) assert.match(content, sayCase.expect, `${sayCase.name}: ${content}`);
    }
    for (const content of MESSAGE_CASES) fake.injectMessage({ guildId: hostile.id, channelId: 'reading', userId: 'mallory', content });
    console.log(`[measure] hostile /say answers:\n  ${answers.join('\n  ')}`);

    // The bot is alive and answering; clearing the hostile guild's queue works.
    await sleep(1000);
    const stop = fake.injectSlashCommand({ guildId: hostile.id, userId: 'mallory', name: 'stop' });
    assert.match((await fake.waitForReplyContent(stop.id, { timeoutMs: 30_000 })).content ?? '', /^(Stopped|Nothing)/);
    assert.ok(e2e.bot.client.isReady(), 'the gateway client is still ready');
    const hostileRequests = e2e.requests.filter((r) => r.request.text !== calmText);
    for (const { request } of hostileRequests) {
      const speed = request.speed ?? 1;
      assert.ok(speed >= 0.5 && speed <= 2.5, `speed ${speed} reached the generator`);
    }
    const spoken = hostileRequests.map((r) => r.request.text);
    for (const t of spoken) {
      assert.ok(t.length <= 1000, `a request within the text limit (${t.length} characters)`);
      assert.ok(![...t].some(isControl), `no control characters reach the generator: ${JSON.stringify(t.slice(0, 40))}`);
      assert.doesNotMatch(t, /@everyone|<@/, 'mentions are not read raw');
    }

    // The calm guild's message played to its end while all this happened.
    const { audio: calmAudio, utterances } = await waitForUtterances(() => fake.audioFor(calm.id), 1);
    const recorded = e2e.requests.find((r) => r.request.text === calmText);
    assert.ok(recorded);
    const reference = await renderReference(e2e.generator, recorded.request);
    assert.equal(utterances.length, 1);
    assert.ok(Math.abs(utterances[0].durationMs - reference.frames * FRAME_MS) <= 40,
      `calm guild heard ${utterances[0].durationMs} ms of ${reference.frames * FRAME_MS} ms`);
    assert.deepEqual(calmAudio.sequenceGaps, []);
    console.log(`[measure] calm guild: ${utterances[0].durationMs} ms heard in full, ${utterances[0].underrunFrames} underrun frames`);

    // And the hostile guild can still be served normally.
    fake.clearAudio(hostile.id);
    const normal = fake.injectSlashCommand({ guildId: hostile.id, userId: 'mallory', name: 'say', options: { text: 'All good.' } });
    assert.equal((await fake.waitForReplyContent(normal.id, { timeoutMs: 30_000 })).content, 'Speaking.');
    await fake.waitForAudio(hostile.id, { minAudibleMs: 300, timeoutMs: 30_000 });
    await waitForUtterances(() => fake.audioFor(hostile.id), 1);
  });
});
