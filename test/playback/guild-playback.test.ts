import { test } from 'node:test';
import assert from 'node:assert/strict';
import { GuildPlayback, type PlaybackLimits, type PlaybackLog } from '../../src/playback/guild-playback.ts';
import { PlaybackRegistry } from '../../src/playback/playback-registry.ts';
import { chunkSpeech, Latch, ManualClock, RecordingOutput, SineGenerator, testLimits, until, zeroCrossingFrequency } from './fakes.ts';

interface LogLine {
  level: string;
  message: string;
  fields?: Record<string, unknown>;
}

function setup(limits: Partial<PlaybackLimits> = {}) {
  const generator = new SineGenerator();
  const output = new RecordingOutput();
  const logs: LogLine[] = [];
  const log: PlaybackLog = (level, message, fields) => logs.push({ level, message, fields });
  const clock = new ManualClock();
  const playback = new GuildPlayback({ guildId: 'g1', speech: chunkSpeech(generator), output, limits: { ...testLimits, ...limits }, clock, log });
  return { generator, output, logs, clock, playback };
}

const say = (text: string, userId = 'u1', speed = 1) => ({ userId, request: { text, voice: 'test:sine', speed } });

test('plays messages in order, each as the audio the generator made', async () => {
  const { playback, output } = setup();
  for (const f of ['300', '600', '900']) assert.equal(playback.enqueue(say(f)).accepted, true);
  await playback.idle();
  assert.equal(output.played.length, 3);
  const heard = output.played.map((u) => {
    assert.equal(u.chunks.length, 3, 'every chunk of every message is played');
    return Math.round(zeroCrossingFrequency(u.chunks[0]) / 100) * 100;
  });
  assert.deepEqual(heard, [300, 600, 900]);
});

test('a full queue answers with a clear message instead of dropping silently', async () => {
  const { playback, output } = setup({ maxDepth: 2 });
  const hold = new Latch();
  output.hold = () => hold.wait();
  assert.deepEqual(playback.enqueue(say('300')), { accepted: true, position: 1 });
  assert.deepEqual(playback.enqueue(say('400')), { accepted: true, position: 2 });
  const refused = playback.enqueue(say('500'));
  assert.equal(refused.accepted, false);
  assert.ok(!refused.accepted && refused.reason === 'queue-full');
  assert.match(!refused.accepted ? refused.message : '', /queue is full \(2 messages\)/);
  hold.release();
  await playback.idle();
  assert.equal(output.played.length, 2);
  // Room again once it drained.
  assert.equal(playback.enqueue(say('500')).accepted, true);
  await playback.idle();
});

test('per-user rate limit refuses the extra message and says when to retry; other users are unaffected', async () => {
  const { playback, clock, output } = setup({ userRateLimit: 2, userRateWindowMs: 30_000 });
  const hold = new Latch();
  output.hold = () => hold.wait();
  assert.equal(playback.enqueue(say('300', 'alice')).accepted, true);
  clock.advance(10_000);
  assert.equal(playback.enqueue(say('300', 'alice')).accepted, true);
  const third = playback.enqueue(say('300', 'alice'));
  assert.ok(!third.accepted && third.reason === 'rate-limited');
  assert.match(!third.accepted ? third.message : '', /try again in 20 s/i);
  assert.equal(playback.enqueue(say('300', 'bob')).accepted, true);
  clock.advance(20_000);
  assert.equal(playback.enqueue(say('300', 'alice')).accepted, true);
  hold.release();
  await playback.idle();
  assert.equal(output.played.length, 4);
});

test('prefetch: the next message generates while the current one plays, only one ahead, order kept', async () => {
  const { playback, output, generator } = setup();
  const holds = [new Latch(), new Latch(), new Latch()];
  let held = 0;
  output.hold = () => holds[held++].wait();
  playback.enqueue(say('300'));
  playback.enqueue(say('600'));
  playback.enqueue(say('900'));
  // First message fully handed to the player and still audible.
  await until(() => held === 1, 'first message playing');
  await until(() => generator.calls.length === 2 && generator.calls[1].finished, 'second message generated');
  assert.equal(output.played.length, 1, 'second has not started playing yet');
  assert.equal(generator.calls[1].pulled, 3, 'second message was generated during the first');
  assert.equal(generator.calls.length, 2, 'third waits: prefetch is one message deep');
  holds[0].release();
  await until(() => held === 2, 'second message playing');
  await until(() => generator.calls.length === 3, 'third prefetched while second plays');
  holds[1].release();
  holds[2].release();
  await playback.idle();
  assert.deepEqual(generator.calls.map((c) => c.request.text), ['300', '600', '900']);
  assert.deepEqual(output.played.map((u) => Math.round(zeroCrossingFrequency(u.chunks[0]) / 100) * 100), [300, 600, 900]);
});

test('a message queued while another plays is prefetched at once', async () => {
  const { playback, output, generator } = setup();
  const hold = new Latch();
  output.hold = () => hold.wait();
  playback.enqueue(say('300'));
  await until(() => output.played[0]?.chunks.length === 3, 'first playing');
  assert.equal(generator.calls.length, 1);
  playback.enqueue(say('600'));
  assert.equal(generator.calls.length, 2, 'generation of the new message started synchronously');
  hold.release();
  await playback.idle();
});

test('speeds up when the queue backs up, per the rule, and back down as it drains', async () => {
  const { playback, generator } = setup({ maxDepth: 10, speedUp: { threshold: 1, maxMultiplier: 1.5, stepPerMessage: 0.1 } });
  const gate = new Latch();
  generator.gate = () => gate.wait();
  for (let i = 0; i < 6; i++) playback.enqueue(say(String(300 + i * 100)));
  gate.release();
  await playback.idle();
  assert.deepEqual(generator.calls.map((c) => c.request.speed), [1, 1.3, 1.2, 1.1, 1, 1]);
});

test('stop cuts playback, aborts the generation in flight and the prefetch, and clears the queue', async () => {
  const { playback, output, generator } = setup();
  const hold = new Latch();
  output.hold = () => hold.wait();
  for (const f of ['300', '600', '900', '1200']) playback.enqueue(say(f));
  await until(() => generator.calls.length === 2, 'second prefetched');
  assert.equal(playback.stop(), 4);
  assert.equal(output.stops, 1, 'the player was stopped');
  assert.equal(generator.calls[0].signal.aborted, true, 'current generation aborted');
  assert.equal(generator.calls[1].signal.aborted, true, 'prefetched generation aborted');
  hold.release();
  await playback.idle();
  assert.equal(output.played.length, 1, 'nothing played after stop');
  assert.equal(generator.calls.length, 2, 'queued messages were never generated');
  assert.equal(playback.depth, 0);
  // The guild keeps working after a stop.
  playback.enqueue(say('300'));
  await playback.idle();
  assert.equal(output.played.length, 2);
});

test('stop aborts a generator that is still producing the current message', async () => {
  const { playback, generator } = setup();
  const gate = new Latch();
  generator.gate = () => gate.wait();
  playback.enqueue(say('300'));
  await until(() => generator.calls.length === 1, 'generation started');
  playback.stop();
  assert.equal(generator.calls[0].signal.aborted, true);
  gate.release();
  await playback.idle();
  await until(() => generator.calls[0].finished, 'generator closed');
  assert.ok(generator.calls[0].pulled <= 1);
});

test('skip ends only the current message; the next plays', async () => {
  const { playback, output, generator } = setup();
  const holds = [new Latch(), new Latch()];
  let held = 0;
  output.hold = () => holds[held++].wait();
  playback.enqueue(say('300'));
  playback.enqueue(say('600'));
  await until(() => held === 1 && generator.calls.length === 2, 'first playing, second prefetched');
  assert.equal(playback.skip(), true);
  assert.equal(generator.calls[0].signal.aborted, true);
  assert.equal(generator.calls[1].signal.aborted, false, 'the prefetched message survives a skip');
  holds[0].release();
  await until(() => held === 2, 'second playing');
  holds[1].release();
  await playback.idle();
  assert.equal(output.played.length, 2);
  assert.equal(output.played[1].chunks.length, 3);
  assert.equal(playback.skip(), false, 'nothing to skip');
});

test('a failing message is logged and skipped; the queue goes on', async () => {
  const { playback, output, generator, logs } = setup();
  generator.failTexts.add('600');
  for (const f of ['300', '600', '900']) playback.enqueue(say(f));
  await playback.idle();
  assert.equal(output.played.length, 3);
  assert.equal(output.played[2].chunks.length, 3, 'the message after the failure plays in full');
  const warning = logs.find((l) => l.level === 'warn');
  assert.ok(warning, 'failure is logged');
  assert.equal(warning.fields?.guildId, 'g1');
  assert.match(String(warning.fields?.error), /engine failed/);
});

test('a closed queue refuses politely', () => {
  const { playback } = setup();
  playback.close();
  const result = playback.enqueue(say('300'));
  assert.ok(!result.accepted && result.reason === 'closed');
});

test('one guild failing does not disturb another', async () => {
  const outputs = new Map<string, RecordingOutput>();
  const registry = new PlaybackRegistry((guildId) => {
    const output = new RecordingOutput();
    outputs.set(guildId, output);
    const generator = guildId === 'bad'
      ? { stream: () => { throw new Error('generator exploded'); } }
      : new SineGenerator();
    return { speech: chunkSpeech(generator), output, limits: testLimits, clock: new ManualClock(), log: () => undefined };
  });
  registry.get('bad').enqueue(say('300'));
  registry.get('good').enqueue(say('300'));
  await registry.get('bad').idle();
  await registry.get('good').idle();
  assert.equal(outputs.get('good')?.played[0].chunks.length, 3);
  assert.equal(outputs.get('bad')?.played[0].chunks.length, 0);
  assert.equal(registry.get('bad').enqueue(say('300')).accepted, true, 'the bad guild still accepts messages');
  registry.closeAll();
});

test('speech is made while the voice connection is joined, and plays only once it is ready', async () => {
  const { playback, output, generator } = setup();
  const joined = new Latch();
  assert.equal(playback.enqueue({ ...say('300'), ready: joined.wait() }).accepted, true);
  await until(() => generator.calls.length === 1 && generator.calls[0].pulled >= 1, 'generation to start before the join ends');
  for (let i = 0; i < 50; i++) await new Promise((resolve) => setImmediate(resolve));
  assert.equal(output.played.length, 0, 'nothing plays before the connection is ready');
  joined.release();
  await playback.idle();
  assert.equal(output.played.length, 1);
  assert.equal(output.played[0].chunks.length, 3, 'the whole message is heard, including what was made during the join');
});

test('a failed join drops its message quietly, stops its generation, and the next message plays', async () => {
  const { playback, output, generator, logs } = setup();
  let rejectJoin: (error: Error) => void = () => undefined;
  const joining = new Promise<void>((_resolve, reject) => (rejectJoin = reject));
  playback.enqueue({ ...say('300'), ready: joining });
  playback.enqueue(say('600'));
  await until(() => generator.calls.length >= 1, 'generation of the first message');
  rejectJoin(new Error('could not connect'));
  await playback.idle();
  assert.equal(output.played.length, 1, 'only the second message played');
  assert.equal(Math.round(zeroCrossingFrequency(output.played[0].chunks[0]) / 100) * 100, 600);
  assert.ok(generator.calls[0].signal.aborted, 'the first message\'s generation was stopped');
  assert.ok(!logs.some((l) => l.level === 'warn'), 'a join failure is not logged as a speech failure');
});

test('/stop while the connection is still joining: nothing plays when it becomes ready', async () => {
  const { playback, output } = setup();
  const joined = new Latch();
  playback.enqueue({ ...say('300'), ready: joined.wait() });
  assert.equal(playback.stop(), 1);
  joined.release();
  await playback.idle();
  assert.equal(output.played.length, 0);
});

test('/stop and /skip while the connection is still joining end the wait at once: the next message does not wait for the join', async () => {
  const { playback, output } = setup();
  const neverJoins = new Promise<void>(() => undefined);
  playback.enqueue({ ...say('300'), ready: neverJoins });
  await until(() => playback.isPlaying, 'the first message to become current');
  assert.equal(playback.skip(), true);
  playback.enqueue(say('600'));
  await playback.idle();
  assert.equal(output.played.length, 1, 'only the second message played, without waiting for the first one\'s join');
  assert.equal(Math.round(zeroCrossingFrequency(output.played[0].chunks[0]) / 100) * 100, 600);
});
