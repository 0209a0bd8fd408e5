import { test } from 'node:test';
import assert from 'node:assert/strict';
import { FliteMachine } from '../../../src/generator/flite/flite-instance.ts';
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

test('concurrent sentences each get their own audio', async () => {
  const [short, long] = await Promise.all([
    runFlite('Yes.', { voice: 'kal16' }),
    runFlite('This sentence is quite a lot longer than the other one.', { voice: 'kal16' }),
  ]);
  assert.ok(long.samples.length > 2 * short.samples.length, `${short.samples.length} vs ${long.samples.length}`);
  const again = await runFlite('Yes.', { voice: 'kal16' });
  assert.deepEqual(again.samples, short.samples, 'flite is deterministic, so the reused instance repeats itself');
});

test('a reused machine says every sentence exactly as a fresh instance does, whatever ran before it', async () => {
  const runs: Array<{ text: string; voice: string; stretch: string }> = [
    { text: 'This sentence is long enough to make flite allocate a good deal more memory than a short one does, with numbers like 12345 and 3.75 and a list: apples, pears, plums, cherries and grapes.', voice: 'slt', stretch: '1.5' },
    { text: 'Yes.', voice: 'kal16', stretch: '1' },
    { text: 'Hello there, how are you today?', voice: 'rms', stretch: '1' },
    { text: 'Hello there, how are you today?', voice: 'awb', stretch: '0.8' },
    { text: 'Yes.', voice: 'kal16', stretch: '1' },
  ];
  const argv = (run: (typeof runs)[number]): string[] =>
    ['flite', '-voice', run.voice, '--setf', `duration_stretch=${run.stretch}`, '-t', run.text, '-o', '/out/speech.wav'];
  const reused = await FliteMachine.create();
  try {
    for (const run of runs) {
      const fresh = await FliteMachine.create();
      try {
        const expected = await fresh.run(argv(run), 'speech.wav');
        const actual = await reused.run(argv(run), 'speech.wav');
        assert.equal(actual.exitCode, 0);
        assert.ok(expected.file && expected.file.length > 10_000, `${run.voice}: fresh instance wrote audio`);
        assert.ok(actual.file?.equals(expected.file), `${run.voice} "${run.text.slice(0, 20)}": same WAV bytes as a fresh instance`);
      } finally {
        fresh.dispose();
      }
    }
    // Each run starts from the first state, so the allocator reuses the pages earlier runs grew instead of adding more.
    const grown = reused.memoryBytes;
    for (let i = 0; i < 5; i++) await reused.run(argv(runs[0]), 'speech.wav');
    assert.equal(reused.memoryBytes, grown, 'the same sentence again needs no more memory');
  } finally {
    reused.dispose();
  }
});

test('a machine captures what flite printed, and a run that writes no file says so', async () => {
  const machine = await FliteMachine.create();
  try {
    // flite reports a missing input file on stderr (and still exits 0)
    const run = await machine.run(['flite', '-f', '/out/missing.txt', 'none'], 'speech.wav');
    assert.match(run.output, /failed to open file "\/out\/missing.txt"/);
    assert.equal(run.file, undefined);
    const after = await machine.run(['flite', '-voice', 'kal16', '-t', 'Still here.', '-o', '/out/speech.wav'], 'speech.wav');
    assert.ok(after.file && after.file.length > 10_000, 'the next run speaks');
  } finally {
    machine.dispose();
  }
  await assert.rejects(machine.run(['flite', '--version']), /disposed/);
});
