/**
 * npm run watermark -- detect: the bot's own Ogg output (say's writer), re-encoded at 32 kb/s, is found with its
 * payload; unmarked speech is not; bad files get a sentence, not a stack trace.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { WatermarkEmbedder } from '../../src/audio/watermark/watermark-embedder.ts';
import { formatPayload, payloadForId } from '../../src/audio/watermark/watermark-payload.ts';
import { encodeWav } from '../../src/audio/wav.ts';
import { runWatermark } from '../../src/cli/watermark-cli.ts';
import { OggOpusWriter } from '../../src/cli/ogg-opus-writer.ts';
import { FramePacker } from '../../src/audio/frame-packer.ts';
import { OpusFrameEncoder } from '../../src/audio/opus-frame-encoder.ts';
import { StreamingResampler } from '../../src/audio/streaming-resampler.ts';
import { seededRandom } from '../audio/watermark/opus-round-trip.ts';
import { opusTools, skipUnless } from '../helpers/test-requirements.ts';

function capture() {
  let out = '';
  let err = '';
  return { io: { write: (t: string) => (out += t), error: (t: string) => (err += t) }, out: () => out, err: () => err };
}

/** Speech-like noise bursts, 4 s. */
function host(): Float32Array {
  const random = seededRandom(21);
  let low = 0;
  return Float32Array.from({ length: 4 * 48_000 }, (_, n) => {
    low = 0.9 * low + (random() - 0.5);
    return 0.08 * low * Math.sin((Math.PI * (n % 7_200)) / 7_200) ** 2;
  });
}

/** Mono 48 kHz to an Ogg Opus file at `bitrate`, as `say` writes them (but at the bitrate Discord might use). */
function oggAt(samples: Float32Array, bitrate: number): Buffer {
  const writer = new OggOpusWriter({ channels: 2 });
  const encoder = new OpusFrameEncoder({ bitrate, complexity: 5 });
  const packer = new FramePacker();
  for (const frame of [...packer.push(samples), ...packer.flush(0)]) writer.writePacket(encoder.encode(frame));
  return writer.finish(samples.length);
}

test('detect: marked Ogg at 32 kb/s and a 44.1 kHz WAV are found with the payload; unmarked is not; exit codes 0 / 1', async () => {
  const dir = await mkdtemp(join(tmpdir(), 'watermark-cli-'));
  try {
    const plain = host();
    const marked = plain.slice();
    new WatermarkEmbedder(payloadForId('42')).process(marked);
    const files = { marked: join(dir, 'marked.ogg'), plain: join(dir, 'plain.ogg'), wav: join(dir, 'marked44.wav') };
    await writeFile(files.marked, oggAt(marked, 32_000));
    await writeFile(files.plain, oggAt(plain, 32_000));
    const resampler = await StreamingResampler.create(48_000, 44_100, 'medium');
    const at44 = resampler.process(marked);
    resampler.release();
    await writeFile(files.wav, encodeWav(at44, 44_100));

    let c = capture();
    assert.equal(await runWatermark(['detect', files.marked, '--id', '42'], c.io), 0, c.err());
    assert.match(c.out(), new RegExp(`^watermarked: ${formatPayload(payloadForId('42'))} \\(confidence 100.00 %`));
    assert.match(c.out(), /the payload matches id 42/);
    c = capture();
    assert.equal(await runWatermark(['detect', files.wav], c.io), 0, c.err());
    c = capture();
    assert.equal(await runWatermark(['detect', files.plain], c.io), 1);
    assert.match(c.out(), /^not watermarked \(score [\d.]+, threshold/);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
});

test('bad input: usage, missing file, not audio -> exit 2 with a sentence', async () => {
  const dir = await mkdtemp(join(tmpdir(), 'watermark-cli-'));
  try {
    const junk = join(dir, 'notes.txt');
    await writeFile(junk, 'hello, not audio');
    for (const [args, pattern] of [
      [[], /^Usage: npm run watermark/],
      [['detect'], /^Usage: npm run watermark/],
      [['detect', join(dir, 'missing.ogg')], /^No such file: /],
      [['detect', junk], /^Could not read .* as audio: Not a WAV or Ogg Opus file\./],
    ] as const) {
      const c = capture();
      assert.equal(await runWatermark(args, c.io), 2, JSON.stringify(args));
      assert.match(c.err(), pattern);
      assert.doesNotMatch(c.err(), /at .*\.ts:\d+/);
    }
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
});

test('the bot\'s own Ogg output (npm run say), re-encoded at 32 kb/s by opus-tools, is found; WATERMARK=off output is not',
  { skip: skipUnless(opusTools()) }, async () => {
    const dir = await mkdtemp(join(tmpdir(), 'watermark-cli-'));
    const run = promisify(execFile);
    try {
      const text = 'The weather is nice today so we are going for a walk in the park. Our meeting has been moved to Thursday.';
      const env = { ...process.env, DISCORD_CLIENT_ID: '123456789012345678' };
      for (const [name, watermark] of [['marked', 'on'], ['plain', 'off']] as const) {
        await run(process.execPath, ['src/cli/say.ts', text, '--voice', 'flite:slt', '--out', join(dir, `${name}.ogg`)], { env: { ...env, WATERMARK: watermark } });
        await run('opusdec', ['--quiet', join(dir, `${name}.ogg`), join(dir, `${name}.wav`)]);
        await run('opusenc', ['--quiet', '--bitrate', '32', join(dir, `${name}.wav`), join(dir, `${name}-32k.ogg`)]);
      }
      let c = capture();
      assert.equal(await runWatermark(['detect', join(dir, 'marked-32k.ogg'), '--id', '123456789012345678'], c.io), 0, c.out() + c.err());
      assert.match(c.out(), /the payload matches id 123456789012345678/);
      c = capture();
      assert.equal(await runWatermark(['detect', join(dir, 'plain-32k.ogg')], c.io), 1, c.out());
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

test('npm run watermark -- --help prints the usage and exits 0', async () => {
  const { stdout } = await promisify(execFile)(process.execPath, ['src/preflight.js', '--opus', 'src/cli/watermark.ts', '--help']);
  assert.match(stdout, /^Usage: npm run watermark -- detect <audio file>/);
});
