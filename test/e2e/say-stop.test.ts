// End to end: /say and /stop through the fake Discord, the real bot, the real generator (neural:slt = flite +
// HiFi-GAN) and the real Opus pipeline; the fake's receiver decrypts and decodes what the bot sent.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { setTimeout as sleep } from 'node:timers/promises';
import { preciseNow } from '../fake-discord/wait.ts';
import { startE2eBot } from './helpers/e2e-bot.ts';
import type { E2eBot } from './helpers/e2e-bot.ts';
import { FRAME_MS, dbfs, envelopeSimilarity, rmsOf, soundSpanMs, splitUtterances, waitForUtterances } from './helpers/received-audio.ts';
import { renderReference } from './helpers/reference-audio.ts';
import { transcribe, wordRecall, words } from '../helpers/speech-recognition.ts';
import { pocketsphinx, skipUnless } from '../helpers/test-requirements.ts';

const LONG_TEXT = 'This is a long message that keeps going for quite a while. It talks about the weather, the garden, '
  + 'the river behind the old mill, and the many birds that sing there every morning in the early spring.';

describe('/say and /stop end to end', { timeout: 180_000 }, () => {
  let e2e: E2eBot;
  let guildId: string;

  before(async () => {
    // alice sends six /say within a few seconds here; the per-user rate limit has its own tests, so it is off.
    e2e = await startE2eBot({ guilds: [{ members: [{ username: 'alice', voiceChannel: 'Voice' }, 'bob'] }], config: { userRateLimit: 0 } });
    guildId = e2e.guilds[0].id;
    // A fresh worker's first model runs are several times slower; measure the bot warm, as it runs most of its life.
    await renderReference(e2e.generator, { text: 'Warming up.', voice: 'neural:slt' });
  });
  after(async () => {
    await e2e?.close();
  });

  it('/say hello: answered, heard as speech as long as the generator made it, first packet time printed', async () => {
    const { fake } = e2e;
    const saidAt = preciseNow();
    const said = fake.injectSlashCommand({ guildId, userId: 'alice', name: 'say', options: { text: 'hello' } });
    const reply = await fake.waitForReplyContent(said.id, { timeoutMs: 30_000 });
    assert.equal(reply.ephemeral, true);
    assert.match(reply.content ?? '', /^Speaking\.$/);
    const { audio } = await waitForUtterances(() => fake.audioFor(guildId), 1);
    const firstPacket = audio.packets[0];
    console.log(`[measure] /say hello: command -> first RTP packet ${(firstPacket.arrivedAt - saidAt).toFixed(0)} ms, `
      + `-> reply ${(reply.at - saidAt).toFixed(0)} ms`);

    assert.equal(e2e.requests.length, 1);
    const request = e2e.requests[0].request;
    assert.equal(request.voice, 'neural:slt');
    const reference = await renderReference(e2e.generator, request);
    const heard = splitUtterances(audio);
    assert.equal(heard.length, 1, 'one utterance');
    const utterance = heard[0];
    console.log(`[measure] hello: heard ${utterance.durationMs} ms in ${utterance.frames} packets (+${utterance.underrunFrames} underrun frames), reference ${reference.frames} packets `
      + `(${(reference.speechSamples / 48).toFixed(1)} ms of speech before padding)`);
    assert.ok(Math.abs(utterance.durationMs - reference.frames * FRAME_MS) <= 40,
      `heard ${utterance.durationMs} ms vs generator+pipeline ${reference.frames * FRAME_MS} ms`);
    const heardSpan = soundSpanMs(utterance.mono);
    const referenceSpan = soundSpanMs(reference.mono);
    assert.ok(Math.abs(heardSpan - referenceSpan) <= 40, `sound span heard ${heardSpan.toFixed(1)} ms vs reference ${referenceSpan.toFixed(1)} ms`);
    const level = dbfs(rmsOf(utterance.mono));
    assert.ok(level > -35, `not silence: ${level.toFixed(1)} dBFS RMS`);
    const similarity = envelopeSimilarity(utterance.mono, reference.mono);
    assert.ok(similarity > 0.9, `heard audio has the reference's envelope (${similarity.toFixed(3)})`);
    assert.deepEqual(audio.sequenceGaps, []);
    assert.deepEqual(audio.timestampJumps, []);
    assert.equal(audio.decryptFailures + audio.decodeFailures, 0);
  });

  it('/stop during a long message: packets stop within 3 frames and the queue is emptied', async () => {
    const { fake } = e2e;
    fake.clearAudio(guildId);
    const before = e2e.requests.length;
    const long = fake.injectSlashCommand({ guildId, userId: 'alice', name: 'say', options: { text: LONG_TEXT } });
    await fake.waitForReplyContent(long.id, { timeoutMs: 30_000 });
    for (const text of ['Second message in the queue.', 'Third message in the queue.']) {
      const queued = fake.injectSlashCommand({ guildId, userId: 'alice', name: 'say', options: { text } });
      assert.match((await fake.waitForReplyContent(queued.id, { timeoutMs: 30_000 })).content ?? '', /^Queued/);
    }
    await fake.waitForAudio(guildId, { minAudibleMs: 1500, timeoutMs: 30_000 });

    const stopAt = preciseNow();
    const stop = fake.injectSlashCommand({ guildId, userId: 'alice', name: 'stop' });
    const stopReply = await fake.waitForReplyContent(stop.id, { timeoutMs: 10_000 });
    assert.equal(stopReply.content, 'Stopped. Cleared 3 messages.');
    await sleep(600);
    const audio = fake.audioFor(guildId);
    const speech = audio.packets.filter((p) => !p.silenceFrame);
    const afterReply = speech.filter((p) => p.arrivedAt > stopReply.at);
    const last = speech[speech.length - 1];
    console.log(`[measure] /stop: ${afterReply.length} speech packets after the reply; last packet ${(last.arrivedAt - stopReply.at).toFixed(1)} ms `
      + `after the reply, ${(last.arrivedAt - stopAt).toFixed(1)} ms after the command was sent; reply took ${(stopReply.at - stopAt).toFixed(0)} ms`);
    assert.ok(afterReply.length <= 3, `${afterReply.length} speech packets after /stop was answered`);
    assert.ok(last.arrivedAt - stopReply.at <= 60, `last packet ${(last.arrivedAt - stopReply.at).toFixed(1)} ms after the stop reply`);
    const longReference = await renderReference(e2e.generator, e2e.requests[before].request);
    assert.ok(speech.length < longReference.frames - 50, `cut well before its end (${speech.length} of ${longReference.frames} packets)`);
    for (const recorded of e2e.requests.slice(before)) assert.equal(recorded.signal?.aborted, true, `generation of "${recorded.request.text.slice(0, 20)}" aborted`);

    // The queue is empty: the next /say plays only its own text.
    fake.clearAudio(guildId);
    const beforeNext = e2e.requests.length;
    const next = fake.injectSlashCommand({ guildId, userId: 'alice', name: 'say', options: { text: 'hello' } });
    assert.equal((await fake.waitForReplyContent(next.id, { timeoutMs: 30_000 })).content, 'Speaking.');
    await waitForUtterances(() => fake.audioFor(guildId), 1);
    await sleep(1500);
    const heard = fake.audioFor(guildId);
    assert.deepEqual(e2e.requests.slice(beforeNext).map((r) => r.request.text), ['hello'], 'only the new text was generated');
    const utterances = splitUtterances(heard);
    assert.equal(utterances.length, 1, 'one utterance after /stop');
    const reference = await renderReference(e2e.generator, e2e.requests[beforeNext].request);
    assert.ok(Math.abs(utterances[0].durationMs - reference.frames * FRAME_MS) <= 40, `heard ${utterances[0].durationMs} ms, hello is ${reference.frames * FRAME_MS} ms`);
  });

  it('an everyday sentence is intelligible after the whole path (pocketsphinx)', { skip: skipUnless(pocketsphinx()) }, async () => {
    const { fake } = e2e;
    fake.clearAudio(guildId);
    const sentence = 'The weather is nice today and we will go for a walk in the park after lunch.';
    const said = fake.injectSlashCommand({ guildId, userId: 'alice', name: 'say', options: { text: sentence } });
    assert.equal((await fake.waitForReplyContent(said.id, { timeoutMs: 30_000 })).content, 'Speaking.');
    const { utterances: [utterance] } = await waitForUtterances(() => fake.audioFor(guildId), 1);
    const heard = words(await transcribe(utterance.mono, 48_000));
    const expected = sentence.toLowerCase().replace(/[^a-z ]/g, '').split(' ');
    const recall = wordRecall(expected, heard);
    console.log(`[measure] pocketsphinx heard "${heard.join(' ')}": ${(recall * 100).toFixed(0)} % of ${expected.length} words`);
    assert.ok(recall >= 0.6, `only ${(recall * 100).toFixed(0)} % of the words were recognised: "${heard.join(' ')}"`);
  });
});
