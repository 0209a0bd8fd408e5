import { test } from 'node:test';
import assert from 'node:assert/strict';
import { SpeechError } from '../../src/generator/speech-request.ts';
import { friendlyErrorMessage, GENERIC_FAILURE } from '../../src/discord/friendly-error.ts';
import { VoiceJoinError } from '../../src/discord/voice/voice-connections.ts';
import { SettingsValidationError } from '../../src/storage/settings-validation.ts';

test('user-facing errors pass through, internal ones do not leak', () => {
  assert.equal(friendlyErrorMessage(new SpeechError('text-too-long', 'That text is too long.')), 'That text is too long.');
  assert.equal(friendlyErrorMessage(new VoiceJoinError('I could not connect.')), 'I could not connect.');
  assert.equal(friendlyErrorMessage(new SettingsValidationError(['speed must be a number from 0.5 to 2.5 (got 9)'])), 'speed must be a number from 0.5 to 2.5 (got 9)');
  assert.equal(friendlyErrorMessage(new Error('ECONNREFUSED 10.0.0.5:5432 token=abc')), GENERIC_FAILURE);
  assert.equal(friendlyErrorMessage('weird'), GENERIC_FAILURE);
});
