import { test } from 'node:test';
import assert from 'node:assert/strict';
import { discordTextCleaner, type MessageTextFacts } from '../../src/discord/speech-text.ts';
import { guildSettings } from './guild-settings-fixture.ts';

const facts = (content: string, extra: Partial<MessageTextFacts> = {}): MessageTextFacts => ({
  content, userNames: new Map(), roleNames: new Map(), channelNames: new Map(), attachments: [], ...extra,
});

test('the bot cleans with src/text/discord: mentions, links, dictionary and the guild\'s length cap', () => {
  const text = discordTextCleaner(
    facts('hey <@1> look https://example.com/page gif', { userNames: new Map([['1', 'Alice']]) }),
    guildSettings({ maxLength: 300 }),
    [{ pattern: 'gif', replacement: 'jif' }],
  );
  assert.match(text, /Alice/);
  assert.doesNotMatch(text, /<@1>|https?:/);
  assert.match(text, /jif/);
  const long = discordTextCleaner(facts('word '.repeat(200)), guildSettings({ maxLength: 40 }), []);
  assert.match(long, /and so on\.?$/);
  assert.equal(discordTextCleaner(facts('   '), guildSettings(), []), '');
  assert.equal(discordTextCleaner(facts('**hey** see https://example.com/x sooooo'), guildSettings(), []), 'hey see a link to example.com sooo');
  assert.equal(discordTextCleaner(facts('', { attachments: [{ name: 'a.png' }, { name: 'b.png' }] }), guildSettings(), []), '2 images');
});
