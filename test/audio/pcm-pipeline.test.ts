import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import type { AudioChunk } from '../../src/audio/audio-chunk.ts';
import { collectPcm48k, processToPcm48k } from '../../src/audio/pcm-pipeline.ts';
import { AudioPipelineError } from '../../src/audio/audio-pipeline-error.ts';
import { defaultAudioPipelineOptions } from '../../src/audio/audio-pipeline-options.ts';
import { chunksWithOverlap, fromArray, sine } from './helpers/signals.ts';
import { maxStep, peak, rmsDb, zeroCrossingFrequency } from './helpers/analysis.ts';

const rates = [16_000, 22_050, 24_000, 44_100] as const;

test('tone through the float pipeline: exact duration, frequency, target level, smooth joins, at every rate', async () => {
  for (const rate of rates) {
    const tone = sine(1_000, rate, rate * 3, 0.05);
    const chunks = chunksWithOverlap(tone, rate, [Math.round(rate * 0.3), 1_234, Math.round(rate * 0.7)], 480);
    // Without the watermark: its faint noise is meant to be there, and would be the largest step on a pure tone.
    const stream = processToPcm48k(fromArray(chunks), { watermark: false });
    const out = await collectPcm48k(stream);
    assert.equal(out.length, Math.round(tone.length * 48_000 / rate), `${rate}: length`);
    const f = zeroCrossingFrequency(out, 48_000, 48_000, out.length - 4_800);
    assert.ok(Math.abs(f - 1_000) < 1, `${rate}: ${f.toFixed(3)} Hz`);
    const level = rmsDb(out, 96_000, out.length - 4_800);
    assert.ok(Math.abs(level - defaultAudioPipelineOptions.targetLufs) < 1, `${rate}: level ${level.toFixed(2)} dBFS`);
    // The tone's own largest step at 48 kHz at the output level is about 2*pi*1000/48000 * peak.
    const ownStep = 2 * Math.PI * 1_000 / 48_000 * peak(out, 96_000, out.length - 4_800);
    assert.ok(maxStep(out, 24_000, out.length - 4_800) <= ownStep * 1.1, `${rate}: a click somewhere`);
    assert.equal(stream.stats.clippedSamples, 0);
    assert.equal(stream.stats.inputSampleRate, rate);
    assert.equal(stream.stats.inputChunks, chunks.length);
  }
});

test('silence stays silence', async () => {
  const chunks: AudioChunk[] = [0, 1, 2].map((k) => ({ samples: new Float32Array(5_000), sampleRate: 22_050, overlap: k === 0 ? 0 : 100 }));
  const kept = await collectPcm48k(processToPcm48k(fromArray(chunks), { trimSilence: false }));
  assert.equal(kept.length, Math.round(14_800 * 48_000 / 22_050));
  assert.equal(peak(kept), 0);
  assert.equal((await collectPcm48k(processToPcm48k(fromArray(chunks)))).length, 0, 'all of it is leading silence: trimmed');
});

test('NaN from a broken model becomes silence and is counted; a rate change mid-utterance is a clear error', async () => {
  const broken = sine(300, 16_000, 3_200, 0.3);
  broken.fill(Number.NaN, 1_000, 1_100);
  const stream = processToPcm48k(fromArray([{ samples: broken, sampleRate: 16_000, overlap: 0 }]));
  const out = await collectPcm48k(stream);
  assert.ok(out.every((v) => Number.isFinite(v)));
  assert.equal(stream.stats.nonFiniteSamples, 100);

  const mixed = fromArray<AudioChunk>([
    { samples: new Float32Array(100), sampleRate: 16_000, overlap: 0 },
    { samples: new Float32Array(100), sampleRate: 24_000, overlap: 0 },
  ]);
  await assert.rejects(collectPcm48k(processToPcm48k(mixed)), (e: unknown) => e instanceof AudioPipelineError && /sample rate changed/.test(e.message));
  const notAudio = fromArray([{ samples: [1, 2, 3], sampleRate: 16_000, overlap: 0 }] as unknown as AudioChunk[]);
  await assert.rejects(collectPcm48k(processToPcm48k(notAudio)), AudioPipelineError);
  await assert.rejects(collectPcm48k(processToPcm48k(fromArray<AudioChunk>([{ samples: new Float32Array(10), sampleRate: 7, overlap: 0 }]))), /not supported/);
  assert.throws(() => processToPcm48k(fromArray([]), { opusComplexity: 99 }), AudioPipelineError);
});

test('an empty source gives no audio and no error', async () => {
  const out = await collectPcm48k(processToPcm48k(fromArray([])));
  assert.equal(out.length, 0);
});

test('stopping early or aborting calls the source iterator return()', async () => {
  let returned = 0;
  async function* endless(): AsyncGenerator<AudioChunk> {
    try {
      for (;;) yield { samples: sine(200, 24_000, 2_400), sampleRate: 24_000, overlap: 0 };
    } finally {
      returned++;
    }
  }
  for await (const block of processToPcm48k(endless())) {
    assert.ok(block.length > 0);
    break;
  }
  assert.equal(returned, 1);

  const controller = new AbortController();
  let blocks = 0;
  for await (const _ of processToPcm48k(endless(), {}, controller.signal)) {
    if (++blocks === 3) controller.abort();
    assert.ok(blocks <= 4, 'kept going after abort');
  }
  assert.equal(returned, 2);
});

test('property: random chunk sizes (1 sample to seconds) and overlaps at every rate keep duration and continuity', async () => {
  await fc.assert(
    fc.asyncProperty(
      fc.constantFrom(...rates),
      fc.array(fc.oneof(fc.integer({ min: 1, max: 50 }), fc.integer({ min: 51, max: 4_000 }), fc.integer({ min: 4_001, max: 60_000 })), { minLength: 1, maxLength: 8 }),
      fc.integer({ min: 0, max: 900 }),
      async (rate, lengths, overlap) => {
        const total = Math.min(lengths.reduce((a, b) => a + b, 0), rate * 2);
        const tone = sine(440, rate, total, 0.3);
        // A one-sample "tone" is its zero crossing: silence, which the trimmer rightly drops (all silence gives nothing).
        fc.pre(tone.some((x) => Math.abs(x) >= 0.01));
        const out = await collectPcm48k(processToPcm48k(fromArray(chunksWithOverlap(tone, rate, lengths, overlap))));
        assert.equal(out.length, Math.round(total * 48_000 / rate));
        const ownStep = 2 * Math.PI * 440 / 48_000;
        // Generous: the gain may still be settling, but a discontinuity at a join would be far larger.
        // The last 10 ms are left out: the tone is cut off there mid-cycle, which is a real (input) step.
        const step = maxStep(out, 1, out.length - 480);
        assert.ok(step <= ownStep * 1.2, `step ${step} vs tone step at full scale ${ownStep}`);
      },
    ),
    { numRuns: 25 },
  );
});
