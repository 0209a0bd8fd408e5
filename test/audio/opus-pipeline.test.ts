import { test } from 'node:test';
import assert from 'node:assert/strict';
import { once } from 'node:events';
import type { AudioChunk } from '../../src/audio/audio-chunk.ts';
import { createOpusStream } from '../../src/audio/opus-pipeline.ts';
import { AudioPipelineError } from '../../src/audio/audio-pipeline-error.ts';
import { chunksWithOverlap, fromArray, sine } from './helpers/signals.ts';
import { decodePackets, opusDelaySamples, readAllPackets } from './helpers/opus-decode.ts';
import { maxStep, peak, rmsDb, zeroCrossingFrequency } from './helpers/analysis.ts';
import { defaultAudioPipelineOptions } from '../../src/audio/audio-pipeline-options.ts';

const padding = defaultAudioPipelineOptions.paddingFrames;

test('decoded Opus output has the input duration (+ padding), the tone frequency and the target level', async () => {
  for (const rate of [16_000, 22_050, 24_000, 44_100]) {
    const tone = sine(1_000, rate, Math.round(rate * 2.5), 0.05);
    const chunks = chunksWithOverlap(tone, rate, [Math.round(rate * 0.4), 999, Math.round(rate * 0.9)], 300);
    const stream = createOpusStream(fromArray(chunks));
    const packets = await readAllPackets(stream);
    const samples48k = Math.round(tone.length * 48_000 / rate);
    assert.equal(packets.length, Math.ceil(samples48k / 960) + padding, `${rate}: packets`);
    assert.equal(stream.stats.framesOut, packets.length);
    const { left, right } = decodePackets(packets);
    assert.equal(left.length, packets.length * 960);
    const from = 48_000;
    const to = samples48k - 2_400;
    const f = zeroCrossingFrequency(left, 48_000, from, to);
    assert.ok(Math.abs(f - 1_000) < 1, `${rate}: ${f.toFixed(3)} Hz`);
    const level = rmsDb(left, from, to);
    assert.ok(Math.abs(level - defaultAudioPipelineOptions.targetLufs) < 1.5, `${rate}: ${level.toFixed(2)} dBFS`);
    assert.ok(Math.abs(rmsDb(right, from, to) - level) < 0.2, 'channels differ');
    const ownStep = 2 * Math.PI * 1_000 / 48_000 * peak(left, from, to);
    assert.ok(maxStep(left, 9_600, to) <= ownStep * 1.25, `${rate}: discontinuity in decoded audio`);
    // The sound stops where the input stops (allowing for the codec's delay), then the padding is silent.
    const end = samples48k + opusDelaySamples;
    assert.ok(rmsDb(left, end - 2_400, end - 480) > -20, `${rate}: tail of the tone missing`);
    assert.ok(peak(left, end + 960, left.length) < 0.01, `${rate}: sound in the padding`);
  }
});

test('silence in, silence out: kept whole when trimming is off, trimmed to the padding frames when on', async () => {
  const silence = (): AsyncIterable<AudioChunk> => fromArray<AudioChunk>([{ samples: new Float32Array(22_050), sampleRate: 22_050, overlap: 0 }]);
  const kept = decodePackets(await readAllPackets(createOpusStream(silence(), { trimSilence: false })));
  assert.equal(kept.left.length, (50 + padding) * 960);
  assert.ok(peak(kept.left) < 1e-3 && peak(kept.right) < 1e-3);
  const trimmed = decodePackets(await readAllPackets(createOpusStream(silence())));
  assert.equal(trimmed.left.length, padding * 960);
  assert.ok(peak(trimmed.left) < 1e-3);
});

test('the first frame leaves before the source is finished (streaming, not batch)', async () => {
  // The normaliser measures the first 0.8 s of a voice of unknown level (four of these 0.2 s chunks, and the trimmer
  // holds back the quiet last samples of the fourth) before choosing the gain; a known voice needs one 100 ms step.
  for (const [options, most] of [[{}, 5], [{ expectedLoudnessLufs: -20 }, 2]] as const) {
    let chunksRead = 0;
    async function* slowSpeech(): AsyncGenerator<AudioChunk> {
      for (let k = 0; k < 20; k++) {
        chunksRead++;
        yield { samples: sine(220, 24_000, 4_800, 0.2), sampleRate: 24_000, overlap: 0 };
      }
    }
    const stream = createOpusStream(slowSpeech(), options);
    const [first] = await once(stream, 'data') as [Buffer];
    assert.ok(first.length > 0);
    assert.ok(chunksRead <= most, `${chunksRead} chunks were read before the first packet (${JSON.stringify(options)})`);
    assert.ok(stream.stats.firstFrameAt !== null);
    stream.destroy();
  }
});

test('backpressure: a consumer that stops reading stops the source being read', async () => {
  let chunksRead = 0;
  async function* endless(): AsyncGenerator<AudioChunk> {
    for (;;) {
      chunksRead++;
      yield { samples: sine(220, 22_050, 2_205, 0.2), sampleRate: 22_050, overlap: 0 };
    }
  }
  const stream = createOpusStream(endless());
  for (let i = 0; i < 50; i++) {
    if (stream.read() === null) await once(stream, 'readable');
  }
  const readAfter50 = chunksRead;
  await new Promise((resolve) => setTimeout(resolve, 100));
  assert.equal(chunksRead, readAfter50, 'source kept being read while nobody consumed');
  // 50 frames = 1 s = 10 chunks of 0.1 s; a few more may be in flight, not hundreds.
  assert.ok(readAfter50 <= 13, `${readAfter50} chunks read for 50 frames`);
  stream.destroy();
});

test('abort stops within one frame: stream ends cleanly, source return() called, encoder released', async () => {
  let returned = false;
  async function* endless(): AsyncGenerator<AudioChunk> {
    try {
      for (;;) yield { samples: sine(300, 16_000, 1_600, 0.3), sampleRate: 16_000, overlap: 0 };
    } finally {
      returned = true;
    }
  }
  const controller = new AbortController();
  const stream = createOpusStream(endless(), {}, controller.signal);
  let errors = 0;
  stream.on('error', () => errors++);
  let before = 0;
  let after = 0;
  const ended = once(stream, 'end');
  stream.on('data', () => {
    if (controller.signal.aborted) after++;
    else if (++before === 25) controller.abort();
  });
  await ended;
  assert.equal(before, 25);
  assert.ok(after <= 1, `${after} frames after abort`);
  assert.equal(errors, 0);
  assert.ok(returned, 'source return() not called');
  assert.ok(stream.released);
  assert.ok(stream.stats.aborted);
});

test('abort while the generator is stuck waiting still ends the stream at once', async () => {
  let returnCalled = false;
  const stuck: AsyncIterable<AudioChunk> = {
    [Symbol.asyncIterator]() {
      let first = true;
      return {
        next: () => {
          if (first) {
            first = false;
            return Promise.resolve({ done: false, value: { samples: sine(300, 16_000, 16_000, 0.3), sampleRate: 16_000, overlap: 0 } });
          }
          return new Promise<IteratorResult<AudioChunk>>(() => undefined);
        },
        return: () => {
          returnCalled = true;
          return Promise.resolve({ done: true, value: undefined });
        },
      };
    },
  };
  const controller = new AbortController();
  const stream = createOpusStream(stuck, {}, controller.signal);
  let frames = 0;
  stream.on('data', () => {
    frames++;
  });
  while (frames < 40) await new Promise((resolve) => setTimeout(resolve, 5));
  controller.abort();
  await once(stream, 'end');
  assert.ok(returnCalled);
  assert.ok(frames >= 40 && frames <= 51, `${frames} frames`);
});

test('an already aborted signal gives an empty stream; bad input gives an AudioPipelineError, never a crash', async () => {
  const controller = new AbortController();
  controller.abort();
  const empty = await readAllPackets(createOpusStream(fromArray([{ samples: new Float32Array(4_800), sampleRate: 24_000, overlap: 0 }]), {}, controller.signal));
  assert.equal(empty.length, 0);

  const bad = createOpusStream(fromArray<AudioChunk>([{ samples: new Float32Array(100), sampleRate: 24_000, overlap: 101 }]));
  await assert.rejects(readAllPackets(bad), (e: unknown) => e instanceof AudioPipelineError && /overlap/.test(e.message));

  async function* failing(): AsyncGenerator<AudioChunk> {
    yield { samples: new Float32Array(2_400), sampleRate: 24_000, overlap: 0 };
    throw new Error('model crashed');
  }
  await assert.rejects(readAllPackets(createOpusStream(failing())), /model crashed/);
  assert.throws(() => createOpusStream(fromArray([]), { opusBitrate: 0 }), AudioPipelineError);
});
