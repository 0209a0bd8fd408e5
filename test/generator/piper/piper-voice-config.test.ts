import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  loadPiperVoiceConfig,
  parsePiperVoiceConfig,
  PiperConfigError,
} from '../../../src/generator/piper/piper-voice-config.ts';
import { sharedModel, skipUnless } from '../../helpers/test-requirements.ts';

const CONFIG_PATH = new URL('../../../../shared/models/piper-random-medium/en_US-random-medium.onnx.json', import.meta.url)
  .pathname;

function minimal(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    audio: { sample_rate: 16000 },
    espeak: { voice: 'de' },
    phoneme_id_map: { _: [0], '^': [1], $: [2], a: [3] },
    ...overrides,
  };
}

test('a real shipped .onnx.json loads with its values', { skip: skipUnless(sharedModel('piper-random-medium/en_US-random-medium.onnx.json')) }, async () => {
  const config = await loadPiperVoiceConfig(CONFIG_PATH);
  assert.equal(config.sampleRate, 22050);
  assert.equal(config.quality, 'medium');
  assert.equal(config.espeakVoice, 'en-us');
  assert.equal(config.phonemeType, 'espeak');
  assert.equal(config.noiseScale, 0.667);
  assert.equal(config.lengthScale, 1);
  assert.equal(config.noiseW, 0.8);
  assert.equal(config.phonemeIdMap.size, 154);
  assert.equal(config.numSpeakers, 1);
  assert.equal(config.speakerIdMap.size, 0);
  assert.equal(config.language, 'en-US');
});

test('missing inference settings fall back to Piper defaults; speakers are read', () => {
  const config = parsePiperVoiceConfig(
    minimal({ num_speakers: 3, speaker_id_map: { anna: 0, bob: 2 } }),
    'x.onnx.json',
  );
  assert.deepEqual([config.noiseScale, config.lengthScale, config.noiseW], [0.667, 1, 0.8]);
  assert.equal(config.numSpeakers, 3);
  assert.deepEqual([...config.speakerIdMap], [['anna', 0], ['bob', 2]]);
});

test('text phoneme type needs no espeak voice', () => {
  const config = parsePiperVoiceConfig(minimal({ phoneme_type: 'text', espeak: undefined }), 'x.onnx.json');
  assert.equal(config.phonemeType, 'text');
  assert.equal(config.espeakVoice, undefined);
});

const broken: [string, unknown, RegExp][] = [
  ['not an object', [1, 2], /root.*JSON object/],
  ['no audio', minimal({ audio: undefined }), /"audio" is missing/],
  ['bad sample rate', minimal({ audio: { sample_rate: 'fast' } }), /audio\.sample_rate/],
  ['no espeak voice', minimal({ espeak: {} }), /espeak\.voice/],
  ['unsupported phoneme type', minimal({ phoneme_type: 'pinyin' }), /phoneme_type.*pinyin/],
  ['negative noise', minimal({ inference: { noise_scale: -1 } }), /inference\.noise_scale/],
  ['zero length scale', minimal({ inference: { length_scale: 0 } }), /inference\.length_scale/],
  ['no id map', minimal({ phoneme_id_map: undefined }), /phoneme_id_map" is missing/],
  ['id map without pad', minimal({ phoneme_id_map: { '^': [1], $: [2] } }), /no id for "_"/],
  ['id map with strings', minimal({ phoneme_id_map: { _: ['0'], '^': [1], $: [2] } }), /phoneme_id_map\._/],
  ['multi-char key', minimal({ phoneme_id_map: { _: [0], '^': [1], $: [2], ab: [3] } }), /single code point/],
  ['speaker out of range', minimal({ num_speakers: 2, speaker_id_map: { a: 5 } }), /speaker_id_map\.a.*num_speakers/],
  ['zero speakers', minimal({ num_speakers: 0 }), /num_speakers/],
];

for (const [label, json, pattern] of broken) {
  test(`broken config (${label}) is a PiperConfigError naming the file and field`, () => {
    assert.throws(
      () => parsePiperVoiceConfig(json, '/voices/bad.onnx.json'),
      (error: unknown) =>
        error instanceof PiperConfigError && error.message.includes('/voices/bad.onnx.json') && pattern.test(error.message),
    );
  });
}

test('unreadable and non-JSON files give clear errors', async () => {
  const dir = await mkdtemp(join(tmpdir(), 'piper-config-'));
  try {
    const truncated = join(dir, 'truncated.onnx.json');
    await writeFile(truncated, '{"audio": {"sample_rate": 22');
    await assert.rejects(loadPiperVoiceConfig(truncated), /truncated\.onnx\.json is not valid JSON/);
    await assert.rejects(loadPiperVoiceConfig(join(dir, 'absent.onnx.json')), /absent\.onnx\.json could not be read/);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
});
