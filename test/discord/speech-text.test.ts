import { test } from 'node:test';
import assert from 'node:assert/strict';
import { basicTextCleaner, discordTextCleaner, type MessageTextFacts } from '../../src/discord/speech-text.ts';
import { guildSettings } from './guild-settings-fixture.ts';

const facts = (content: string, extra: Partial<MessageTextFacts> = {}): MessageTextFacts => ({
  content, userNames: new Map(), roleNames: new Map(), channelNames: new Map(), attachments: [], ...extra,
});

test('mentions become names, links and markdown go, repeats are capped, the dictionary applies', () => {
  const text = basicTextCleaner(
    facts('**hey** <@1>, see https://example.com/x in <#2> sooooo gif', { userNames: new Map([['1', 'Alice']]), channelNames: new Map([['2', 'general']]) }),
    guildSettings(),
    [{ pattern: 'gif', replacement: 'jif' }],
  );
  assert.equal(text, 'hey Alice, see a link in general sooo jif');
});

test('long text is cut with "and so on"; nothing readable gives empty text', () => {
  const cut = basicTextCleaner(facts('word '.repeat(100)), guildSettings({ maxLength: 50 }), []);
  assert.ok(cut.endsWith(', and so on') && cut.length <= 50 + ', and so on'.length, cut);
  assert.equal(basicTextCleaner(facts('<:pepe:123> ** '), guildSettings(), []), '');
  assert.equal(basicTextCleaner(facts(''), guildSettings(), []).length, 0);
  assert.equal(basicTextCleaner(facts('', { attachments: [{ name: 'a.png' }, { name: 'b.png' }] }), guildSettings(), []), '2 attachments');
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
});
