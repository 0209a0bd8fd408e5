import { test } from 'node:test';
import assert from 'node:assert/strict';
import { once } from 'node:events';
import type { OpusPacketBatch } from '../../src/generator/encoded-speech.ts';
import { MeteredOpusStream } from '../../src/playback/metered-opus-stream.ts';

const tick = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

/** An Opus packet stand-in: the pipeline's packets are Buffers, the wrapper never looks inside. */
const packet = (n: number): Buffer => Buffer.from([0xf8, n]);

/** The generator's side: batches pushed by the test, then the end or a failure; remembers being told to stop. */
class BatchFeed implements AsyncIterable<OpusPacketBatch> {
  readonly #queue: Array<IteratorResult<OpusPacketBatch> | Error> = [];
  #waiter: ((item: IteratorResult<OpusPacketBatch> | Error) => void) | undefined;
  stopped = false;
  pulls = 0;

  push(...packets: Buffer[]): void {
    this.#deliver({ done: false, value: { packets } });
  }

  end(): void {
    this.#deliver({ done: true, value: undefined });
  }

  fail(error: Error): void {
    this.#deliver(error);
  }

  #deliver(item: IteratorResult<OpusPacketBatch> | Error): void {
    const waiter = this.#waiter;
    this.#waiter = undefined;
    if (waiter) waiter(item);
    else this.#queue.push(item);
  }

  [Symbol.asyncIterator](): AsyncIterator<OpusPacketBatch> {
    const settle = (item: IteratorResult<OpusPacketBatch> | Error): Promise<IteratorResult<OpusPacketBatch>> =>
      item instanceof Error ? Promise.reject(item) : Promise.resolve(item);
    return {
      next: () => {
        this.pulls++;
        const queued = this.#queue.shift();
        if (queued) return settle(queued);
        return new Promise<IteratorResult<OpusPacketBatch> | Error>((resolve) => (this.#waiter = resolve)).then(settle);
      },
      return: async () => {
        this.stopped = true;
        return { done: true, value: undefined };
      },
    };
  }
}

function setup() {
  const inner = new BatchFeed();
  const events = { first: 0, underruns: 0 };
  const metered = new MeteredOpusStream(inner, { firstFrame: () => events.first++, underrun: () => events.underruns++ });
  /** One 20 ms player cycle: a bare read(), as @discordjs/voice's AudioResource does. */
  const playerRead = async (): Promise<Buffer | null> => {
    const got = metered.read();
    await tick();
    return got;
  };
  return { inner, metered, events, playerRead };
}

test('passes packets through in order and reports the first one the player takes', async () => {
  const { inner, metered, events, playerRead } = setup();
  inner.push(packet(1), packet(2));
  await once(metered, 'readable');
  assert.equal(events.first, 0, 'nothing reported before the player reads');
  const got = [await playerRead(), await playerRead()];
  assert.deepEqual(got, [packet(1), packet(2)]);
  assert.equal(events.first, 1);
  inner.end();
  await tick();
  assert.equal(await playerRead(), null);
  assert.equal(events.underruns, 0, 'the end of the utterance is not an underrun');
});

test('counts one underrun per gap while the utterance goes on, none before the start or after the end', async () => {
  const { inner, metered, events, playerRead } = setup();
  assert.equal(metered.read(), null, 'a read before any audio');
  assert.equal(events.underruns, 0, 'waiting for the first frame is latency, not an underrun');
  inner.push(packet(1));
  await tick();
  assert.deepEqual(await playerRead(), packet(1));
  for (let i = 0; i < 5; i++) assert.equal(await playerRead(), null);
  assert.equal(events.underruns, 1, 'five silent cycles in a row are one gap');
  assert.equal(metered.underruns, 1);
  metered.read(0); // Node's internal reads pass a size; they are not the player
  inner.push(packet(2));
  await tick();
  assert.deepEqual(await playerRead(), packet(2));
  assert.equal(await playerRead(), null);
  assert.equal(events.underruns, 2, 'a second gap after audio resumed');
  inner.end();
  await tick();
  for (let i = 0; i < 3; i++) assert.equal(await playerRead(), null);
  assert.equal(events.underruns, 2);
  assert.equal(events.first, 1);
});

test('destroying it destroys the pipeline stream; a pipeline error reaches its reader', async () => {
  const first = setup();
  first.metered.destroy();
  await tick();
  assert.equal(first.inner.stopped, true, 'the pipeline is told to stop');

  const second = setup();
  second.metered.read(0); // start pulling
  const failed = once(second.metered, 'error');
  second.inner.fail(new Error('bad chunk'));
  const [error] = (await failed) as [Error];
  assert.match(error.message, /bad chunk/);
});

test('a throwing hook does not break the audio', async () => {
  const inner = new BatchFeed();
  const metered = new MeteredOpusStream(inner, { firstFrame: () => { throw new Error('metrics bug'); } });
  inner.push(packet(7));
  await once(metered, 'readable');
  assert.deepEqual(metered.read(), packet(7));
});

test('a batch is taken only when the packets before it have been read, and an empty batch does not stall', async () => {
  const { inner, metered, playerRead } = setup();
  inner.push(packet(1), packet(2), packet(3));
  await once(metered, 'readable');
  await tick();
  assert.equal(inner.pulls, 1, 'three packets in hand: no second batch asked for');
  assert.deepEqual([await playerRead(), await playerRead()], [packet(1), packet(2)]);
  assert.equal(inner.pulls, 1);
  assert.deepEqual(await playerRead(), packet(3));
  assert.equal(inner.pulls, 2, 'the last one read: the next batch is asked for');
  inner.push();
  inner.push(packet(4));
  await tick();
  await tick();
  assert.deepEqual(await playerRead(), packet(4));
});
