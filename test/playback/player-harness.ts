/**
 * A real @discordjs/voice AudioPlayer and AudioResource against a stand-in voice connection, for the prompt-start
 * tests and the player-start bench: what the player asks of a ready connection is recorded instead of sent.
 */
import { Readable } from 'node:stream';
import {
  createAudioPlayer,
  createAudioResource,
  NoSubscriberBehavior,
  StreamType,
  VoiceConnectionStatus,
  type AudioPlayer,
} from '@discordjs/voice';
import { prepareFirstFrameAtStart } from '../../src/playback/prompt-start.ts';

/** An Opus packet stand-in (a TOC byte, two bytes and a tag); the player never looks inside. */
export const packet = (n: number): Buffer => Buffer.from([0xf8, 0xff, 0xfe, n]);

/**
 * What a player sees of a ready voice connection: the frames it is asked to prepare, how often it is told to send
 * the prepared one, and when each prepared frame was sent.
 */
export class ConnectionRecorder {
  readonly state = { status: VoiceConnectionStatus.Ready };
  readonly prepared: Buffer[] = [];
  readonly sent: Array<{ readonly packet: Buffer; readonly at: number }> = [];
  dispatches = 0;
  #pending: Buffer | undefined;

  prepareAudioPacket(buffer: Buffer): void {
    this.prepared.push(buffer);
    this.#pending = buffer;
  }

  dispatchAudio(): void {
    this.dispatches += 1;
    if (this.#pending) this.sent.push({ packet: this.#pending, at: performance.now() });
    this.#pending = undefined;
  }

  setSpeaking(): void {}
}

/** A player with a recorder subscribed, as VoiceConnection.subscribe does it (that method wants a real connection). */
export function subscribedPlayer(): { player: AudioPlayer; connection: ConnectionRecorder } {
  const player = createAudioPlayer({ behaviors: { noSubscriber: NoSubscriberBehavior.Pause } });
  const connection = new ConnectionRecorder();
  (player as unknown as { subscribe(connection: ConnectionRecorder): unknown }).subscribe(connection);
  return { player, connection };
}

/** A subscribed player playing a fresh resource fed from `stream`, with prepareFirstFrameAtStart asked if `prompt`. */
export function startPlaying(prompt: boolean): { player: AudioPlayer; connection: ConnectionRecorder; stream: Readable } {
  const { player, connection } = subscribedPlayer();
  const stream = new Readable({ objectMode: true, read() {} });
  const resource = createAudioResource(stream, { inputType: StreamType.Opus });
  player.play(resource);
  if (prompt) prepareFirstFrameAtStart(player, resource);
  return { player, connection, stream };
}
