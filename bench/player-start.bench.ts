/**
 * Player start (npm run bench -- player-start): how long a message's first Opus packet waits in @discordjs/voice's
 * AudioPlayer, from the moment it is available to the moment the voice connection is told to send it, with the
 * player's own timing and with src/playback/prompt-start.ts. A real AudioPlayer and AudioResource on the library's
 * real 20 ms clock; the connection is a stand-in that notes when the first packet is dispatched (no network).
 * Packets become available at random moments between the clock's ticks, as a generator's first chunk does.
 */
import { Readable } from 'node:stream';
import {
  createAudioPlayer,
  createAudioResource,
  NoSubscriberBehavior,
  StreamType,
  VoiceConnectionStatus,
} from '@discordjs/voice';
import { prepareFirstFrameAtStart } from '../src/playback/prompt-start.ts';
import type { BenchSection } from './lib/bench-section.ts';

const TRIALS = 60;
const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

/** Milliseconds from pushing a message's first packet to its dispatch. */
async function firstPacketWait(prompt: boolean): Promise<number> {
  const player = createAudioPlayer({ behaviors: { noSubscriber: NoSubscriberBehavior.Pause } });
  const first = Buffer.from([0xf8, 0xff, 0xfe, 1]);
  let prepared: Buffer | undefined;
  let sentAt: number | undefined;
  const connection = {
    state: { status: VoiceConnectionStatus.Ready },
    prepareAudioPacket: (packet: Buffer): void => {
      prepared = packet;
    },
    dispatchAudio: (): void => {
      if (prepared === first) sentAt ??= performance.now();
      prepared = undefined;
    },
    setSpeaking: (): void => undefined,
  };
  // VoiceConnection.subscribe does this with a real connection.
  (player as unknown as { subscribe(connection: unknown): unknown }).subscribe(connection);
  const stream = new Readable({ objectMode: true, read() {} });
  const resource = createAudioResource(stream, { inputType: StreamType.Opus });
  player.play(resource);
  if (prompt) prepareFirstFrameAtStart(player, resource);
  await sleep(5 + Math.random() * 40);
  const pushedAt = performance.now();
  stream.push(first);
  for (let n = 0; n < 5; n++) stream.push(Buffer.from([0xf8, 0xff, 0xfe, 2]));
  while (sentAt === undefined) await sleep(1);
  player.stop(true);
  return sentAt - pushedAt;
}

function summary(values: number[]): { mean: number; p50: number; p95: number; max: number } {
  const sorted = [...values].sort((a, b) => a - b);
  const at = (q: number): number => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))];
  const round = (ms: number): number => Number(ms.toFixed(1));
  return { mean: round(sorted.reduce((a, b) => a + b, 0) / sorted.length), p50: round(at(0.5)), p95: round(at(0.95)), max: round(sorted[sorted.length - 1]) };
}

export default async function playerStartBench(): Promise<BenchSection> {
  const waits = { library: [] as number[], prompt: [] as number[] };
  // Alternated, so a slow moment of the machine falls on both.
  for (let trial = 0; trial < TRIALS; trial++) {
    waits.library.push(await firstPacketWait(false));
    waits.prompt.push(await firstPacketWait(true));
  }
  const row = (label: string, values: number[]): Record<string, string | number> => {
    const { mean, p50, p95, max } = summary(values);
    return { 'first packet': label, 'wait mean ms': mean, 'p50 ms': p50, 'p95 ms': p95, 'max ms': max };
  };
  return {
    title: 'Player start: first packet available -> sent, in @discordjs/voice\'s AudioPlayer',
    rows: [row('read at the next tick (library)', waits.library), row('read at once (prompt-start.ts)', waits.prompt)],
    notes: [
      `${TRIALS} messages each, alternated; each packet pushed 5-45 ms after play(), at a random point of the 20 ms clock.`,
      'the library reads a packet at a tick and sends it at the next: 20-40 ms; read at once, it is sent at the next tick: 0-20 ms.',
    ],
  };
}
