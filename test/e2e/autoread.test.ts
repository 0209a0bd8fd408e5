// End to end: auto-read. Messages in the configured channel are spoken in order by the real generator and pipeline;
// messages in other channels and from bots are not. A member who opted in (/voice speakers) has their speaker markup
// read as several voices, checked as /say checks it.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { setTimeout as sleep } from 'node:timers/promises';
import { waitUntil } from '../fake-discord/wait.ts';
import { startE2eBot } from './helpers/e2e-bot.ts';
import type { E2eBot } from './helpers/e2e-bot.ts';
import { FRAME_MS, dbfs, rmsOf, splitUtterances, waitForUtterances } from './helpers/received-audio.ts';
import { renderReference } from './helpers/reference-audio.ts';
import { longestInnerPause, medianPitchHz } from '../audio/helpers/analysis.ts';
import { OPTION_TYPE } from '../fake-discord/interactions.ts';

describe('auto-read end to end', { timeout: 180_000 }, () => {
  let e2e: E2eBot;

  before(async () => {
    e2e = await startE2eBot({
      guilds: [{
        textChannels: ['general', 'reading'],
        members: [
          { username: 'alice', voiceChannel: 'Voice' },
          { username: 'robot', bot: true, voiceChannel: 'Voice' },
          { username: 'bob', voiceChannel: 'Voice' },
        ],
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
  it('reads an opted-in member\'s speaker markup as one two-voice utterance; refuses unknown voices with 🔇; others\' tags stay text', async () => {
    const { fake } = e2e;
    const guild = e2e.guilds[0];
    await e2e.generator.pool.warmUp(['neural:rms', 'neural:slt']);
    const optIn = fake.injectSlashCommand({
      guildId: guild.id, userId: 'alice', name: 'voice', subcommand: 'speakers', options: [{ name: 'enabled', type: OPTION_TYPE.boolean, value: true }],
    });
    assert.match((await fake.waitForReplyContent(optIn.id, { timeoutMs: 20_000 })).content ?? '', /^Auto-read now reads your speaker tags as voices/);
    assert.equal((await e2e.store.getUser(guild.id, guild.member('alice').user.id)).autoreadSpeakers, true);

    fake.clearAudio(guild.id);
    const before = e2e.requests.length;
    fake.injectMessage({ guildId: guild.id, channelId: 'reading', userId: 'alice', content: '[neural:slt] Hello there my good friend. [neural:rms] I am very happy to see you.' });
    await waitUntil(() => (e2e.requests.length > before ? true : undefined), 'the dialogue\'s request', { timeoutMs: 20_000 });
    const { request } = e2e.requests[before];
    assert.deepEqual(request.turns?.map((t) => t.voice), ['neural:slt', 'neural:rms']);
    // "alice said" is left out when she spoke within the last minute (the first test); read by the first speaker if not.
    assert.match(request.turns?.[0].text ?? '', /^(alice said, )?Hello there my good friend\.$/i);
    assert.equal(request.turns?.[1].text, 'I am very happy to see you.');
    const { audio } = await waitForUtterances(() => fake.audioFor(guild.id), 1);
    const heard = splitUtterances(audio);
    assert.equal(heard.length, 1, 'one utterance for the whole dialogue');
    const rate = 48_000;
    const [pauseStart, pauseEnd] = longestInnerPause(heard[0].mono, rate);
    const [firstHz, secondHz] = [medianPitchHz(heard[0].mono.subarray(0, pauseStart), rate), medianPitchHz(heard[0].mono.subarray(pauseEnd), rate)];
    console.log(`[measure] auto-read two speakers: heard ${heard[0].durationMs} ms, median pitch ${firstHz.toFixed(0)} Hz then ${secondHz.toFixed(0)} Hz`);
    assert.ok(firstHz > 145 && firstHz < 260, `first speaker (slt, female) ${firstHz.toFixed(0)} Hz`);
    assert.ok(secondHz > 80 && secondHz < 140, `second speaker (rms, male) ${secondHz.toFixed(0)} Hz`);

    // A voice that does not exist: not read, and the author sees 🔇 as for any message auto-read cannot read.
    const requestsBefore = e2e.requests.length;
    const unknownId = fake.injectMessage({ guildId: guild.id, channelId: 'reading', userId: 'alice', content: '[neural:nope] Hi there. [neural:rms] Hello.' });
    const reaction = await fake.waitForRequest((r) => r.method === 'PUT' && r.path.includes(`/messages/${unknownId}/reactions/`), {
      timeoutMs: 10_000, description: 'a reaction on the message with an unknown voice',
    });
    assert.match(decodeURIComponent(reaction.path), /\/reactions\/🔇\/@me$/);

    // The markup cannot stretch the server's length limit: the spoken words (tags gone) stay within it.
    await e2e.store.updateGuild(guild.id, { maxLength: 60 });
    fake.injectMessage({
      guildId: guild.id, channelId: 'reading', userId: 'alice',
      content: '[neural:slt] Once upon a time there was a mill. [neural:rms] And a river ran past it all day and all night long.',
    });
    // bob did not opt in: his brackets are read as words, in his one voice.
    fake.injectMessage({ guildId: guild.id, channelId: 'reading', userId: 'bob', content: '[neural:rms] Just me talking.' });
    await waitUntil(() => (e2e.requests.length >= requestsBefore + 2 ? true : undefined), 'two more requests', { timeoutMs: 20_000 });
    const [capped, plain] = e2e.requests.slice(requestsBefore).map((r) => r.request);
    assert.ok(capped.text.length <= 60, `${capped.text.length} characters: ${capped.text}`);
    assert.equal(capped.text, capped.turns?.map((t) => t.text).join(' ') ?? capped.text);
    assert.match(capped.text, /, and so on$/);
    assert.equal(plain.turns, undefined);
    assert.equal(plain.voice, 'neural:slt');
    assert.match(plain.text, /Just me talking/);
    assert.equal(e2e.requests.length, requestsBefore + 2, 'the message with the unknown voice made no request');
    await e2e.store.updateGuild(guild.id, { maxLength: 300 });
  });
});
