import type { Readable } from 'node:stream';
import {
  AudioPlayerStatus,
  createAudioPlayer,
  createAudioResource,
  NoSubscriberBehavior,
  StreamType,
  type AudioPlayer,
  type AudioResource,
} from '@discordjs/voice';
import type { AudioChunk } from '../audio/audio-chunk.ts';
import type { PlaybackOutput } from './playback-output.ts';

/** Turns mono chunks into a Readable of 20 ms Opus packets (src/audio/opus-pipeline.ts's createOpusStream). */
export type OpusStreamFactory = (source: AsyncIterable<AudioChunk>, signal: AbortSignal) => Readable;

/**
 * Plays utterances through one @discordjs/voice AudioPlayer (one per guild; the voice connection subscribes to it).
 * Opus is made by our own pipeline, so the player never runs FFmpeg or a second encoder.
 */
export class VoiceAudioOutput implements PlaybackOutput {
  readonly player: AudioPlayer;
  readonly #encode: OpusStreamFactory;

  constructor(encode: OpusStreamFactory, player: AudioPlayer = createAudioPlayer({ behaviors: { noSubscriber: NoSubscriberBehavior.Pause } })) {
    this.#encode = encode;
    this.player = player;
    // An AudioPlayer without an 'error' listener would crash the process on a bad stream.
    this.player.on('error', () => undefined);
  }

  play(chunks: AsyncIterable<AudioChunk>, signal: AbortSignal): Promise<void> {
    if (signal.aborted) return Promise.resolve();
    const stream = this.#encode(chunks, signal);
    const resource = createAudioResource(stream, { inputType: StreamType.Opus });
    return new Promise<void>((resolve, reject) => {
      let failure: Error | undefined;
      const finish = (): void => {
        this.player.off('stateChange', onState);
        this.player.off('error', onError);
        signal.removeEventListener('abort', onAbort);
        if (failure) reject(failure);
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
    });
  }

  stop(): void {
    // force: no trailing silence frames, the cut is immediate.
    this.player.stop(true);
  }
}
