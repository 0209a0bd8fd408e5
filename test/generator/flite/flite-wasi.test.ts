import { test } from 'node:test';
import assert from 'node:assert/strict';
import { prepareFliteInstance } from '../../../src/generator/flite/flite-instance.ts';
import { runFlite } from '../../../src/generator/flite/flite-wasi.ts';
import { medianPitchHz, peak, rms } from '../../audio/helpers/analysis.ts';

const sentence = 'The weather is nice today so we are going for a walk in the park.';

test('slt speaks a sentence as 16 kHz audio of plausible length and level, female pitch', async () => {
  const audio = await runFlite(sentence, { voice: 'slt' });
  assert.equal(audio.sampleRate, 16000);
  const seconds = audio.samples.length / 16000;
  assert.ok(seconds > 2 && seconds < 6, `${seconds} s`);
  assert.ok(peak(audio.samples) > 0.1 && peak(audio.samples) <= 1);
  assert.ok(rms(audio.samples) > 0.01);
  const pitch = medianPitchHz(audio.samples, 16000);
  assert.ok(pitch > 140 && pitch < 300, `slt pitch ${pitch} Hz`);
});

test('every built-in voice works at 16 kHz; rms is a lower (male) voice than slt', async () => {
  const pitches: Record<string, number> = {};
  for (const voice of ['slt', 'rms', 'awb', 'kal16'] as const) {
    const audio = await runFlite('Hello there, how are you today?', { voice });
    assert.equal(audio.sampleRate, 16000, voice);
    assert.ok(audio.samples.length > 16000 * 0.8, `${voice}: ${audio.samples.length} samples`);
    pitches[voice] = medianPitchHz(audio.samples, 16000);
  }
  assert.ok(pitches.rms < pitches.slt * 0.8, JSON.stringify(pitches));
});

test('duration_stretch 2 roughly doubles the duration', async () => {
  const normal = await runFlite(sentence, { voice: 'slt' });
  const slow = await runFlite(sentence, { voice: 'slt', durationStretch: 2 });
  const ratio = slow.samples.length / normal.samples.length;
  assert.ok(ratio > 1.6 && ratio < 2.4, `ratio ${ratio}`);
});

test('awkward text is spoken, not crashed on: control characters, leading dash, quotes, unicode', async () => {
  const audio = await runFlite('-v "quoted"\u0000 text\twith\ncontrol and ünïcode ✓', { voice: 'kal16' });
  assert.ok(audio.samples.length > 8000);
});

test('bad input is rejected with a clear error', async () => {
  await assert.rejects(runFlite('hello', { voice: 'nobody' as 'slt' }), /unknown flite voice/);
  await assert.rejects(runFlite('hello', { voice: 'slt', durationStretch: 0 }), /invalid duration stretch/);
  await assert.rejects(runFlite(' \u0001 ', { voice: 'slt' }), /nothing to say/);
});

test('concurrent sentences each get their own instance and their own audio', async () => {
  const [short, long] = await Promise.all([
    runFlite('Yes.', { voice: 'kal16' }),
    runFlite('This sentence is quite a lot longer than the other one.', { voice: 'kal16' }),
  ]);
  assert.ok(long.samples.length > 2 * short.samples.length, `${short.samples.length} vs ${long.samples.length}`);
  const again = await runFlite('Yes.', { voice: 'kal16' });
  assert.deepEqual(again.samples, short.samples, 'flite is deterministic, so a fresh instance repeats itself');
});

test('a prepared instance runs once and captures what flite printed', async () => {
  const instance = await prepareFliteInstance();
  try {
    // flite reports a missing input file on stderr (and still exits 0)
    instance.run(['flite', '-f', '/out/missing.txt', 'none']);
    assert.match(instance.output(), /failed to open file "\/out\/missing.txt"/);
    assert.throws(() => instance.run(['flite', '--version']), /only once/);
  } finally {
    instance.dispose();
  }
});
