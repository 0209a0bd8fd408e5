import { test } from 'node:test';
import assert from 'node:assert/strict';
import { formatGuildSettings, parseSettingValue, SETTING_CHOICES } from '../../src/discord/settings-input.ts';
import { guildSettings } from './guild-settings-fixture.ts';

test('switches accept on/off words and refuse anything else kindly', () => {
  assert.deepEqual(parseSettingValue('autoJoin', 'on'), { ok: true, patch: { autoJoin: true } });
  assert.deepEqual(parseSettingValue('ignoreBots', ' OFF '), { ok: true, patch: { ignoreBots: false } });
  assert.deepEqual(parseSettingValue('busyFallback', 'yes'), { ok: true, patch: { busyFallback: true } });
  const bad = parseSettingValue('readEmoji', 'maybe');
  assert.ok(!bad.ok && /on or off/.test(bad.message));
});

test('numbers', () => {
  assert.deepEqual(parseSettingValue('speed', '1,25'), { ok: true, patch: { speed: 1.25 } });
  assert.deepEqual(parseSettingValue('maxLength', '500'), { ok: true, patch: { maxLength: 500 } });
  assert.equal(parseSettingValue('maxLength', 'lots').ok, false);
  assert.equal(parseSettingValue('speed', '').ok, false);
});

test('roles and users from mentions or ids; none clears', () => {
  assert.deepEqual(parseSettingValue('requiredRoleId', '<@&123456789012345678>'), { ok: true, patch: { requiredRoleId: '123456789012345678' } });
  assert.deepEqual(parseSettingValue('requiredRoleId', 'none'), { ok: true, patch: { requiredRoleId: null } });
  assert.equal(parseSettingValue('requiredRoleId', '@everyone').ok, false);
  assert.deepEqual(parseSettingValue('ignoredUserIds', '<@1>, <@!2> 3 <@1>'), { ok: true, patch: { ignoredUserIds: ['1', '2', '3'] } });
  assert.deepEqual(parseSettingValue('ignoredRoleIds', 'none'), { ok: true, patch: { ignoredRoleIds: [] } });
  const bad = parseSettingValue('ignoredRoleIds', '<@&1> admins');
  assert.ok(!bad.ok && /"admins" is not a role/.test(bad.message));
});

test('voice and skip prefix', () => {
  assert.deepEqual(parseSettingValue('voice', 'piper:en_US-lessac-medium'), { ok: true, patch: { voice: 'piper:en_US-lessac-medium' } });
  assert.deepEqual(parseSettingValue('voice', 'default'), { ok: true, patch: { voice: null } });
  assert.deepEqual(parseSettingValue('skipPrefix', '//'), { ok: true, patch: { skipPrefix: '//' } });
  assert.deepEqual(parseSettingValue('skipPrefix', 'none'), { ok: true, patch: { skipPrefix: '' } });
});

test('voices for other languages: code=voice pairs, or none', () => {
  assert.deepEqual(parseSettingValue('languageVoices', 'JA=espeak:ja, ru=piper:ru_RU-irina-medium'), {
    ok: true, patch: { languageVoices: { ja: 'espeak:ja', ru: 'piper:ru_RU-irina-medium' } },
  });
  assert.deepEqual(parseSettingValue('languageVoices', 'none'), { ok: true, patch: { languageVoices: {} } });
  const bad = parseSettingValue('languageVoices', 'japanese espeak:ja');
  assert.ok(!bad.ok && /code=voice, e\.g\. ja=espeak:ja \(got "japanese"\)/.test(bad.message));
  assert.match(formatGuildSettings(guildSettings({ languageVoices: { ja: 'espeak:ja' } }), 'neural:slt'), /\*\*Voices for other languages:\*\* ja=espeak:ja/);
});

test('every offered setting parses some value', () => {
  const samples: Record<string, string> = {
    speed: '1', maxLength: '100', repeatedCharacterLimit: '3', voice: 'a:b', requiredRoleId: '1', ignoredUserIds: '1', ignoredRoleIds: '1', skipPrefix: '!',
    languageVoices: 'ja=espeak:ja', variation: '0.5',
  };
  for (const { value } of SETTING_CHOICES) assert.equal(parseSettingValue(value, samples[value] ?? 'on').ok, true, value);
});

test('the settings view shows every setting', () => {
  const text = formatGuildSettings(guildSettings({ ignoredRoleIds: ['9'], requiredRoleId: '7' }), 'neural:slt');
  assert.match(text, /neural:slt \(bot default\)/);
  assert.match(text, /<#text1>/);
  assert.match(text, /<@&9>/);
  assert.match(text, /<@&7>/);
  // One line per setting /settings set offers, plus the auto-read channel (set with /autoread).
  assert.equal(text.split('\n').length, SETTING_CHOICES.length + 1);
  assert.match(text, /\*\*Variation of sampling voices \(Piper\):\*\* 1$/m);
  assert.match(text, /\*\*AI-speech watermark:\*\* on$/m);
  assert.match(text, /\*\*When busy, read neural voices with their flite voice:\*\* off/);
  assert.match(formatGuildSettings(guildSettings({ maxLength: 2000 }), 'neural:slt', 1000), /\*\*Longest message read:\*\* 2000 characters \(this bot reads at most 1000\)/);
  assert.match(formatGuildSettings(guildSettings({ maxLength: 300 }), 'neural:slt', 1000), /\*\*Longest message read:\*\* 300 characters\n/);
  assert.ok(text.length < 2000, 'fits in one Discord message');
});

test('variation: a number from 0 to 1.5, refused outside with the range and what the ends mean', () => {
  assert.deepEqual(parseSettingValue('variation', '0'), { ok: true, patch: { variation: 0 } });
  assert.deepEqual(parseSettingValue('variation', ' 1,5 '), { ok: true, patch: { variation: 1.5 } });
  for (const raw of ['1.51', '-0.1', '100']) {
    const parsed = parseSettingValue('variation', raw);
    assert.equal(parsed.ok, false, raw);
    if (!parsed.ok) assert.match(parsed.message, /^Variation must be from 0 \(flat, the same every time\) to 1\.5; 1 is the voice as trained/);
  }
  assert.equal(parseSettingValue('variation', 'lots').ok, false);
});
