import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseSayArgs, UsageError } from '../../src/cli/say-args.ts';
import { runSay } from '../../src/cli/say-cli.ts';
import { rms } from '../audio/helpers/analysis.ts';
import { readWav16 } from './wav-reader.ts';
import { opusTools, skipUnless } from '../helpers/test-requirements.ts';

const run = promisify(execFile);

function capture() {
  let out = '';
  let err = '';
  return { io: { write: (t: string) => (out += t), error: (t: string) => (err += t) }, out: () => out, err: () => err };
}

test('argument parsing', () => {
  assert.deepEqual(parseSayArgs(['Hello', 'there', '--voice', 'piper:x', '--speed', '1.5', '--out', 'a.ogg']), {
    text: 'Hello there', voice: 'piper:x', speed: 1.5, out: 'a.ogg', format: 'ogg',
  });
  assert.equal(parseSayArgs(['Hi', '--out', 'x.WAV']).format, 'wav');
  assert.equal(parseSayArgs(['Hi', '--out', 'x.wav']).voice, 'neural:slt');
  const speeds = [['Hi', '--speed', '0', '--out', 'x.wav'], ['Hi', '--speed', '2.6', '--out', 'x.wav'], ['Hi', '--speed', '', '--out', 'x.wav']];
  for (const bad of [[], ['Hi'], ['Hi', '--out', 'x.mp3'], ['Hi', '--speed', 'fast', '--out', 'x.wav'], ['Hi', '--out'], ['Hi', '--loud', '--out', 'x.wav'], ...speeds]) {
    assert.throws(() => parseSayArgs(bad), UsageError, JSON.stringify(bad));
  }
});

/** The figure say reports for the file, and the check that it is the generator's audio less at most the silence the
 * pipeline trims at the ends (src/audio/silence-trimmer.ts): a lost chunk would be far more. */
function writtenSeconds(stdout: string): number {
  const made = Number(/([\d.]+) s of audio made/.exec(stdout)?.[1]);
  const written = Number(/^wrote \S+ \(([\d.]+) s,/m.exec(stdout)?.[1]);
  assert.ok(made > 0 && written > 0, stdout);
  assert.ok(written <= made + 0.01 && made - written < 0.5, `wrote ${written} s of ${made} s made`);
  return written;
}

test('npm run say writes a WAV of the real neural voice whose duration matches the audio it reports', async () => {
  const dir = await mkdtemp(join(tmpdir(), 'say-test-'));
  try {
    const out = join(dir, 'hello.wav');
    const text = 'Hello there, this is the command line speaking.';
    const { stdout, stderr } = await run(process.execPath, ['src/cli/say.ts', text, '--out', out]);
    const written = writtenSeconds(stdout);
    assert.match(stdout, /cold start \d+ ms \(worker, model load, warm-up phrase/);
    assert.match(stdout, /time to first audio \d+ ms \(warm\)/);
    assert.match(stdout, /real-time factor [\d.]+/);
    assert.doesNotMatch(stderr, /at .*\.ts:\d+/, 'no stack trace');
    const wav = readWav16(await readFile(out));
    assert.equal(wav.sampleRate, 48000);
    assert.equal(wav.channels, 1);
    const seconds = wav.samples.length / 48000;
    assert.ok(Math.abs(seconds - written) < 0.02, `file ${seconds.toFixed(3)} s vs reported ${written} s`);
    // Speech-like length for 47 characters (flite speaks ~12-18 characters per second) and clearly not silence.
    assert.ok(seconds > 1.5 && seconds < 6, `duration ${seconds} s`);
    assert.ok(rms(wav.samples) > 0.01, `level ${rms(wav.samples)}`);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
});

test('npm run say writes Ogg Opus that opus-tools accept, as long as the WAV', { skip: skipUnless(opusTools()) }, async () => {
  const dir = await mkdtemp(join(tmpdir(), 'say-test-'));
  try {
    const out = join(dir, 'hello.ogg');
    const { stdout } = await run(process.execPath, ['src/cli/say.ts', 'Short and sweet.', '--out', out]);
    const written = writtenSeconds(stdout);
    const info = await run('opusinfo', [out]);
    assert.doesNotMatch(info.stdout + info.stderr, /WARNING|ERROR/i);
    await run('opusdec', ['--quiet', '--rate', '48000', out, join(dir, 'decoded.wav')]);
    const decoded = readWav16(await readFile(join(dir, 'decoded.wav')));
    const seconds = decoded.samples.length / 48000 / decoded.channels;
    assert.ok(Math.abs(seconds - written) < 0.03, `decoded ${seconds} s vs reported ${written} s`);
    assert.ok(rms(decoded.samples) > 0.01);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
});

test('user mistakes exit 2 with a friendly message and no stack trace; nothing is written', async () => {
  const dir = await mkdtemp(join(tmpdir(), 'say-test-'));
  try {
    const usage = capture();
    assert.equal(await runSay(['no output given'], {}, usage.io), 2);
    assert.match(usage.err(), /--out file\.wav/);
    const out = join(dir, 'x.wav');
    const unknown = await run(process.execPath, ['src/cli/say.ts', 'Hi', '--voice', 'neural:stl', '--out', out]).catch((e) => e);
    assert.equal(unknown.code, 2);
    assert.match(unknown.stderr, /There is no voice "neural:stl"\. Did you mean neural:slt\b/);
    assert.doesNotMatch(unknown.stderr, /\n\s+at /);
    const speed = await run(process.execPath, ['src/cli/say.ts', 'Hi', '--speed', '9', '--out', out]).catch((e) => e);
    assert.equal(speed.code, 2);
    assert.doesNotMatch(speed.stderr, /\n\s+at /);
    assert.equal(existsSync(out), false);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
});

test('--help prints the usage to stdout and exits 0, anywhere on the line', async () => {
  for (const args of [['--help'], ['Hello', '-h', '--out', 'x.wav']]) {
    const help = capture();
    assert.equal(await runSay(args, {}, help.io), 0);
    assert.match(help.out(), /^Usage: npm run say -- "text to read"/);
    assert.match(help.out(), /--speed +speaking rate from 0\.5 to 2\.5/);
    assert.match(help.out(), /--variation +how much a sampling voice \(Piper\) varies: 0 = flat/);
    assert.equal(help.err(), '');
  }
});

test('a missing output folder, a folder as --out and a bad speed are refused before any voice is looked up', async () => {
  const dir = await mkdtemp(join(tmpdir(), 'say-test-'));
  try {
    // The voice is misspelt too: the generator would refuse it, so these messages prove nothing was generated.
    const cases: Array<[string[], RegExp]> = [
      [['Hi', '--voice', 'neural:stl', '--out', join(dir, 'missing', 'x.wav')], /The folder .*missing does not exist; create it first \(mkdir -p /],
      [['Hi', '--voice', 'neural:stl', '--out', join(dir, 'folder.wav')], /--out .*folder\.wav is a folder; give a file name in it/],
      [['Hi', '--voice', 'neural:stl', '--speed', '0', '--out', join(dir, 'x.wav')], /--speed must be from 0\.5 to 2\.5 \(1 is natural\), not 0\./],
    ];
    await mkdir(join(dir, 'folder.wav'));
    for (const [args, message] of cases) {
      const result = capture();
      assert.equal(await runSay(args, {}, result.io), 2, args.join(' '));
      assert.match(result.err(), message);
      assert.doesNotMatch(result.err(), /no voice/);
    }
    const folderOut = capture();
    await mkdtemp(join(dir, 'sub-')).then(async (sub) => {
      assert.equal(await runSay(['Hi', '--out', sub], {}, folderOut.io), 2);
    });
    assert.match(folderOut.err(), /--out must end in \.wav or \.ogg/);
    const badVocoder = capture();
    assert.equal(await runSay(['Hi', '--voice', 'neural:stl', '--out', join(dir, 'x.wav')], { NEURAL_VOCODER: 'int4' }, badVocoder.io), 2);
    assert.match(badVocoder.err(), /NEURAL_VOCODER must be one of auto, int8, fp32 \(got "int4"\)/);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
});
