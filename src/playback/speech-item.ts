import type { SpeechRequest } from '../generator/speech-request.ts';

/** Where an utterance came from; a label on the utterance counter, so keep the set small. */
export type SpeechSource = 'say' | 'autoread';

export interface SpeechItem {
  /** Who asked; rate limits are per user. */
  readonly userId: string;
  /** `speed` here is what the user chose; the queue may raise it when it is backed up. */
  readonly request: SpeechRequest;
  readonly source?: SpeechSource;
  /** Clock time the command or message arrived; time-to-first-audio is measured from here. */
  readonly receivedAt?: number;
  /**
   * Playback (not generation) waits for this: the voice connection being joined. Speech is made while the bot joins,
   * so the first packet leaves when both are done instead of one after the other. Rejected: the item is dropped
   * quietly (whoever joined tells the user why).
   */
  readonly ready?: Promise<void>;
}
