import { test } from 'node:test';
import assert from 'node:assert/strict';
import { defaultAudioPipelineOptions, resolveAudioPipelineOptions } from '../../src/audio/audio-pipeline-options.ts';
import type { AudioPipelineOptions } from '../../src/audio/audio-pipeline-options.ts';
import { AudioPipelineError } from '../../src/audio/audio-pipeline-error.ts';

test('defaults fill in what is not given', () => {
  const resolved = resolveAudioPipelineOptions({ opusComplexity: 8, targetLufs: undefined });
  assert.equal(resolved.opusComplexity, 8);
  assert.equal(resolved.targetLufs, defaultAudioPipelineOptions.targetLufs);
  assert.equal(defaultAudioPipelineOptions.crossfadeSeconds, 0.01);
  assert.equal(defaultAudioPipelineOptions.ceilingDbfs, -1);
});

test('bad settings are refused with a message naming the setting', () => {
  const bad: Array<Partial<Record<keyof AudioPipelineOptions, unknown>>> = [
    { opusComplexity: 11 }, { opusComplexity: 2.5 }, { opusBitrate: -1 }, { crossfadeSeconds: Number.NaN },
    { targetLufs: 5 }, { crossfadeShape: 'cubic' }, { resamplerQuality: 'ultra' }, { normalise: 'yes' },
    { trimSilence: 1 }, { expectedLoudnessLufs: 3 }, { expectedLoudnessLufs: Number.NaN }, { leadingPadSeconds: -0.1 },
    { loudnessPrimeSeconds: 5 },
  ];
  for (const options of bad) {
    const key = Object.keys(options)[0];
    assert.throws(() => resolveAudioPipelineOptions(options as Partial<AudioPipelineOptions>),
      (error: unknown) => error instanceof AudioPipelineError && error.message.includes(key), key);
  }
});

test('the expected voice loudness may be left out or given', () => {
  assert.equal(resolveAudioPipelineOptions({}).expectedLoudnessLufs, undefined);
  assert.equal(resolveAudioPipelineOptions({ expectedLoudnessLufs: -19.7 }).expectedLoudnessLufs, -19.7);
});
