import { test } from 'node:test';
import assert from 'node:assert/strict';
import { attachmentKind, describeAttachments } from '../../../src/text/discord/attachments.ts';
import { emojiName, replaceUnicodeEmoji } from '../../../src/text/discord/emoji-names.ts';
import { capLength } from '../../../src/text/discord/length-cap.ts';
import { capRepeatedCharacters, joinLines } from '../../../src/text/discord/normalise-text.ts';
import { formatRelative, formatTimestamp } from '../../../src/text/discord/timestamps.ts';

test('emoji names cover keycaps, flags, skin tones and ZWJ families; unknown ones are undefined', () => {
  assert.equal(emojiName('1\uFE0F\u20E3'), '1');
  assert.equal(emojiName('🇯🇵'), 'flag of Japan');
  assert.equal(emojiName('👋🏿'), 'waving hand');
  assert.equal(emojiName('❤️‍🔥'), 'heart on fire');
  assert.equal(emojiName('🦩'), undefined);
  assert.equal(replaceUnicodeEmoji('a😂 😂b😂', true).replace(/\s+/g, ' ').trim(), 'a face with tears of joy b face with tears of joy');
});

test('emoji ZWJ sequences are read by their full Unicode name, skin tones or not', () => {
  assert.equal(emojiName('🏳️‍🌈'), 'rainbow flag');
  assert.equal(emojiName('🏳️‍⚧️'), 'transgender flag');
  assert.equal(emojiName('🏴‍☠️'), 'pirate flag');
  assert.equal(emojiName('👨‍👩‍👧‍👦'), 'family: man, woman, girl, boy');
  assert.equal(emojiName('👩🏽‍💻'), 'woman technologist');
  assert.equal(emojiName('🧑🏻‍🤝‍🧑🏿'), 'people holding hands');
  assert.equal(emojiName('👩🏻‍❤️‍💋‍👨🏿'), 'kiss: woman, man');
  assert.equal(emojiName('🧑🏻‍❤️‍🧑🏼'), 'couple with heart: person, person');
  assert.equal(emojiName('🐻‍❄️'), 'polar bear');
  // Not in the data (a made-up join): the first part's name, as before.
  assert.equal(emojiName('👍‍🔥'), 'thumbs up');
  assert.equal(replaceUnicodeEmoji('pride 🏳️‍🌈!', true).replace(/\s+/g, ' ').trim(), 'pride rainbow flag !');
});

test('timestamps read in the given time zone, relative ones against "now"', () => {
  assert.equal(formatTimestamp(1700000000, 'f', 0, 'Europe/Berlin'), 'November 14, 2023 at 11:13 PM');
  assert.equal(formatTimestamp(1700000000, 'f', 0, 'Not/AZone'), 'November 14, 2023 at 10:13 PM');
  assert.equal(formatTimestamp(1e17, 'f', 0), '');
  const now = 1700000000 * 1000;
  assert.equal(formatRelative(1700000000 - 300, now), '5 minutes ago');
  assert.equal(formatRelative(1700000000 + 3 * 86400, now), 'in 3 days');
  assert.equal(formatRelative(1700000000 - 2 * 365 * 86400, now), '2 years ago');
});

test('attachment kinds come from the MIME type, else the extension', () => {
  assert.equal(attachmentKind({ name: 'x.bin', contentType: 'image/jpeg' }), 'image');
  assert.equal(attachmentKind({ name: 'song.FLAC' }), 'audio');
  assert.equal(attachmentKind({ name: 'noextension' }), 'file');
  assert.equal(describeAttachments([]), '');
  assert.equal(describeAttachments([{ name: 'a.png' }, { name: 'b.png' }, { name: 'c.png' }], ['']), '3 images and a sticker');
});

test('length cap keeps the limit and cuts at words', () => {
  assert.equal(capLength('one two three four five six seven', 25), 'one two three, and so on');
  assert.equal(capLength('one two three', 13), 'one two three');
  assert.equal(capLength('abcdefghijklmnopqrstuvwxyz', 20), 'abcdefghi, and so on');
  assert.equal(capLength('one two three', 5), 'one');
});

test('repeated characters are capped, digits are not, and lines become sentences', () => {
  assert.equal(capRepeatedCharacters('yessssss!!!!!! 1000000 ......', 2), 'yess!! 1000000 ..');
  assert.equal(capRepeatedCharacters('😭😭😭😭', 1), '😭');
  assert.equal(joinLines('first line\nsecond line!\n\n   \nthird'), 'first line. second line! third');
});
