import { test } from 'node:test';
import assert from 'node:assert/strict';
import { AudioPipelineError } from '../../src/audio/audio-pipeline-error.ts';
import { errorKind } from '../../src/discord/error-kind.ts';
import { VoiceJoinError } from '../../src/discord/voice/voice-connections.ts';
import { SPEECH_ERROR_CODES, SpeechError } from '../../src/generator/speech-request.ts';
import { fromSerializedError, toSerializedError } from '../../src/generator/pool/speech-error-transport.ts';
import { SettingsValidationError } from '../../src/storage/settings-validation.ts';
import { StorageError } from '../../src/storage/sql-driver.ts';
import { TextRejectedError } from '../../src/text/text-limits.ts';

test('errors are classified by their class, not by a name string', () => {
  assert.equal(errorKind(new SpeechError('engine-failed', 'x'), 'command'), 'generator');
  assert.equal(errorKind(new AudioPipelineError('x'), 'command'), 'audio');
  assert.equal(errorKind(new VoiceJoinError('x'), 'command'), 'voice');
  assert.equal(errorKind(new StorageError('x'), 'command'), 'storage');
  assert.equal(errorKind(new SettingsValidationError(['speed must be a number']), 'command'), null, "the user's input, not a fault");
  // An error that merely calls itself StorageError is not one.
  assert.equal(errorKind(Object.assign(new Error('x'), { name: 'StorageError' }), 'playback'), 'playback');
  assert.equal(errorKind('weird', 'autoread'), 'autoread');
});

test('every SpeechError code crosses the worker boundary as itself; anything else becomes engine-failed', () => {
  for (const code of SPEECH_ERROR_CODES) {
    const back = fromSerializedError(toSerializedError(new SpeechError(code, `because ${code}`), 'piper'));
    assert.ok(back instanceof SpeechError);
    assert.equal(back.code, code);
    assert.equal(back.message, `because ${code}`);
  }
  const tooLong = fromSerializedError(toSerializedError(new TextRejectedError('text-too-long', 'That text is too long.'), 'piper'));
  assert.equal(tooLong.code, 'text-too-long');
  assert.equal(tooLong.message, 'That text is too long.');
  assert.ok(tooLong.isRequestError);
  const internal = fromSerializedError(toSerializedError(new Error('/home/bot/models/x.onnx: bad magic'), 'piper'));
  assert.equal(internal.code, 'engine-failed');
  assert.doesNotMatch(internal.message, /home|onnx/);
  assert.equal(internal.isRequestError, false);
  const unknown = fromSerializedError({ code: 'from-a-newer-worker' as never, message: 'm' });
  assert.equal(unknown.code, 'engine-failed');
});
