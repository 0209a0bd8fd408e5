import { test } from 'node:test';
import assert from 'node:assert/strict';
import { decideAutoread, type AutoreadMessageFacts } from '../../../src/discord/autoread/autoread-filter.ts';
import { guildSettings } from '../guild-settings-fixture.ts';

const message = (overrides: Partial<AutoreadMessageFacts> = {}): AutoreadMessageFacts => ({
  channelId: 'text1',
  authorId: 'alice',
  authorIsBot: false,
  isSystem: false,
  content: 'hello there',
  authorRoleIds: [],
  authorVoiceChannelId: 'vc1',
  ...overrides,
});

test('reads a plain message in the configured channel into the bot\'s voice channel', () => {
  assert.deepEqual(decideAutoread(message(), guildSettings(), 'vc1'), { read: true, voiceChannelId: 'vc1' });
});

test('ignores other channels, and everything when auto-read is off', () => {
  assert.deepEqual(decideAutoread(message({ channelId: 'text2' }), guildSettings(), 'vc1'), { read: false, reason: 'other-channel' });
  assert.deepEqual(decideAutoread(message(), guildSettings({ autoreadChannelId: null }), 'vc1'), { read: false, reason: 'auto-read-off' });
});

test('system messages are never read', () => {
  assert.deepEqual(decideAutoread(message({ isSystem: true }), guildSettings(), 'vc1'), { read: false, reason: 'system-message' });
});

test('bots are ignored only when the setting says so', () => {
  assert.deepEqual(decideAutoread(message({ authorIsBot: true }), guildSettings(), 'vc1'), { read: false, reason: 'bot-author' });
  assert.equal(decideAutoread(message({ authorIsBot: true }), guildSettings({ ignoreBots: false }), 'vc1').read, true);
});

test('skip prefix, also after leading spaces; empty prefix skips nothing', () => {
  assert.deepEqual(decideAutoread(message({ content: '!not this' }), guildSettings(), 'vc1'), { read: false, reason: 'skip-prefix' });
  assert.deepEqual(decideAutoread(message({ content: '  !not this' }), guildSettings(), 'vc1'), { read: false, reason: 'skip-prefix' });
  assert.equal(decideAutoread(message({ content: '!this' }), guildSettings({ skipPrefix: '' }), 'vc1').read, true);
  assert.equal(decideAutoread(message({ content: '//x' }), guildSettings({ skipPrefix: '//' }), 'vc1').read, false);
});

test('ignored users and roles, required role', () => {
  assert.deepEqual(decideAutoread(message(), guildSettings({ ignoredUserIds: ['alice'] }), 'vc1'), { read: false, reason: 'ignored-user' });
  assert.deepEqual(
    decideAutoread(message({ authorRoleIds: ['muted', 'x'] }), guildSettings({ ignoredRoleIds: ['muted'] }), 'vc1'),
    { read: false, reason: 'ignored-role' },
  );
  assert.deepEqual(decideAutoread(message(), guildSettings({ requiredRoleId: 'tts' }), 'vc1'), { read: false, reason: 'missing-role' });
  assert.equal(decideAutoread(message({ authorRoleIds: ['tts'] }), guildSettings({ requiredRoleId: 'tts' }), 'vc1').read, true);
});

test('not connected: auto-join goes to the author\'s channel, otherwise nothing is read', () => {
  assert.deepEqual(decideAutoread(message(), guildSettings(), null), { read: false, reason: 'not-in-voice' });
  assert.deepEqual(decideAutoread(message(), guildSettings({ autoJoin: true }), null), { read: true, voiceChannelId: 'vc1' });
  assert.deepEqual(decideAutoread(message({ authorVoiceChannelId: null }), guildSettings({ autoJoin: true }), null), { read: false, reason: 'not-in-voice' });
});

test('require voice channel: the author must be listening in the bot\'s channel', () => {
  const settings = guildSettings({ requireVoiceChannel: true });
  assert.equal(decideAutoread(message(), settings, 'vc1').read, true);
  assert.deepEqual(decideAutoread(message({ authorVoiceChannelId: 'vc2' }), settings, 'vc1'), { read: false, reason: 'author-not-in-bot-channel' });
  assert.deepEqual(decideAutoread(message({ authorVoiceChannelId: null }), settings, 'vc1'), { read: false, reason: 'author-not-in-bot-channel' });
});

test('the voice channel\'s own text chat is read only when enabled', () => {
  const inVoiceChat = message({ channelId: 'vc1' });
  assert.equal(decideAutoread(inVoiceChat, guildSettings(), 'vc1').read, false);
  assert.deepEqual(decideAutoread(inVoiceChat, guildSettings({ readVoiceChannelChat: true }), 'vc1'), { read: true, voiceChannelId: 'vc1' });
  assert.deepEqual(decideAutoread(inVoiceChat, guildSettings({ readVoiceChannelChat: true, autoreadChannelId: null }), 'vc1'), { read: true, voiceChannelId: 'vc1' });
  assert.equal(decideAutoread(message({ channelId: 'vc2' }), guildSettings({ readVoiceChannelChat: true }), 'vc1').read, false, 'another voice channel\'s chat');
});
