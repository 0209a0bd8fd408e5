import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { EspeakWasm } from '../../src/text/espeak-wasm.ts';

const decoder = new TextDecoder();

describe('EspeakWasm', () => {
  let espeak: EspeakWasm;
  before(async () => {
    espeak = await EspeakWasm.create();
  });
  after(() => espeak.close());

  function ipa(text: string, voice = 'en-us'): string {
    const run = espeak.run(['-q', '--ipa', '--phonout', '/tmp/p.txt', '-v', voice, '--', text], { outputs: ['/tmp/p.txt'] });
    assert.equal(run.exitCode, 0, run.stderr.join('\n'));
    const file = run.files.get('/tmp/p.txt');
    assert.ok(file);
    return decoder.decode(file).trim();
  }

  it('runs the program many times on one instance with identical results', () => {
    const first = ipa('Hello world');
    assert.equal(first, 'həlˈoʊ wˈɜːld');
    for (let i = 0; i < 10; i++) assert.equal(ipa('Hello world'), first);
  });

  it('starts every run from a clean state: -q in one run does not silence the next', () => {
    ipa('quiet please');
    const run = espeak.run(['-v', 'en-us', '-w', '/tmp/a.wav', '--', 'Hello'], { outputs: ['/tmp/a.wav'] });
    assert.equal(run.exitCode, 0);
    const wav = run.files.get('/tmp/a.wav');
    assert.ok(wav && wav.length > 44 + 2 * 22050 * 0.2, 'a WAV file with at least 0.2 s of audio');
    assert.equal(decoder.decode(wav.subarray(0, 4)), 'RIFF');
  });

  it('reports espeak-ng errors as an exit code and message, then keeps working', () => {
    const bad = espeak.run(['-q', '-v', 'qqq', '--', 'hi']);
    assert.notEqual(bad.exitCode, 0);
    assert.match(bad.stderr.join(' '), /voice does not exist/u);
    assert.equal(ipa('Hello world'), 'həlˈoʊ wˈɜːld');
  });

  it('lists its voices on stdout', () => {
    const run = espeak.run(['--voices']);
    assert.equal(run.exitCode, 0);
    assert.ok(run.stdout.length > 100, `${run.stdout.length} lines`);
    assert.ok(run.stdout.some((line) => /\sen-us\s/u.test(line)));
  });

  it('refuses to run once closed', async () => {
    const other = await EspeakWasm.create();
    other.close();
    assert.throws(() => other.run(['--voices']), /closed/u);
  });
});
