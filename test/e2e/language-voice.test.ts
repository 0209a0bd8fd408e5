// End to end: Japanese, Arabic and Russian /say with the default English voice (neural:slt) are read by a voice that can
// read them (issue 13: they were "Speaking." and then 0.28 s of silence). Each is heard as speech: the utterance lasts
// what the same request renders to, is loud enough to be speech, and is sound for most of its length. A server that
// turned the switch off gets a clear answer instead.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { startE2eBot } from './helpers/e2e-bot.ts';
import type { E2eBot } from './helpers/e2e-bot.ts';
import { waitUntil } from '../fake-discord/wait.ts';
import { FRAME_MS, dbfs, rmsOf, soundSpanMs } from './helpers/received-audio.ts';
import { renderReference } from './helpers/reference-audio.ts';

const CASES = [
  { language: 'Japanese', text: 'こんにちは、今日はいい天気ですね。', voice: 'espeak:ja', script: 'Japanese' },
  { language: 'Arabic', text: 'مرحبا، كيف حالك اليوم؟ الطقس جميل.', voice: 'espeak:ar', script: 'Arabic' },
  { language: 'Russian', text: 'Привет, как у тебя дела сегодня? Погода хорошая.', voice: 'espeak:ru', script: 'Cyrillic' },
];

/** Share of 20 ms blocks louder than -45 dBFS: speech is mostly sound, a silent or near-silent clip is not. */
function activeShare(samples: Float32Array): number {
  const block = 960;
  let active = 0;
  let blocks = 0;
  for (let i = 0; i + block <= samples.length; i += block, blocks++) if (dbfs(rmsOf(samples.subarray(i, i + block))) > -45) active++;
  return blocks === 0 ? 0 : active / blocks;
}

describe('other languages with the default English voice', { timeout: 240_000 }, () => {
  let e2e: E2eBot;

  before(async () => {
    e2e = await startE2eBot({
      guilds: [
        { name: 'World', members: [{ username: 'alice', voiceChannel: 'Voice' }] },
        { name: 'Strict', members: [{ username: 'bob', voiceChannel: 'Voice' }] },
      ],
      config: { userRateLimit: 0 },
      settings: (guilds) => [{ guildId: guilds[1].id, languageFallback: false }],
      workers: 1,
    });
  });
  after(async () => {
    await e2e?.close();
  });

  for (const { language, text, voice, script } of CASES) {
    it(`${language} /say is spoken by ${voice}, as speech of the length it renders to`, async () => {
      const { fake } = e2e;
      const [world] = e2e.guilds;
      fake.clearAudio(world.id);
      const say = fake.injectSlashCommand({ guildId: world.id, userId: 'alice', name: 'say', options: { text } });
      const answer = (await fake.waitForReplyContent(say.id, { timeoutMs: 30_000 })).content ?? '';
      assert.equal(answer, `Speaking. I am using ${voice}, which can read ${script} script.`);
      await fake.waitForAudio(world.id, { minAudibleMs: 300, timeoutMs: 30_000 });
      // The utterance is over when the bot has sent its closing silence frames (3-byte packets) after the speech.
      const audio = await waitUntil(() => {
        const now = fake.audioFor(world.id);
        const lastOpus = now.packets.findLastIndex((p) => !p.silenceFrame);
        return lastOpus >= 0 && now.packets.length - lastOpus > 5 ? now : undefined;
      }, 'the utterance to end', { timeoutMs: 60_000, intervalMs: 50 });
      const opusPackets = audio.packets.filter((p) => !p.silenceFrame);
      const heardMs = opusPackets.length * FRAME_MS;
      const mono = audio.mono();
      const recorded = e2e.requests.findLast((r) => r.request.text === text);
      assert.ok(recorded, 'the generator got the text as written');
      assert.equal(recorded.request.voice, voice);
      const reference = await renderReference(e2e.generator, recorded.request);
      const level = dbfs(rmsOf(mono));
      const span = soundSpanMs(mono);
      const active = activeShare(mono);
      console.log(`[measure] ${language}: ${voice}, heard ${heardMs} ms (renders to ${reference.frames * FRAME_MS} ms), `
        + `sound for ${span.toFixed(0)} ms, ${(active * 100).toFixed(0)} % of 20 ms blocks above -45 dBFS, level ${level.toFixed(1)} dBFS`);
      assert.ok(Math.abs(heardMs - reference.frames * FRAME_MS) <= 40, 'heard what the request renders to');
      assert.ok(span >= 1000, `${span.toFixed(0)} ms of sound, not a short blip`);
      assert.ok(level > -35, `speech level ${level.toFixed(1)} dBFS`);
      assert.ok(active >= 0.4, `${(active * 100).toFixed(0)} % of the utterance is sound`);
      // Between its first and last Opus packet (the previous message's closing silence frames may arrive before).
      const speech = audio.packets.slice(audio.packets.findIndex((p) => !p.silenceFrame), audio.packets.findLastIndex((p) => !p.silenceFrame));
      const underruns = speech.filter((p) => p.silenceFrame).length;
      assert.equal(underruns, 0, 'no silence frames inside the speech (underruns)');
    });
  }

  it('a server that turned the switch off gets a clear answer, and nothing is queued', async () => {
    const { fake } = e2e;
    const strict = e2e.guilds[1];
    const before = e2e.requests.length;
    const say = fake.injectSlashCommand({ guildId: strict.id, userId: 'bob', name: 'say', options: { text: CASES[0].text } });
    const reply = await fake.waitForReplyContent(say.id, { timeoutMs: 30_000 });
    assert.equal(reply.ephemeral, true);
    assert.equal(reply.content, 'The voice neural:slt cannot read Japanese (Japanese script), and this server turned off switching voices for other '
      + 'languages. Pick a voice that can with the voice option (see /voice list).');
    assert.equal(e2e.requests.length, before, 'no request reached the generator');
  });
});
