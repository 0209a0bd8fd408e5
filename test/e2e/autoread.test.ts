// End to end: auto-read. Messages in the configured channel are spoken in order by the real generator and pipeline;
// messages in other channels and from bots are not.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { setTimeout as sleep } from 'node:timers/promises';
import { waitUntil } from '../fake-discord/wait.ts';
import { startE2eBot } from './helpers/e2e-bot.ts';
import type { E2eBot } from './helpers/e2e-bot.ts';
import { FRAME_MS, dbfs, rmsOf, splitUtterances, waitForUtterances } from './helpers/received-audio.ts';
import { renderReference } from './helpers/reference-audio.ts';

describe('auto-read end to end', { timeout: 180_000 }, () => {
  let e2e: E2eBot;

  before(async () => {
    e2e = await startE2eBot({
      guilds: [{
        textChannels: ['general', 'reading'],
        members: [{ username: 'alice', voiceChannel: 'Voice' }, { username: 'robot', bot: true, voiceChannel: 'Voice' }],
      }],
      // Configured before start-up, so the bot asks for Message Content at login as it would in production.
      settings: (guilds) => [{ guildId: guilds[0].id, autoreadChannelId: guilds[0].channel('reading').id }],
    });
    await renderReference(e2e.generator, { text: 'Warming up.', voice: 'neural:slt' });
  });
  after(async () => {
    await e2e?.close();
  });

  it('reads messages of the configured channel in order, and not other channels or bots', async () => {
    const { fake } = e2e;
    const guild = e2e.guilds[0];
    const join = fake.injectSlashCommand({ guildId: guild.id, userId: 'alice', name: 'join' });
    assert.match((await fake.waitForReplyContent(join.id, { timeoutMs: 20_000 })).content ?? '', /^Joined/);

    // Very different lengths, so a swapped order cannot match the expected durations.
    const spoken = [
      'Good morning everyone, I hope you all slept well and are ready for a long and busy day of work.',
      'Yes.',
      'The train leaves at nine.',
    ];
    fake.injectMessage({ guildId: guild.id, channelId: 'reading', userId: 'alice', content: spoken[0] });
    fake.injectMessage({ guildId: guild.id, channelId: 'general', userId: 'alice', content: 'Pineapple pizza in the wrong channel.' });
    fake.injectMessage({ guildId: guild.id, channelId: 'reading', userId: 'robot', content: 'Beep boop, I am a robot.' });
    fake.injectMessage({ guildId: guild.id, channelId: 'reading', userId: 'alice', content: spoken[1] });
    fake.injectMessage({ guildId: guild.id, channelId: 'reading', userId: 'alice', content: spoken[2] });

    await waitUntil(() => (e2e.requests.length >= 3 ? true : undefined), 'three speech requests', { timeoutMs: 20_000 });
    await waitForUtterances(() => fake.audioFor(guild.id), 3);
    await sleep(1500);
    const audio = fake.audioFor(guild.id);

    const texts = e2e.requests.map((r) => r.request.text);
    assert.equal(texts.length, 3, `requests: ${JSON.stringify(texts)}`);
    assert.match(texts[0], /alice said, Good morning everyone/i, 'the first message is announced with its author');
    assert.match(texts[1], /^Yes\.?$/);
    assert.match(texts[2], /^The train leaves at nine\.?$/);
    assert.ok(!texts.some((t) => /pineapple|robot|beep/i.test(t)), 'other channels and bots are not read');

    const heard = splitUtterances(audio);
    assert.equal(heard.length, 3, 'three utterances heard');
    const references = [];
    for (const recorded of e2e.requests) references.push(await renderReference(e2e.generator, recorded.request));
    const heardMs = heard.map((u) => u.durationMs);
    const expectedMs = references.map((r) => r.frames * FRAME_MS);
    console.log(`[measure] auto-read heard ${JSON.stringify(heardMs)} ms, generator+pipeline ${JSON.stringify(expectedMs)} ms, `
      + `underrun frames ${JSON.stringify(heard.map((u) => u.underrunFrames))}`);
    heard.forEach((utterance, i) => {
      assert.ok(Math.abs(utterance.durationMs - expectedMs[i]) <= 40, `message ${i + 1}: heard ${utterance.durationMs} ms, made ${expectedMs[i]} ms`);
      assert.ok(dbfs(rmsOf(utterance.mono)) > -35, `message ${i + 1} is not silence`);
    });
    assert.deepEqual(audio.sequenceGaps, []);
  });
});
