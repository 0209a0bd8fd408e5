import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { AudioChunk } from '../../src/audio/audio-chunk.ts';
import type { GenerationMeasure } from '../../src/playback/generation-timer.ts';
import { GuildPlayback } from '../../src/playback/guild-playback.ts';
import type { SpeechItem } from '../../src/playback/speech-item.ts';
import type { PlaybackObserver } from '../../src/playback/playback-observer.ts';
import type { OutputEvents, PlaybackOutput, SpeechAudioSource } from '../../src/playback/playback-output.ts';
import { PlaybackRegistry } from '../../src/playback/playback-registry.ts';
import { chunkSpeech, Latch, ManualClock, SineGenerator, testLimits, until } from './fakes.ts';

/** Drains chunks like a player: first frame on the first chunk, and whatever extra events a test scripts. */
class EventfulOutput implements PlaybackOutput<AudioChunk> {
  hold: Latch | undefined;
  script: ((events: OutputEvents) => void) | undefined;
  played = 0;
  async play(chunks: AsyncIterable<AudioChunk>, signal: AbortSignal, events: OutputEvents = {}): Promise<void> {
    let first = true;
    for await (const _chunk of chunks) {
      if (signal.aborted) return;
      if (first) events.firstFrame?.();
      first = false;
    }
    this.script?.(events);
    this.played++;
    await this.hold?.wait();
  }
  stop(): void {}
}

/**
 * Chunk speech whose pipeline summary says it clipped 12 samples and that its speech began 20 ms into the audio (as
 * the encoder reports at the end).
 */
function clippingSpeech(generator: SineGenerator): SpeechAudioSource<AudioChunk> {
  const inner = chunkSpeech(generator);
  return { ...inner, open: (request, signal) => Object.assign(inner.open(request, signal), { summary: { clippedSamples: 12, speechStartSeconds: 0.02 } }) };
}

interface Seen {
  queued: SpeechItem[];
  firstAudio: { text: string; latencyMs: number | null }[];
  firstSpeech: { text: string; latencyMs: number }[];
  generated: { text: string; measure: GenerationMeasure }[];
  underruns: number;
  clipped: number;
  failed: { text: string; error: unknown }[];
}

function recordingObserver(): { observer: PlaybackObserver; seen: Seen } {
  const seen: Seen = { queued: [], firstAudio: [], firstSpeech: [], generated: [], underruns: 0, clipped: 0, failed: [] };
  const observer: PlaybackObserver = {
    queued: (item) => seen.queued.push(item),
    firstAudio: (item, latencyMs) => seen.firstAudio.push({ text: item.request.text, latencyMs }),
    firstSpeech: (item, latencyMs) => seen.firstSpeech.push({ text: item.request.text, latencyMs }),
    generated: (item, measure) => seen.generated.push({ text: item.request.text, measure }),
    underrun: () => seen.underruns++,
    clipped: (_item, samples) => (seen.clipped += samples),
    failed: (item, error) => seen.failed.push({ text: item.request.text, error }),
  };
  return { observer, seen };
}

function setup() {
  const generator = new SineGenerator();
  const output = new EventfulOutput();
  const clock = new ManualClock();
  const { observer, seen } = recordingObserver();
  const playback = new GuildPlayback({ guildId: 'g1', speech: clippingSpeech(generator), output, limits: testLimits, clock, log: () => undefined, observer });
  return { generator, output, clock, seen, playback };
}

const item = (text: string, extra: Partial<SpeechItem> = {}): SpeechItem => ({ userId: 'u1', request: { text, voice: 'test:sine', speed: 1 }, ...extra });

test('reports queued items with their source, time to first audio from receipt, and generation per utterance', async () => {
  const { playback, clock, seen } = setup();
  playback.enqueue(item('300', { source: 'say', receivedAt: clock.now() - 250 }));
  playback.enqueue(item('600', { source: 'autoread' }));
  await playback.idle();
  assert.deepEqual(seen.queued.map((i) => i.source), ['say', 'autoread']);
  assert.deepEqual(seen.firstAudio, [
    { text: '300', latencyMs: 250 },
    { text: '600', latencyMs: null },
  ]);
  // First speech: first audio plus the 20 ms before the speech; unknown without a receipt time.
  assert.deepEqual(seen.firstSpeech, [{ text: '300', latencyMs: 270 }]);
  assert.deepEqual(seen.generated.map((g) => g.text), ['300', '600']);
  for (const { measure } of seen.generated) {
    assert.equal(measure.chunks, 3);
    assert.ok(Math.abs(measure.audioSeconds - 0.3) < 1e-9, 'three 0.1 s chunks');
  }
  assert.deepEqual(seen.failed, []);
});

test('forwards the output\'s underruns and the pipeline\'s clipping, and reports failures but not deliberate stops', async () => {
  const { playback, generator, output, seen } = setup();
  output.script = (events) => events.underrun?.();
  generator.failTexts.add('500');
  playback.enqueue(item('300'));
  playback.enqueue(item('500'));
  await playback.idle();
  assert.equal(seen.underruns, 1);
  assert.equal(seen.clipped, 12);
  assert.equal(seen.failed.length, 1);
  assert.equal(seen.failed[0].text, '500');
  assert.match(String(seen.failed[0].error), /engine failed on 500/);
  assert.deepEqual(seen.generated.map((g) => g.text), ['300'], 'a failed generation is not timed');

  output.hold = new Latch();
  playback.enqueue(item('700'));
  await until(() => output.played === 2, 'third playing');
  playback.stop();
  output.hold.release();
  await playback.idle();
  assert.equal(seen.failed.length, 1, '/stop is not an error');
});

test('a throwing observer does not disturb playback', async () => {
  const generator = new SineGenerator();
  const output = new EventfulOutput();
  const broken: PlaybackObserver = {
    queued: () => {
      throw new Error('metrics bug');
    },
    firstAudio: () => {
      throw new Error('metrics bug');
    },
  };
  const playback = new GuildPlayback({ guildId: 'g', speech: chunkSpeech(generator), output, limits: testLimits, clock: new ManualClock(), log: () => undefined, observer: broken });
  assert.equal(playback.enqueue(item('300')).accepted, true);
  await playback.idle();
  assert.equal(output.played, 1);
});

test('the registry sums depth and active streams over guilds', async () => {
  const holds = new Map<string, Latch>();
  const registry = new PlaybackRegistry((guildId) => {
    const output = new EventfulOutput();
    output.hold = new Latch();
    holds.set(guildId, output.hold);
    return { speech: chunkSpeech(new SineGenerator()), output, limits: testLimits, clock: new ManualClock(), log: () => undefined };
  });
  assert.equal(registry.totalDepth, 0);
  for (const text of ['300', '400', '500']) registry.get('a').enqueue(item(text));
  registry.get('b').enqueue(item('600'));
  assert.equal(registry.totalDepth, 4);
  await until(() => registry.totalActiveStreams === 3, 'a playing + a prefetched + b playing');
  for (const hold of holds.values()) hold.release();
  await registry.get('a').idle();
  await registry.get('b').idle();
  assert.equal(registry.totalDepth, 0);
  assert.equal(registry.totalActiveStreams, 0);
});
