/** How the pool feeds one request's stream; T is an AudioChunk or a batch of Opus packets. */
export interface RequestSink<T> {
  push(item: T): void;
  finish(): void;
  fail(error: Error): void;
}

export interface ChunkStreamHooks {
  /** The consumer took a chunk: the worker may make one more (flow-control credit). */
  ack(): void;
  /** The consumer stopped early (abort or leaving the loop): the worker should stop. */
  cancel(): void;
}

export interface ChunkStreamStats {
  /** Chunks that reached the main thread. */
  received: number;
  /** Most chunks ever waiting for the consumer at once; flow control keeps it at or below the window. */
  maxBuffered: number;
}

/** The error every aborted stream rejects with: a DOMException named AbortError, the signal's reason as `cause`. */
export function abortError(reason: unknown): DOMException {
  return new DOMException('The speech request was aborted', { name: 'AbortError', cause: reason });
}

/**
 * The main-thread end of one request: chunks (or packet batches) from the worker wait in a small buffer until the consumer asks for them,
 * and every chunk handed over returns one credit to the worker. Audio already made is delivered before a later error
 * (a crash mid-sentence still plays what exists); an abort drops it and ends at once.
 */
export class ChunkStream<T> implements AsyncIterableIterator<T>, RequestSink<T> {
  readonly stats: ChunkStreamStats = { received: 0, maxBuffered: 0 };
  private readonly buffer: T[] = [];
  private readonly hooks: ChunkStreamHooks;
  private readonly signal: AbortSignal | undefined;
  private finished = false;
  private error: unknown;
  private waiter: { resolve: (r: IteratorResult<T>) => void; reject: (e: unknown) => void } | undefined;
  private readonly onAbort = (): void => this.abort();

  constructor(hooks: ChunkStreamHooks, signal?: AbortSignal) {
    this.hooks = hooks;
    this.signal = signal;
    signal?.addEventListener('abort', this.onAbort, { once: true });
  }

  [Symbol.asyncIterator](): this {
    return this;
  }

  push(chunk: T): void {
    if (this.finished) return;
    this.stats.received++;
    if (this.waiter) {
      const { resolve } = this.waiter;
      this.waiter = undefined;
      this.hooks.ack();
      resolve({ value: chunk, done: false });
      return;
    }
    this.buffer.push(chunk);
    this.stats.maxBuffered = Math.max(this.stats.maxBuffered, this.buffer.length);
  }

  finish(): void {
    if (this.finished) return;
    this.finished = true;
    this.detach();
    this.settleWaiter();
  }

  fail(error: Error): void {
    if (this.finished) return;
    this.error = error;
    this.finish();
  }

  /** A consumer waiting on an empty buffer learns the end (or the error) as soon as it is known. */
  private settleWaiter(): void {
    if (!this.waiter || this.buffer.length > 0) return;
    const { resolve, reject } = this.waiter;
    this.waiter = undefined;
    if (this.error !== undefined) {
      const error = this.error;
      this.error = undefined;
      reject(error);
    } else {
      resolve({ value: undefined, done: true });
    }
  }

  next(): Promise<IteratorResult<T>> {
    const chunk = this.buffer.shift();
    if (chunk) {
      this.hooks.ack();
      return Promise.resolve({ value: chunk, done: false });
    }
    if (this.error !== undefined) {
      const error = this.error;
      this.error = undefined;
      return Promise.reject(error);
    }
    if (this.finished) return Promise.resolve({ value: undefined, done: true });
    return new Promise((resolve, reject) => {
      this.waiter = { resolve, reject };
    });
  }

  /** Leaving a for-await loop early cancels the request in its worker. */
  return(): Promise<IteratorResult<T>> {
    if (!this.finished) {
      this.hooks.cancel();
      this.buffer.length = 0;
      this.finish();
    }
    return Promise.resolve({ value: undefined, done: true });
  }

  private abort(): void {
    if (this.finished) return;
    this.hooks.cancel();
    this.buffer.length = 0;
    this.fail(abortError(this.signal?.reason));
  }

  private detach(): void {
    this.signal?.removeEventListener('abort', this.onAbort);
  }
}
