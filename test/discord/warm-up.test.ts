import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { AudioChunk } from '../../src/audio/audio-chunk.ts';
import { warmUpSpeech } from '../../src/discord/warm-up.ts';
import type { SpeechGenerator } from '../../src/generator/speech-generator.ts';
import { SpeechError, type VoiceInfo } from '../../src/generator/speech-request.ts';
import { createLogger } from '../../src/logging/logger.ts';
import { defaultAudioPipelineOptions } from '../../src/audio/audio-pipeline-options.ts';

function capturingLogger(): { log: ReturnType<typeof createLogger>; lines: () => Array<Record<string, unknown>> } {
  const written: string[] = [];
  const log = createLogger({ level: 'info', destination: { write: (line: string) => void written.push(line) } });
  return { log, lines: () => written.map((line) => JSON.parse(line) as Record<string, unknown>) };
}

const voice: VoiceInfo = {
  id: 'neural:slt', engine: 'neural', language: 'en-US', sampleRate: 22050, installed: true, license: 'MIT', description: '',
};

function generatorWith(warmUp: (voices: string[]) => Promise<void>): SpeechGenerator {
  return {
    // eslint-disable-next-line require-yield
    stream: async function* (): AsyncIterable<AudioChunk> {
      throw new Error('not used');
    },
    speak: () => {
      throw new Error('not used');
    },
    listVoices: async () => [voice],
    close: async () => undefined,
    warmUp,
  };
}

test('warms the default voice up in the generator and logs how long it took', async () => {
  const asked: string[][] = [];
  const { log, lines } = capturingLogger();
  await warmUpSpeech(generatorWith(async (voices) => void asked.push(voices)), 'neural:slt', defaultAudioPipelineOptions, log);
  assert.deepEqual(asked, [['neural:slt']]);
  const line = lines().find((l) => l.msg === 'default voice warmed up');
  assert.ok(line, 'an info line says the voice is ready');
  assert.equal(line.voice, 'neural:slt');
  assert.equal(typeof line.ms, 'number');
});

test('a failed warm-up is a warning, never an exception: the bot must still start', async () => {
  const { log, lines } = capturingLogger();
  await warmUpSpeech(generatorWith(async () => { throw new Error('model file unreadable'); }), 'neural:slt', defaultAudioPipelineOptions, log);
  const line = lines().find((l) => l.msg === 'warm-up failed; the first request will load the voice');
  assert.ok(line);
  assert.equal(line.level, 'warn');
});

test('a warm-up cancelled by shutdown is not reported as a failure', async () => {
  const { log, lines } = capturingLogger();
  await warmUpSpeech(
    generatorWith(async () => { throw new SpeechError('aborted', 'The speech generator is shutting down.'); }),
    'neural:slt', defaultAudioPipelineOptions, log,
  );
  assert.deepEqual(lines().filter((l) => l.level === 'warn'), []);
});
