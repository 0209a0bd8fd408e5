import { SpeechError } from './speech-request.ts';

/** Every engine stops between steps the same way when its request is cancelled (/skip, /stop, shutdown). */
export function throwIfAborted(signal: AbortSignal): void {
  if (signal.aborted) throw new SpeechError('aborted', 'Speech was stopped.');
}
