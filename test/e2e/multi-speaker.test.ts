// End to end: a /say with two speakers ([neural:slt] ... [neural:rms] ...) through the fake Discord (DAVE on), the
// real bot, the real generator and the real Opus pipeline is heard as ONE utterance: the female voice, a short pause,
// the male voice, with no hole in the packet stream where the voices change.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { setTimeout as sleep } from 'node:timers/promises';
import { startE2eBot } from './helpers/e2e-bot.ts';
import type { E2eBot } from './helpers/e2e-bot.ts';
import { FRAME_MS, largestArrivalGapMs, splitUtterances, waitForUtterances } from './helpers/received-audio.ts';
import { renderReference } from './helpers/reference-audio.ts';
import { longestInnerPause, medianPitchHz, rmsDb } from '../audio/helpers/analysis.ts';

/** The first run of 10 ms blocks with peaks below -40 dBFS, at least `minMs` long, after the first sound: [start, end). */
function firstPause(samples: Float32Array, rate: number, minMs: number): [number, number] {
  const block = rate / 100;
  let start = -1;
  let sounded = false;
  for (let b = 0; (b + 1) * block <= samples.length; b++) {
    let peak = 0;
    for (let i = b * block; i < (b + 1) * block; i++) peak = Math.max(peak, Math.abs(samples[i]));
    if (peak >= 0.01) {
      if (sounded && start >= 0 && (b - start) * 10 >= minMs) return [start * block, b * block];
      sounded = true;
      start = -1;
    } else if (sounded && start < 0) {
      start = b;
    }
  }
  return [0, 0];
}

describe('several speakers in one /say, end to end', { timeout: 180_000 }, () => {
  let e2e: E2eBot;
  let guildId: string;

  before(async () => {
    e2e = await startE2eBot({ guilds: [{ members: [{ username: 'alice', voiceChannel: 'Voice' }] }] });
    guildId = e2e.guilds[0].id;
    // Both voices warm, as a bot that has read them before has them.
    await e2e.generator.pool.warmUp(['neural:rms', 'neural:slt']);
  });
  after(async () => {
    await e2e?.close();
  });

  it('[neural:slt] then [neural:rms]: one utterance, female then male pitch, no gap where the voice changes', async () => {
    const { fake } = e2e;
    // This text ends with padding frames that decode to a few LSB at most, as splitUtterances needs to see its end (some
    // sentences, one-voice ones too, leave 1e-4 in the third-last padding frame and are never seen to end).
    const text = '[neural:slt] Hello there my good friend. [neural:rms] I am very happy to see you.';
    const said = fake.injectSlashCommand({ guildId, userId: 'alice', name: 'say', options: { text } });
    assert.equal((await fake.waitForReplyContent(said.id, { timeoutMs: 30_000 })).content, 'Speaking.');
    const { audio } = await waitForUtterances(() => fake.audioFor(guildId), 1).catch((error: unknown) => {
      const packets = fake.audioFor(guildId).packets;
      const pattern = packets.map((p) => (p.silenceFrame ? 'S' : p.peak === 0 ? '0' : p.peak < 1e-4 ? 'z' : 'A')).join('');
      return assert.fail(`${String(error)}\npackets (S silence frame, 0 zero, z below 1e-4, A audio): ${pattern}`);
    });
    const heard = splitUtterances(audio);
    assert.equal(heard.length, 1, 'one utterance');
    const [utterance] = heard;

    assert.equal(e2e.requests.length, 1, 'one request for the whole dialogue');
    const { request } = e2e.requests[0];
    assert.deepEqual(request.turns, [{ voice: 'neural:slt', text: 'Hello there my good friend.' }, { voice: 'neural:rms', text: 'I am very happy to see you.' }]);
    const reference = await renderReference(e2e.generator, request);
    assert.ok(Math.abs(utterance.durationMs - reference.frames * FRAME_MS) <= 40, `heard ${utterance.durationMs} ms vs generator+pipeline ${reference.frames * FRAME_MS} ms`);

    const rate = 48_000;
    const [pauseStart, pauseEnd] = longestInnerPause(utterance.mono, rate);
    const pauseMs = ((pauseEnd - pauseStart) / rate) * 1000;
    const first = utterance.mono.subarray(0, pauseStart);
    const second = utterance.mono.subarray(pauseEnd);
    const [firstHz, secondHz] = [medianPitchHz(first, rate), medianPitchHz(second, rate)];
    // Packets around the change of voice: from 300 ms before the pause to 300 ms after it.
    const opus = audio.packets.slice(utterance.first, utterance.end);
    const boundary = opus.slice(Math.max(0, Math.floor(pauseStart / 960) - 15), Math.min(opus.length, Math.ceil(pauseEnd / 960) + 15));
    const gap = largestArrivalGapMs(boundary);
    console.log(`[measure] two speakers: heard ${utterance.durationMs} ms, ${utterance.underrunFrames} underrun frames; pause ${pauseMs.toFixed(0)} ms; `
      + `median pitch ${firstHz.toFixed(0)} Hz then ${secondHz.toFixed(0)} Hz; level ${rmsDb(first).toFixed(1)} / ${rmsDb(second).toFixed(1)} dBFS; `
      + `largest arrival gap around the change ${gap.gapMs.toFixed(1)} ms`);
    assert.ok(pauseMs >= 120 && pauseMs <= 260, `pause between the speakers ${pauseMs.toFixed(0)} ms`);
    assert.ok(firstHz > 145 && firstHz < 260, `first speaker (slt, female) ${firstHz.toFixed(0)} Hz`);
    assert.ok(secondHz > 80 && secondHz < 140, `second speaker (rms, male) ${secondHz.toFixed(0)} Hz`);
    assert.ok(Math.abs(rmsDb(first) - rmsDb(second)) < 3, 'the two voices at about the same level');
    assert.equal(boundary.filter((p) => p.silenceFrame).length, 0, 'no underrun where the voice changes');
    assert.ok(gap.gapMs <= 60, `largest packet gap ${gap.gapMs.toFixed(1)} ms where the voice changes`);
    assert.deepEqual(audio.sequenceGaps, []);
    assert.equal(audio.decryptFailures + audio.decodeFailures, 0);
  });

  it('/skip in the second speaker\'s turn stops the whole dialogue at once; the next message plays in full', async () => {
    const { fake } = e2e;
    fake.clearAudio(guildId);
    const before = e2e.requests.length;
    const story = '[neural:slt] Here is my friend. [neural:rms] Thank you. I will now tell you a very long story about the river, '
      + 'the old mill, the garden behind it and the many birds that sing there every single morning in the early spring.';
    const said = fake.injectSlashCommand({ guildId, userId: 'alice', name: 'say', options: { text: story } });
    assert.equal((await fake.waitForReplyContent(said.id, { timeoutMs: 30_000 })).content, 'Speaking.');
    // "Here is my friend." takes about a second: 2.5 s in, the second voice is speaking.
    await fake.waitForAudio(guildId, { minAudibleMs: 2500, timeoutMs: 30_000 });
    const skip = fake.injectSlashCommand({ guildId, userId: 'alice', name: 'skip' });
    const skipReply = await fake.waitForReplyContent(skip.id, { timeoutMs: 10_000 });
    assert.equal(skipReply.content, 'Skipped.');
    assert.equal(e2e.requests[before].signal?.aborted, true, 'the dialogue\'s generation was aborted');
    await sleep(600);
    const cut = fake.audioFor(guildId);
    const speech = cut.packets.filter((p) => !p.silenceFrame);
    const afterReply = speech.filter((p) => p.arrivedAt > skipReply.at);
    assert.ok(afterReply.length <= 3, `${afterReply.length} speech packets after /skip was answered`);
    // What was heard: slt, the pause between the speakers (the first one of 120 ms or more), then rms (cut off).
    const heard = cut.mono();
    const [pauseStart, pauseEnd] = firstPause(heard, 48_000, 120);
    assert.ok(pauseEnd > 0, 'a pause between the speakers was heard');
    const [firstHz, secondHz] = [medianPitchHz(heard.subarray(0, pauseStart), 48_000), medianPitchHz(heard.subarray(pauseEnd), 48_000)];
    assert.ok(firstHz > 145 && secondHz < 140, `heard slt (${firstHz.toFixed(0)} Hz) then rms (${secondHz.toFixed(0)} Hz) before the skip`);

    fake.clearAudio(guildId);
    const next = fake.injectSlashCommand({ guildId, userId: 'alice', name: 'say', options: { text: 'hello' } });
    assert.equal((await fake.waitForReplyContent(next.id, { timeoutMs: 30_000 })).content, 'Speaking.');
    const { utterances } = await waitForUtterances(() => fake.audioFor(guildId), 1);
    const reference = await renderReference(e2e.generator, e2e.requests[e2e.requests.length - 1].request);
    assert.ok(Math.abs(utterances[0].durationMs - reference.frames * FRAME_MS) <= 40, `heard ${utterances[0].durationMs} ms, hello is ${reference.frames * FRAME_MS} ms`);
  });

  it('an unknown voice in the markup is refused by name, and nothing is read', async () => {
    const { fake } = e2e;
    fake.clearAudio(guildId);
    const before = e2e.requests.length;
    const said = fake.injectSlashCommand({ guildId, userId: 'alice', name: 'say', options: { text: '[neural:rms] Hi. [neural:nobody] Hey.' } });
    const reply = await fake.waitForReplyContent(said.id, { timeoutMs: 30_000 });
    assert.equal(reply.ephemeral, true);
    assert.match(reply.content ?? '', /There is no voice "neural:nobody"/u);
    assert.equal(e2e.requests.length, before, 'nothing was generated');
  });
});
