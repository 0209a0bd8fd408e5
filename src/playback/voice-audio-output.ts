import {
  AudioPlayerStatus,
  createAudioPlayer,
  createAudioResource,
  NoSubscriberBehavior,
  StreamType,
  type AudioPlayer,
  type AudioResource,
} from '@discordjs/voice';
import type { OpusPacketBatch } from '../generator/encoded-speech.ts';
import { MeteredOpusStream } from './metered-opus-stream.ts';
import { prepareFirstFrameAtStart } from './prompt-start.ts';
import type { OutputEvents, PlaybackOutput } from './playback-output.ts';

/**
 * How long the player keeps sending silence while it waits for a late frame before it gives up on the utterance.
 * @discordjs/voice's default is 5 frames (100 ms), which would cut speech whenever the generator falls briefly
 * behind; a gap is better heard as a pause (and counted as an underrun) than as the end of the message.
 */
const DEFAULT_MAX_GAP_FRAMES = 250;

function createSpeechPlayer(maxGapFrames = DEFAULT_MAX_GAP_FRAMES): AudioPlayer {
  return createAudioPlayer({ behaviors: { noSubscriber: NoSubscriberBehavior.Pause, maxMissedFrames: maxGapFrames } });
}

export interface VoiceAudioOutputOptions {
  /**
   * Asked as each utterance starts: may its first packet be read as soon as it arrives (prompt-start.ts), one 20 ms
   * tick sooner than the player would? Default always. The bot says no while messages wait for the generator: then
   * streams that already play have the least audio in hand, a first word that waited is seconds late anyway, and
   * the tick is slack for the listeners already hearing speech.
   */
  readonly promptStart?: () => boolean;
}

/**
 * Plays utterances through one @discordjs/voice AudioPlayer (one per guild; the voice connection subscribes to it).
 * The packets arrive finished from the generator workers, so this thread never runs FFmpeg, a resampler or an encoder:
 * it hands one packet to the player every 20 ms.
 */
export class VoiceAudioOutput implements PlaybackOutput {
  readonly player: AudioPlayer;
  readonly #promptStart: () => boolean;

  constructor(player: AudioPlayer = createSpeechPlayer(), options: VoiceAudioOutputOptions = {}) {
    this.player = player;
    this.#promptStart = options.promptStart ?? (() => true);
    // An AudioPlayer without an 'error' listener would crash the process on a bad stream.
    this.player.on('error', () => undefined);
  }

  play(speech: AsyncIterable<OpusPacketBatch>, signal: AbortSignal, events: OutputEvents = {}): Promise<void> {
    if (signal.aborted) return Promise.resolve();
    const stream = new MeteredOpusStream(speech, { firstFrame: events.firstFrame, underrun: events.underrun });
    // The player wraps stream errors in an AudioPlayerError that drops the class; keep the original (a SpeechError
    // from the generator, an AudioPipelineError) so the queue can tell the user and the metrics what broke.
    let streamError: Error | undefined;
    stream.once('error', (error: Error) => (streamError ??= error));
    const resource = createAudioResource(stream, { inputType: StreamType.Opus });
    return new Promise<void>((resolve, reject) => {
      let failure: Error | undefined;
      let finished = false;
      const finish = (): void => {
        if (finished) return;
        finished = true;
        this.player.off('stateChange', onState);
        this.player.off('error', onError);
        signal.removeEventListener('abort', onAbort);
        if (failure) reject(streamError ?? failure);
        else resolve();
      };
      const onState = (_old: unknown, state: { status: AudioPlayerStatus; resource?: AudioResource }): void => {
        // Idle, or another resource took over: this utterance is over either way.
        if (state.status === AudioPlayerStatus.Idle || (state.resource !== undefined && state.resource !== resource)) finish();
      };
      const onError = (error: Error & { resource?: AudioResource }): void => {
        if (error.resource === undefined || error.resource === resource) failure = error;
      };
      const onAbort = (): void => {
        if (this.player.state.status !== AudioPlayerStatus.Idle && 'resource' in this.player.state && this.player.state.resource === resource) {
          this.player.stop(true);
        }
        stream.destroy();
        finish();
      };
      this.player.on('stateChange', onState);
      this.player.on('error', onError);
      signal.addEventListener('abort', onAbort, { once: true });
      this.player.play(resource);
      if (this.#promptStart()) prepareFirstFrameAtStart(this.player, resource);
    });
  }

  stop(): void {
    // force: no trailing silence frames, the cut is immediate.
    this.player.stop(true);
  }
}
