/**
 * Player start (npm run bench -- player-start): how long a message's first Opus packet waits in @discordjs/voice's
 * AudioPlayer, from the moment it is available to the moment the voice connection is told to send it, with the
 * player's own timing and with src/playback/prompt-start.ts. A real AudioPlayer and AudioResource on the library's
 * real 20 ms clock; the connection is a stand-in that notes when the first packet is dispatched (no network).
 * Packets become available at random moments between the clock's ticks, as a generator's first chunk does.
 */
import { packet, startPlaying } from '../test/playback/player-harness.ts';
import type { BenchSection } from './lib/bench-section.ts';
import { percentile } from './lib/rtp-stream-stats.ts';

const TRIALS = 60;
const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

/** Milliseconds from pushing a message's first packet to the connection sending it. */
async function firstPacketWait(prompt: boolean): Promise<number> {
  const { player, connection, stream } = startPlaying(prompt);
  await sleep(5 + Math.random() * 40);
  const first = packet(1);
  const pushedAt = performance.now();
  stream.push(first);
  for (let n = 0; n < 5; n++) stream.push(packet(2));
  while (connection.sent.length === 0) await sleep(1);
  player.stop(true);
  if (connection.sent[0].packet !== first) throw new Error('the player sent something before the first packet');
  return connection.sent[0].at - pushedAt;
}

function summary(values: readonly number[]): { mean: number; p50: number; p95: number; max: number } {
  const round = (ms: number): number => Number(ms.toFixed(1));
  return {
    mean: round(values.reduce((a, b) => a + b, 0) / values.length),
    p50: round(percentile(values, 0.5)),
    p95: round(percentile(values, 0.95)),
    max: round(Math.max(...values)),
  };
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
