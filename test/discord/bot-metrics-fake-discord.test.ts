// startBot in-process against the fake Discord with the REAL audio pipeline (src/audio/opus-pipeline.ts, the default
// encoder) and a scripted tone generator, checking that what happened shows up in /metrics and /healthz: utterances
// by source, time to first audio, real-time factor, an underrun that is heard as a pause (not as the end of the
// message), clipped samples from the pipeline, and errors by kind.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createServer } from 'node:net';
import { setTimeout as sleep } from 'node:timers/promises';
import type { AudioChunk } from '../../src/audio/audio-chunk.ts';
import type { BotConfig } from '../../src/config/bot-config.ts';
import { startBot } from '../../src/discord/start-bot.ts';
import { SpeechError, type SpeechRequest } from '../../src/generator/speech-request.ts';
import { createLogger } from '../../src/logging/logger.ts';
import { openSettingsStore } from '../../src/storage/open-settings-store.ts';
import { startFakeDiscord } from '../fake-discord/index.ts';
import { metricValue } from './prometheus-text.ts';
import type { AudioPipelineOptions } from '../../src/audio/audio-pipeline-options.ts';
import { encodeInProcess } from '../../src/generator/encode-in-process.ts';

const RATE = 24_000;
const CHUNK_SECONDS = 0.1;
const TONE_HZ = 440;

function tone(amplitude: number): AudioChunk {
  const samples = new Float32Array(Math.round(RATE * CHUNK_SECONDS));
  for (let i = 0; i < samples.length; i++) samples[i] = amplitude * Math.sin((2 * Math.PI * TONE_HZ * i) / RATE);
  return { samples, sampleRate: RATE, overlap: 0 };
}

/**
 * "stall": 2 s of an over-loud tone (peaks at 1.3, so the pipeline must clip) with a 1.5 s pause in making it after
 * the first 0.5 s, so playback runs dry. "fail": breaks after 0.2 s. Anything else: 0.5 s of a normal tone.
 */
class ScriptedToneGenerator {
  readonly requests: SpeechRequest[] = [];
  stream(request: SpeechRequest, signal?: AbortSignal): AsyncIterable<AudioChunk> {
    this.requests.push(request);
    return (async function* () {
      const stall = request.text.includes('stall');
      const count = stall ? 20 : request.text.includes('fail') ? 2 : 5;
      for (let i = 0; i < count; i++) {
        if (signal?.aborted) return;
        if (stall && i === 5) await sleep(1500);
        yield tone(stall ? 1.3 : 0.5);
      }
      if (request.text.includes('fail')) throw new SpeechError('engine-failed', 'The voice engine failed on this message.');
    })();
  }
  speak(request: SpeechRequest, encode: AudioPipelineOptions, signal?: AbortSignal) {
    return encodeInProcess(this.stream(request, signal), encode);
  }
  async listVoices() {
    return [{ id: 'test:tone', engine: 'test', language: 'en-US', sampleRate: RATE, installed: true, license: 'MIT', description: 'tone' }];
  }
  healthy = true;
  async close(): Promise<void> {}
  isHealthy(): boolean {
    return this.healthy;
  }
}

async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

/** Dominant frequency of the loud part of a signal, by zero crossings. */
function zeroCrossingHz(signal: Float32Array, sampleRate: number): number {
  let crossings = 0;
  let loud = 0;
  for (let i = 1; i < signal.length; i++) {
    if (Math.abs(signal[i]) < 0.01 && Math.abs(signal[i - 1]) < 0.01) continue;
    loud++;
    if ((signal[i - 1] < 0) !== (signal[i] < 0)) crossings++;
  }
  return (crossings / 2) * (sampleRate / Math.max(1, loud));
}

test('metrics after /say and auto-read: TTFA, RTF, underrun heard as a pause, clipping, errors; /healthz has the generator', { timeout: 60_000 }, async () => {
  const fake = await startFakeDiscord({ trustInProcess: true });
  const guild = fake.createGuild({ members: [{ username: 'alice', voiceChannel: 'Voice' }] });
  const store = await openSettingsStore('sqlite::memory:');
  await store.updateGuild(guild.id, { autoreadChannelId: guild.channel('general').id });
  const generator = new ScriptedToneGenerator();
  const healthPort = await freePort();
  const config: BotConfig = {
    discordToken: 'fake-token', discordClientId: fake.applicationId, discordDevGuildId: guild.id, discordApiUrl: fake.restUrl, discordGatewayUrl: null,
    databaseUrl: 'sqlite::memory:', modelsDir: 'models', defaultVoice: 'test:tone', generatorWorkers: 1, generatorProviders: ['cpu'],
    maxTextLength: 1000, queueMaxDepth: 20, userRateLimit: 0, userRateWindowSeconds: 10, speedupQueueThreshold: 0, speedupMax: 1,
    leaveWhenAloneSeconds: 0, reconnectMaxAttempts: 5, healthHost: '127.0.0.1', healthPort, logLevel: 'silent', sharding: 'off',
  };
  // normalise off: the over-loud tone reaches the clipper as it is, so clipping is certain and countable.
  const bot = await startBot(config, { store, generator, audio: { normalise: false }, logger: createLogger({ level: 'silent' }) });
  const scrape = async (): Promise<string> => (await fetch(`http://127.0.0.1:${healthPort}/metrics`)).text();
  try {
    const health = await fetch(`http://127.0.0.1:${healthPort}/healthz`);
    assert.equal(health.status, 200);
    assert.deepEqual(await health.json(), { status: 'ok', checks: { gateway: true, accepting: true, generatorWorkers: true } });

    const said = fake.injectSlashCommand({ guildId: guild.id, userId: 'alice', name: 'say', options: { text: 'stall please' } });
    assert.match((await fake.waitForReplyContent(said.id, { timeoutMs: 20_000 })).content ?? '', /Speaking/);
    await fake.waitForAudio(guild.id, { minAudibleMs: 200, timeoutMs: 20_000 });
    const during = await scrape();
    assert.equal(metricValue(during, 'tts_queue_depth'), 1, 'one message in the queue while it plays');
    assert.equal(metricValue(during, 'tts_active_streams'), 1);
    assert.equal(metricValue(during, 'tts_utterances_total', { source: 'say' }), 1);
    assert.equal(metricValue(during, 'tts_time_to_first_audio_seconds_count'), 1);

    // The whole 2 s arrives despite the 1.5 s hole in generation (@discordjs/voice's default would end it after 100 ms).
    const audio = await fake.waitForAudio(guild.id, { minAudibleMs: 1800, timeoutMs: 20_000 });
    await fake.waitForSilence(guild.id, 300, { timeoutMs: 20_000 });
    const heard = fake.audioFor(guild.id);
    assert.ok(heard.audibleMs >= 1800 && heard.audibleMs <= 2400, `audible ${heard.audibleMs} ms of a 2 s message`);
    const pitch = zeroCrossingHz(audio.mono(), audio.sampleRate);
    assert.ok(Math.abs(pitch - TONE_HZ) < 15, `heard ${pitch.toFixed(1)} Hz, sent ${TONE_HZ} Hz`);

    const after = await scrape();
    const ttfaSum = metricValue(after, 'tts_time_to_first_audio_seconds_sum') ?? NaN;
    console.log(`[measure] /say -> first Opus frame taken by the player (real pipeline, tone generator): ${Math.round(ttfaSum * 1000)} ms`);
    assert.ok(ttfaSum > 0 && ttfaSum < 20, `time to first audio ${ttfaSum} s`);
    // The first word comes no earlier than the first audio (the tone starts at once, so barely later).
    assert.equal(metricValue(after, 'tts_time_to_first_speech_seconds_count'), 1);
    const ttfsSum = metricValue(after, 'tts_time_to_first_speech_seconds_sum') ?? NaN;
    assert.ok(ttfsSum >= ttfaSum && ttfsSum < ttfaSum + 0.1, `time to first speech ${ttfsSum} s, first audio ${ttfaSum} s`);
    assert.equal(metricValue(after, 'tts_generator_real_time_factor_count'), 1);
    // 1.5 s of the generator's time went into 2 s of audio, so the factor is at least 0.75 however fast the machine.
    const rtf = metricValue(after, 'tts_generator_real_time_factor_sum') ?? NaN;
    assert.ok(rtf >= 0.7, `real-time factor ${rtf}`);
    assert.ok((metricValue(after, 'tts_underruns_total') ?? 0) >= 1, 'the pause in generation was an underrun');
    // Peaks of 1.3: roughly a third of every cycle is above 1, over 2 s at 48 kHz.
    const clipped = metricValue(after, 'tts_clipped_samples_total') ?? 0;
    assert.ok(clipped > 10_000, `clipped samples ${clipped}`);
    assert.equal(metricValue(after, 'tts_queue_depth'), 0);
    assert.equal(metricValue(after, 'tts_active_streams'), 0);

    fake.injectMessage({ guildId: guild.id, userId: 'alice', content: 'hello there' });
    await fake.waitForSilence(guild.id, 300, { timeoutMs: 20_000 });
    await waitForMetric(scrape, 'tts_utterances_total', { source: 'autoread' }, 1);

    const failing = fake.injectSlashCommand({ guildId: guild.id, userId: 'alice', name: 'say', options: { text: 'fail now' } });
    await fake.waitForReplyContent(failing.id, { timeoutMs: 20_000 });
    await waitForMetric(scrape, 'tts_errors_total', { kind: 'generator' }, 1);
    const final = await scrape();
    assert.equal(metricValue(final, 'tts_utterances_total', { source: 'say' }), 2);
    assert.equal(metricValue(final, 'tts_time_to_first_audio_seconds_count'), 3, 'every utterance that made audio was timed');
    assert.equal(metricValue(final, 'tts_generator_real_time_factor_count'), 2, 'the failed one is not timed');
    const errors = (await bot.metrics.errors.get()).values.map((v) => [v.labels.kind, v.value]);
    assert.deepEqual(errors, [['generator', 1]], 'the engine failure is counted once, as a generator error');

    generator.healthy = false;
    const sick = await fetch(`http://127.0.0.1:${healthPort}/healthz`);
    assert.equal(sick.status, 503);
    assert.deepEqual(await sick.json(), { status: 'unhealthy', checks: { gateway: true, accepting: true, generatorWorkers: false } });
  } finally {
    await bot.stop();
    await store.close();
    await fake.close();
  }
});

async function waitForMetric(scrape: () => Promise<string>, name: string, labels: Record<string, string>, expected: number): Promise<void> {
  let last: number | undefined;
  for (let i = 0; i < 200; i++) {
    last = metricValue(await scrape(), name, labels);
    if (last === expected) return;
    await sleep(50);
  }
  assert.fail(`${name}${JSON.stringify(labels)} is ${last}, expected ${expected}`);
}
