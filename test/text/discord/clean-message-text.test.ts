import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { cleanMessageText } from '../../../src/text/discord/clean-message-text.ts';
import type { CleanOptions, MessageTextInput } from '../../../src/text/discord/message-text-input.ts';

const NOW = Date.UTC(2023, 10, 14, 22, 13, 20); // 1700000000 s
const options: CleanOptions = { readEmoji: true, repeatedCharacterLimit: 3, maxLength: 300, now: NOW };
const names: Omit<MessageTextInput, 'content'> = {
  users: new Map([['111', 'Alice'], ['222', '✨𝓑𝓸𝓫✨'], ['333', 'cool_guy_99']]),
  roles: { '444': 'Moderators' },
  channels: (id) => (id === '555' ? 'general' : undefined),
};

// [message, expected speech]. Real-looking chat, one rule or a mix of rules per line.
const cases: [string, string][] = [
  ['hello everyone', 'hello everyone'],
  ['hey <@111> how are you?', 'hey Alice how are you?'],
  ['<@!111> check this', 'Alice check this'],
  ['thanks <@222>!', 'thanks Bob!'],
  ['ping <@999>', 'ping someone'],
  ['<@&444> someone is spamming', 'Moderators someone is spamming'],
  ['<@&999> wake up', 'a role wake up'],
  ['go to <#555> please', 'go to general please'],
  ['see <#999>', 'see a channel'],
  ['@everyone raid tonight', 'everyone raid tonight'],
  ['@everyone @everyone @everyone @everyone WAKE UP', 'everyone WAKE UP'],
  ['@here quick question', 'here quick question'],
  ['<@111> <@111> <@111> answer me', 'Alice answer me'],
  ['gg <:pepe_laugh:123456789012345678>', 'gg pepe laugh'],
  ['<a:catJAM:987654321098765432> vibing', 'catJAM vibing'],
  ['lmao 😂😂😂😂', 'lmao face with tears of joy'],
  ['nice 👍🏽 🔥', 'nice thumbs up fire'],
  ['I ❤️ this', 'I red heart this'],
  ['🇫🇷 won', 'flag of France won'],
  ['idk 🤷‍♂️', 'idk man shrugging'],
  ['unknown 🧌 emoji', 'unknown emoji'],
  ['check https://www.youtube.com/watch?v=dQw4w9WgXcQ', 'check a link to youtube.com'],
  ['docs at https://nodejs.org/api/sqlite.html.', 'docs at a link to nodejs.org.'],
  ['(see https://en.wikipedia.org/wiki/Foo_(bar)) ok', '(see a link to en.wikipedia.org) ok'],
  ['no embed <https://github.com/discordjs/discord.js>', 'no embed a link to github.com'],
  ['www.example.com is down', 'a link to example.com is down'],
  ['read [the guide](https://discord.com/developers/docs) first', 'read the guide first'],
  ['look:\n```js\nconsole.log("hi")\n```', 'look: code block'],
  ['run `npm install` then `node src/main.ts`', 'run npm install then node src/main.ts'],
  ['set `max_queue_depth` to 5', 'set max_queue_depth to 5'],
  ['the killer is ||the butler|| lol', 'the killer is lol'],
  ['**bold** *italic* __underline__ ~~strike~~ ***both***', 'bold italic underline strike both'],
  ['this is _really_ important', 'this is really important'],
  ['# Announcement\nServer update tonight', 'Announcement. Server update tonight'],
  ['> quoted text\nmy reply', 'quoted text. my reply'],
  ['>>> long quote\nsecond line', 'long quote. second line'],
  ['shopping:\n- milk\n- eggs\n1. bread', 'shopping: milk. eggs. bread'],
  ['-# small print', 'small print'],
  ['event <t:1700000000:R>', 'event now'],
  ['starts <t:1700003600:R>', 'starts in 1 hour'],
  ['was <t:1699913600:R>', 'was yesterday'],
  ['meeting <t:1700000000:F>', 'meeting Tuesday, November 14, 2023 at 10:13 PM'],
  ['deadline <t:1700000000:d>', 'deadline November 14, 2023'],
  ['at <t:1700000000:t>', 'at 10:13 PM'],
  ['noooooooooo waaaaay!!!!!!!!', 'nooo waaay!!!'],
  ['it costs 1000000 dollars', 'it costs 1000000 dollars'],
  ['Z̵̢̛̖̗̘̙̜̝̞̟a̸̡̢̛̖̗̘̙̜l̴̡̢̛̖̗̘̙g̷̡̢̛̖̗̘̙̜ơ̶̡̢̖̗̘̙̜ text', 'Zalgo text'],
  ['café naïve résumé', 'café naïve résumé'],
  ['नमस्ते दोस्त', 'नमस्ते दोस्त'],
  ['𝕙𝕖𝕝𝕝𝕠 ｆｒｉｅｎｄ', 'hello friend'],
  ['zero\u200Bwidth\u0007bell', 'zerowidth bell'],
  ['lots     of\t\tspace', 'lots of space'],
  ['escaped \\*not italic\\*', 'escaped *not italic*'],
  ['use </tts say:123456> to talk', 'use tts say to talk'],
  ['😂', 'face with tears of joy'],
  ['', ''],
  ['   ', ''],
  ['||only a spoiler||', ''],
  ['...', ''],
  ['<:blank:123>', 'blank'],
];

test('real-looking messages become the expected speech', () => {
  assert.ok(cases.length >= 40);
  const failures: string[] = [];
  for (const [content, expected] of cases) {
    const actual = cleanMessageText({ content, ...names }, options);
    if (actual !== expected) failures.push(`${JSON.stringify(content)}\n    expected ${JSON.stringify(expected)}\n    got      ${JSON.stringify(actual)}`);
  }
  assert.deepEqual(failures, [], `\n${failures.join('\n')}`);
});

test('emoji can be dropped by setting; custom emoji names stay', () => {
  const noEmoji = { ...options, readEmoji: false };
  assert.equal(cleanMessageText({ content: 'nice 👍 <:pog:1> 🔥🔥' }, noEmoji), 'nice pog');
  assert.equal(cleanMessageText({ content: '😂😂😂' }, noEmoji), '');
});

test('attachments and stickers are announced, counted and pluralised', () => {
  const image = { name: 'cat.png', contentType: 'image/png' };
  const say = (content: string, extra: Partial<MessageTextInput>) => cleanMessageText({ content, ...extra }, options);
  assert.equal(say('', { attachments: [image] }), 'an image');
  assert.equal(say('look at my cat', { attachments: [image] }), 'look at my cat, with an image');
  assert.equal(say('', { attachments: [image, { name: 'dog.JPG' }, { name: 'clip.mp4', contentType: 'video/mp4' }] }), '2 images and a video');
  assert.equal(
    say('logs', { attachments: [{ name: 'voice-message.ogg', contentType: 'audio/ogg' }, { name: 'a.txt', contentType: 'text/plain' }, { name: 'b.zip' }] }),
    'logs, with an audio file and 2 files',
  );
  assert.equal(say('', { stickerNames: ['Wave'] }), 'the Wave sticker');
  assert.equal(say('hi', { attachments: [{ name: 'x.mp3' }, { name: 'y.wav' }], stickerNames: ['Cat'] }), 'hi, with 2 audio files and the Cat sticker');
});

test('dictionary entries replace whole words, ignoring case, longest first, without chaining', () => {
  const dictionary = [
    { pattern: 'lol', replacement: 'laughing out loud' },
    { pattern: 'brb', replacement: 'be right back' },
    { pattern: 'gg ez', replacement: 'good game' },
    { pattern: 'gg', replacement: 'lol' },
    { pattern: 'C++', replacement: 'C plus plus' },
  ];
  const say = (content: string) => cleanMessageText({ content }, { ...options, dictionary });
  assert.equal(say('LOL brb'), 'laughing out loud be right back');
  assert.equal(say('lollipop and Lol.'), 'lollipop and laughing out loud.');
  assert.equal(say('gg ez, then gg'), 'good game, then lol');
  assert.equal(say('I write C++ daily'), 'I write C plus plus daily');
  // Applied to what is spoken, so emoji names and mention names can be respelled too.
  assert.equal(cleanMessageText({ content: '🔥' }, { ...options, dictionary: [{ pattern: 'fire', replacement: 'lit' }] }), 'lit');
});

test('long messages are cut at a word and end with a spoken "and so on"', () => {
  const words = 'the quick brown fox jumps over the lazy dog '.repeat(20).trim();
  const result = cleanMessageText({ content: words }, { ...options, maxLength: 60 });
  assert.ok(result.length <= 60, `${result.length} > 60`);
  assert.ok(result.endsWith(', and so on'), result);
  const kept = result.slice(0, -', and so on'.length);
  assert.ok(words.startsWith(kept), 'the kept part is the start of the message');
  assert.ok(words[kept.length] === ' ', 'cut at a word boundary');
  assert.equal(cleanMessageText({ content: 'short enough' }, { ...options, maxLength: 12 }), 'short enough');
  assert.equal(cleanMessageText({ content: 'Supercalifragilistic' }, { ...options, maxLength: 5 }), 'Super');
});

test('any input gives a trimmed string within the limit, free of control and placeholder characters', () => {
  fc.assert(
    fc.property(fc.string({ unit: 'grapheme', maxLength: 300 }), fc.integer({ min: 1, max: 200 }), fc.boolean(), (content, maxLength, readEmoji) => {
      const result = cleanMessageText({ content }, { ...options, maxLength, readEmoji });
      assert.ok(result.length <= maxLength, `${result.length} > ${maxLength}`);
      assert.doesNotMatch(result, /[\p{Cc}\p{Cf}\uE000-\uE001\uF000-\uF07F]/u);
      assert.equal(result, result.trim());
    }),
    { numRuns: 300 },
  );
});

test('Discord markup never reaches the voice, however it is combined', () => {
  const pieces = fc.constantFrom('<@1>', '<@!1>', '<@&2>', '<#3>', '<:a_b:4>', '<a:c:5>', '<t:1700000000:R>', '<t:99999999999999999:f>',
    '</cmd:6>', '```', '`', '||', '**', '__', '~~', '*', '_', '@everyone', '@here', 'https://x.y/z_(a)', '[a](https://b.c)', '\n', '> ',
    '# ', '- ', '😂', '🇩🇪', '\u0301\u0302\u0303', '\u0000', '\\', ' ', 'word', 'snake_case', 'x');
  fc.assert(
    fc.property(fc.array(pieces, { maxLength: 30 }), (parts) => {
      const result = cleanMessageText({ content: parts.join('') }, options);
      assert.doesNotMatch(result, /<@|<#|<t:|<a?:|<\/|```|\|\||\*\*|~~|https?:|\u0301/u, JSON.stringify(parts));
    }),
    { numRuns: 500 },
  );
});

test('terminal escape sequences are removed before speech, parameters and all', () => {
  const say = (content: string) => cleanMessageText({ content }, options);
  assert.equal(say('\u001b[31mred\u001b[0m'), 'red');
  assert.equal(say('\u0000\u0001\u0007\u001b[31mred\u001b[0m\u007f'), 'red');
  assert.equal(say('build \u001b[1;32mpassed\u001b[m, \u001b]0;title\u0007done'), 'build passed, done');
  assert.equal(say('\u0000\u0001\u0002\u001b[2J'), '');
});

test('dictionary words with emoji are matched before emoji are named, and nothing is replaced twice', () => {
  const dictionary = [
    { pattern: '🔥', replacement: 'lit' },
    { pattern: 'lit', replacement: 'never chained' },
    { pattern: '🏳️‍🌈', replacement: 'pride' },
    { pattern: 'fire', replacement: 'flames' },
  ];
  const say = (content: string) => cleanMessageText({ content }, { ...options, dictionary });
  assert.equal(say('this is 🔥'), 'this is lit');
  assert.equal(say('🏳️‍🌈 month'), 'pride month');
  assert.equal(say('the fire is lit'), 'the flames is never chained');
  assert.equal(say('🔥🔥 and 🎉'), 'lit lit and party popper');
});
