import { test } from 'node:test';
import assert from 'node:assert/strict';
import { opusBitrateForChannel } from '../../src/playback/channel-bitrate.ts';

test("speech is encoded at the voice channel's bitrate, within sensible bounds", () => {
  assert.equal(opusBitrateForChannel(64_000, 64_000), 64_000, "Discord's default");
  assert.equal(opusBitrateForChannel(96_000, 64_000), 96_000);
  assert.equal(opusBitrateForChannel(8_000, 64_000), 24_000, 'below 24 kb/s words get lost: raised');
  assert.equal(opusBitrateForChannel(384_000, 64_000), 128_000, 'a boosted channel gains nothing audible above 128 kb/s');
  assert.equal(opusBitrateForChannel(undefined, 64_000), 64_000, 'unknown channel: the configured bitrate');
  assert.equal(opusBitrateForChannel(Number.NaN, 48_000), 48_000);
});
