import { test, type TestContext } from 'node:test';
import assert from 'node:assert/strict';
import { Readable } from 'node:stream';
import { AudioPlayerStatus, createAudioResource, StreamType, type AudioPlayer } from '@discordjs/voice';
import { VoiceAudioOutput } from '../../src/playback/voice-audio-output.ts';
import { packet, startPlaying, subscribedPlayer, type ConnectionRecorder } from './player-harness.ts';

/** Lets pending process.nextTick callbacks and microtasks run, but no timer or immediate (the player's clock). */
const afterTicks = (): Promise<void> => new Promise((resolve) => process.nextTick(resolve));
const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

/** startPlaying, stopped when the test ends. */
function playing(t: TestContext, prompt = true): { player: AudioPlayer; connection: ConnectionRecorder; stream: Readable } {
  const started = startPlaying(prompt);
  t.after(() => started.player.stop(true));
  return started;
}

test('the first frame is prepared as soon as the resource becomes readable, before the clock ticks', async (t) => {
  const { player, connection, stream } = playing(t);
  assert.equal(player.state.status, AudioPlayerStatus.Buffering);

  stream.push(packet(1));
  await afterTicks();
  assert.equal(player.state.status, AudioPlayerStatus.Playing);
  assert.deepEqual(connection.prepared, [packet(1)], 'prepared without waiting for a tick');
  assert.equal(connection.dispatches, 0, 'sending stays with the clock');
});

test('without it the player reads nothing until its clock ticks (what the helper saves)', async (t) => {
  const { player, connection, stream } = playing(t, false);
  stream.push(packet(1));
  await afterTicks();
  assert.equal(player.state.status, AudioPlayerStatus.Playing);
  assert.deepEqual(connection.prepared, []);
});

test('the frames that follow go out one per tick, in order, none twice and none lost', async (t) => {
  const { connection, stream } = playing(t);
  for (let n = 1; n <= 4; n++) stream.push(packet(n));
  // Every tick sends one frame and prepares the next; wait until the four have been prepared and three sent.
  for (let waited = 0; connection.prepared.length < 4 && waited < 5000; waited += 20) await sleep(20);
  assert.deepEqual(connection.prepared.slice(0, 4), [packet(1), packet(2), packet(3), packet(4)]);
  // One prepare ahead of the sends, as with the library's own clock: each frame is sent at the tick after it was prepared.
  assert.ok(connection.dispatches >= 3, `dispatched ${connection.dispatches}`);
});

test('a player paused by another listener of the change to Playing (the DAVE guard) reads nothing', async (t) => {
  const { player, connection, stream } = playing(t);
  // Added after the helper's own listener: the helper still waits for it.
  player.on('stateChange', (_old, state) => {
    if (state.status === AudioPlayerStatus.Playing) player.pause(false);
  });
  stream.push(packet(1));
  await afterTicks();
  assert.equal(player.state.status, AudioPlayerStatus.Paused);
  assert.deepEqual(connection.prepared, []);
});

test('a resource replaced before it became readable is left alone', async (t) => {
  const { player, connection } = playing(t);
  const second = new Readable({ objectMode: true, read() {} });
  player.play(createAudioResource(second, { inputType: StreamType.Opus }));
  second.push(packet(2));
  await afterTicks();
  assert.equal(player.state.status, AudioPlayerStatus.Playing);
  assert.deepEqual(connection.prepared, [], 'the second resource keeps the library timing: the helper was not asked for it');
  assert.equal(player.listenerCount('stateChange'), 0, 'the helper stopped listening when its resource went away');
});

async function* oneBatch(...packets: Buffer[]): AsyncGenerator<{ packets: Buffer[] }> {
  yield { packets };
}

/** Runs nextTick callbacks and microtasks a few rounds (the stream pulls its batch through a promise), still no timer. */
async function settle(): Promise<void> {
  for (let i = 0; i < 5; i++) await afterTicks();
}

test('VoiceAudioOutput starts promptly unless its promptStart says no', async (t) => {
  for (const [promptStart, expected] of [[undefined, 1], [() => true, 1], [() => false, 0]] as const) {
    const { player, connection } = subscribedPlayer();
    const output = new VoiceAudioOutput(player, promptStart ? { promptStart } : {});
    const controller = new AbortController();
    t.after(() => controller.abort());
    const played = output.play(oneBatch(packet(1), packet(2)), controller.signal);
    await settle();
    assert.equal(connection.prepared.length, expected, `promptStart ${promptStart === undefined ? 'unset' : String(promptStart())}`);
    controller.abort();
    await played;
  }
});
