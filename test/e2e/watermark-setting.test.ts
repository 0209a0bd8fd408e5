// End to end: a server's "AI-speech watermark" setting. The real bot (WATERMARK on, its default), the real generator
// and Opus pipeline, and the fake Discord's receiver: with the setting on the speech the members hear carries the mark
// (the project's detector finds it), with it off the same speech does not, and /settings changes it on the fly.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { startE2eBot } from './helpers/e2e-bot.ts';
import type { E2eBot } from './helpers/e2e-bot.ts';
import { splitUtterances, waitForUtterances } from './helpers/received-audio.ts';
import { renderReference } from './helpers/reference-audio.ts';
import { detectWatermark } from '../../src/audio/watermark/watermark-detector.ts';

// About 6 s of speech: more than two of the mark's 2.7 s carrier periods.
const TEXT = 'The river runs past the old mill, and the birds sing in the garden behind it every single morning of the spring.';

describe('the watermark server setting, end to end', { timeout: 180_000 }, () => {
  let e2e: E2eBot;
  let guildId: string;

  before(async () => {
    e2e = await startE2eBot({ guilds: [{ members: [{ username: 'alice', voiceChannel: 'Voice' }] }], config: { userRateLimit: 0 } });
    guildId = e2e.guilds[0].id;
    await renderReference(e2e.generator, { text: 'Warming up.', voice: 'neural:slt' });
  });
  after(async () => {
    await e2e?.close();
  });

  async function heardSpeech(): Promise<Float32Array> {
    const { fake } = e2e;
    fake.clearAudio(guildId);
    const said = fake.injectSlashCommand({ guildId, userId: 'alice', name: 'say', options: { text: TEXT } });
    assert.equal((await fake.waitForReplyContent(said.id, { timeoutMs: 30_000 })).content, 'Speaking.');
    const { audio } = await waitForUtterances(() => fake.audioFor(guildId), 1, 60_000);
    const [utterance] = splitUtterances(audio);
    assert.ok(utterance.durationMs > 4000, `${utterance.durationMs} ms of speech`);
    return utterance.mono;
  }

  async function setWatermark(value: 'on' | 'off'): Promise<void> {
    const set = e2e.fake.injectSlashCommand({ guildId, userId: 'alice', name: 'settings', subcommand: 'set', options: { setting: 'watermark', value } });
    assert.match((await e2e.fake.waitForReplyContent(set.id, { timeoutMs: 20_000 })).content ?? '', new RegExp(`\\*\\*AI-speech watermark:\\*\\* ${value}$`, 'm'));
  }

  it('on (the default): the mark is in what members hear; off: it is not; on again: back', async () => {
    const marked = detectWatermark(await heardSpeech());
    await setWatermark('off');
    const unmarked = detectWatermark(await heardSpeech());
    assert.equal(e2e.requests.at(-1)?.request.watermark, false);
    await setWatermark('on');
    const again = detectWatermark(await heardSpeech());
    console.log(`[measure] watermark setting: on score ${marked.score.toFixed(1)} (${marked.payloadText}), off ${unmarked.score.toFixed(1)}, on again ${again.score.toFixed(1)}`);
    assert.equal(marked.watermarked, true, `on: score ${marked.score.toFixed(1)}`);
    assert.equal(unmarked.watermarked, false, `off: score ${unmarked.score.toFixed(1)}`);
    assert.equal(again.watermarked, true, `on again: score ${again.score.toFixed(1)}`);
  });
});
