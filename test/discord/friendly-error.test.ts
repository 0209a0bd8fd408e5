import { test } from 'node:test';
import assert from 'node:assert/strict';
import { CommandInteractionOptionResolver } from 'discord.js';
import { SpeechError } from '../../src/generator/speech-request.ts';
import { BAD_OPTIONS, friendlyErrorMessage, GENERIC_FAILURE } from '../../src/discord/friendly-error.ts';
import { VoiceJoinError } from '../../src/discord/voice/voice-connections.ts';
import { SettingsValidationError } from '../../src/storage/settings-validation.ts';

test('user-facing errors pass through, internal ones do not leak', () => {
  assert.equal(friendlyErrorMessage(new SpeechError('text-too-long', 'That text is too long.')), 'That text is too long.');
  assert.equal(friendlyErrorMessage(new VoiceJoinError('I could not connect.')), 'I could not connect.');
  assert.equal(friendlyErrorMessage(new SettingsValidationError(['speed must be a number from 0.5 to 2.5 (got 9)'])), 'speed must be a number from 0.5 to 2.5 (got 9)');
  assert.equal(friendlyErrorMessage(new Error('ECONNREFUSED 10.0.0.5:5432 token=abc')), GENERIC_FAILURE);
  assert.equal(friendlyErrorMessage('weird'), GENERIC_FAILURE);
});

test('a missing or mistyped option, as discord.js reports it, is explained instead of a generic failure', () => {
  // The resolver discord.js uses for interaction options throws DiscordjsTypeError with these codes.
  const Resolver = CommandInteractionOptionResolver as unknown as new (client: unknown, options: unknown[]) => { getString(name: string, required: boolean): string | null; getNumber(name: string): number | null };
  const missing = new Resolver({}, []);
  let thrown: unknown;
  try {
    missing.getString('text', true);
  } catch (error) {
    thrown = error;
  }
  assert.equal(friendlyErrorMessage(thrown), BAD_OPTIONS);
  const mistyped = new Resolver({}, [{ name: 'speed', type: 3, value: 'fast' }]);
  assert.throws(() => mistyped.getNumber('speed'), (error: unknown) => friendlyErrorMessage(error) === BAD_OPTIONS);
  assert.equal(friendlyErrorMessage(Object.assign(new Error('x'), { code: 'ECONNRESET' })), GENERIC_FAILURE);
});
