import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { speakerRequestFields, UsageError } from '../../src/cli/say-args.ts';
import { MAX_SPEAKER_TURNS } from '../../src/limits/speech-limits.ts';
import { longestInnerPause, medianPitchHz, rmsDb } from '../audio/helpers/analysis.ts';
import { readWav16 } from './wav-reader.ts';
import { transcribe, wordRecall, words } from '../helpers/speech-recognition.ts';
import { pocketsphinx, skipUnless } from '../helpers/test-requirements.ts';

const run = promisify(execFile);

test('the say CLI reads the speaker markup: turns, joined neighbours, the turn limit', () => {
  assert.deepEqual(speakerRequestFields('Hello.', 'neural:slt'), { voice: 'neural:slt', text: 'Hello.' });
  assert.deepEqual(speakerRequestFields('Hi. [neural:slt] Me too. [neural:rms] Bye.', 'neural:slt'), {
    voice: 'neural:slt',
    text: 'Hi. Me too. Bye.',
    turns: [{ voice: 'neural:slt', text: 'Hi. Me too.' }, { voice: 'neural:rms', text: 'Bye.' }],
  });
  assert.throws(() => speakerRequestFields('[neural:rms]', 'neural:slt'), UsageError);
  const many = Array.from({ length: MAX_SPEAKER_TURNS + 1 }, (_, i) => `[neural:${i % 2 === 0 ? 'slt' : 'rms'}] Line.`).join(' ');
  assert.throws(() => speakerRequestFields(many, 'neural:slt'), UsageError);
});

test('a two-voice text is one file: the male voice (rms) then the female one (slt), a short pause between, levels matched', async () => {
  const dir = await mkdtemp(join(tmpdir(), 'say-speakers-'));
  try {
    const out = join(dir, 'two.wav');
    const text = '[neural:rms] Hello there my good friend. [neural:slt] I am very happy to see you.';
    const { stdout } = await run(process.execPath, ['src/cli/say.ts', text, '--out', out]);
    assert.match(stdout, /^voice neural:rms, neural:slt;/u);
    const wav = readWav16(await readFile(out));
    const rate = wav.sampleRate;
    const [pauseStart, pauseEnd] = longestInnerPause(wav.samples, rate);
    const pauseMs = (1000 * (pauseEnd - pauseStart)) / rate;
    // turnPauseSeconds is 200 ms counting each voice's own quiet edges; 10 ms blocks at -40 dBFS see a little less.
    assert.ok(pauseMs >= 120 && pauseMs <= 260, `pause between the speakers ${pauseMs} ms`);
    const first = wav.samples.subarray(0, pauseStart);
    const second = wav.samples.subarray(pauseEnd);
    const [firstHz, secondHz] = [medianPitchHz(first, rate), medianPitchHz(second, rate)];
    // rms is a male voice (~115 Hz median here), slt a female one (~165 Hz).
    assert.ok(firstHz > 80 && firstHz < 140, `first speaker ${firstHz.toFixed(0)} Hz`);
    assert.ok(secondHz > 145 && secondHz < 260, `second speaker ${secondHz.toFixed(0)} Hz`);
    // Raw, rms is 4.7 dB quieter than slt; each turn is brought to the first voice's typical level.
    const levelGap = Math.abs(rmsDb(first) - rmsDb(second));
    assert.ok(levelGap < 3, `level difference between the speakers ${levelGap.toFixed(1)} dB`);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
});

test('voices of different sample rates: neural:slt (22.05 kHz) then flite:rms (16 kHz, resampled), flite\'s opening pause cut', async () => {
  const dir = await mkdtemp(join(tmpdir(), 'say-speakers-'));
  try {
    const out = join(dir, 'mixed.wav');
    await run(process.execPath, ['src/cli/say.ts', '[neural:slt] Hello there my good friend. [flite:rms] I am very happy to see you.', '--out', out]);
    const wav = readWav16(await readFile(out));
    const [pauseStart, pauseEnd] = longestInnerPause(wav.samples, wav.sampleRate);
    const pauseMs = (1000 * (pauseEnd - pauseStart)) / wav.sampleRate;
    // flite opens every call with ~0.2 s of silence; uncut, the pause measured 330 ms.
    assert.ok(pauseMs >= 120 && pauseMs <= 260, `pause between the speakers ${pauseMs} ms`);
    const firstHz = medianPitchHz(wav.samples.subarray(0, pauseStart), wav.sampleRate);
    const secondHz = medianPitchHz(wav.samples.subarray(pauseEnd), wav.sampleRate);
    assert.ok(firstHz > 145 && firstHz < 260, `first speaker (slt) ${firstHz.toFixed(0)} Hz`);
    assert.ok(secondHz > 80 && secondHz < 140, `second speaker (flite rms) ${secondHz.toFixed(0)} Hz`);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
});

test('both speakers are intelligible (pocketsphinx hears the words of each turn)', { skip: skipUnless(pocketsphinx()) }, async () => {
  const dir = await mkdtemp(join(tmpdir(), 'say-speakers-'));
  try {
    const out = join(dir, 'words.wav');
    const [one, two] = ['The weather is nice today.', 'We will go for a walk in the park after lunch.'];
    await run(process.execPath, ['src/cli/say.ts', `[neural:slt] ${one} [neural:rms] ${two}`, '--out', out]);
    const wav = readWav16(await readFile(out));
    const [pauseStart, pauseEnd] = longestInnerPause(wav.samples, wav.sampleRate);
    const expected = (text: string): string[] => text.toLowerCase().replace(/[^a-z ]/gu, '').split(' ');
    const first = words(await transcribe(wav.samples.subarray(0, pauseStart), wav.sampleRate));
    const second = words(await transcribe(wav.samples.subarray(pauseEnd), wav.sampleRate));
    const [recallOne, recallTwo] = [wordRecall(expected(one), first), wordRecall(expected(two), second)];
    console.log(`[measure] pocketsphinx: slt turn "${first.join(' ')}" ${(recallOne * 100).toFixed(0)} %, rms turn "${second.join(' ')}" ${(recallTwo * 100).toFixed(0)} %`);
    assert.ok(recallOne >= 0.6 && recallTwo >= 0.6, `word recall ${recallOne.toFixed(2)} / ${recallTwo.toFixed(2)}`);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
});

test('an unknown voice in the markup is named, exit code 2, no stack trace', async () => {
  const dir = await mkdtemp(join(tmpdir(), 'say-speakers-'));
  try {
    const failed = await run(process.execPath, ['src/cli/say.ts', '[neural:slt] Hi. [neural:nobody] Hey.', '--out', join(dir, 'x.wav')]).then(
      () => assert.fail('say should have failed'),
      (error: unknown) => error as { code: number; stderr: string },
    );
    assert.equal(failed.code, 2);
    assert.match(failed.stderr, /There is no voice "neural:nobody"/u);
    assert.doesNotMatch(failed.stderr, /at .*\.ts:\d+/u, 'no stack trace');
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
});
