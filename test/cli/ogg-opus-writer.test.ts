import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { oggCrc32, oggPage, OggOpusWriter } from '../../src/cli/ogg-opus-writer.ts';
import { encodeOpusFrames } from '../../src/cli/opus-encode.ts';
import { rms } from '../audio/helpers/analysis.ts';
import { readWav16 } from './wav-reader.ts';
import { opusTools, skipUnless } from '../helpers/test-requirements.ts';

const run = promisify(execFile);

test('Ogg CRC-32 matches the reference check value and pages lace packets correctly', () => {
  // CRC-32/MPEG-2 without the final inversion and initial 0 ("CRC-32/OGG"): check value for "123456789".
  assert.equal(oggCrc32(Buffer.from('123456789')).toString(16), '89a1897f');
  const page = oggPage({ packets: [Buffer.alloc(255, 1), Buffer.alloc(3, 2)], granule: 960n, serial: 7, sequence: 2, last: true });
  assert.equal(page.toString('ascii', 0, 4), 'OggS');
  assert.equal(page[5], 0x04);
  assert.equal(page.readBigInt64LE(6), 960n);
  assert.deepEqual([...page.subarray(26, 30)], [3, 255, 0, 3], 'a 255-byte packet needs a terminating 0 segment');
  const copy = Buffer.from(page);
  copy.writeUInt32LE(0, 22);
  assert.equal(oggCrc32(copy), page.readUInt32LE(22));
});

test('an encoded sine muxed by OggOpusWriter is a valid Ogg Opus file of the right length and pitch (opus-tools)', { skip: skipUnless(opusTools()) }, async () => {
  const dir = await mkdtemp(join(tmpdir(), 'ogg-test-'));
  try {
    const seconds = 1.23;
    const pcm = new Float32Array(Math.round(seconds * 48000)).map((_, i) => 0.4 * Math.sin((2 * Math.PI * 440 * i) / 48000));
    const writer = new OggOpusWriter({ channels: 1 });
    for (const packet of await encodeOpusFrames(pcm)) writer.writePacket(packet);
    const path = join(dir, 'sine.ogg');
    await writeFile(path, writer.finish(pcm.length));
    const info = await run('opusinfo', [path]);
    assert.doesNotMatch(info.stdout + info.stderr, /WARNING|ERROR|corrupt/i);
    const playback = Number(/Playback length: 0m:([\d.]+)s/.exec(info.stdout)?.[1]);
    assert.ok(Math.abs(playback - seconds) < 0.002, `opusinfo plays ${playback} s`);
    await run('opusdec', ['--quiet', '--rate', '48000', path, join(dir, 'sine.wav')]);
    const decoded = readWav16(await readFile(join(dir, 'sine.wav')));
    assert.equal(decoded.sampleRate, 48000);
    assert.equal(decoded.samples.length, pcm.length, 'pre-skip and end trimming give back exactly the input length');
    const middle = decoded.samples.subarray(4800, decoded.samples.length - 4800);
    let crossings = 0;
    for (let i = 1; i < middle.length; i++) if (middle[i - 1] < 0 && middle[i] >= 0) crossings++;
    assert.ok(Math.abs((crossings * 48000) / middle.length - 440) < 3, 'still 440 Hz after the round trip');
    assert.ok(Math.abs(rms(middle) - 0.4 / Math.SQRT2) < 0.03, 'level kept');
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
});
