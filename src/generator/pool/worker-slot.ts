import { Worker } from 'node:worker_threads';
import type { ResourceLimits } from 'node:worker_threads';
import type { AudioChunk } from '../../audio/audio-chunk.ts';
import type { EncodedAudioSummary, OpusPacketBatch } from '../encoded-speech.ts';
import type { RequestSink } from './chunk-stream.ts';
import type { MainToWorker, WorkerSetup, WorkerToMain } from './protocol.ts';

const workerEntry = new URL('./generator-worker.ts', import.meta.url);

/**
 * How long a worker gets to finish its model call, release its sessions and exit before it is terminated: a model
 * call takes well under a second, and the bot is expected to exit within 5 s of SIGTERM.
 */
export const defaultShutdownGraceMs = 3_000;

/** Where a request's audio goes on the main thread: raw chunks, or finished Opus packets (see encode in protocol.ts). */
export type SlotSink =
  | { readonly kind: 'chunks'; readonly stream: RequestSink<AudioChunk> }
  | {
    readonly kind: 'packets';
    readonly stream: RequestSink<OpusPacketBatch>;
    /** The worker's summary of the audio pipeline, just before the stream finishes. */
    readonly done: (summary: EncodedAudioSummary | undefined) => void;
  };

export interface SlotRequest {
  readonly sink: SlotSink;
  readonly voiceId: string;
  /** The consumer gave up; chunks still in flight are dropped, the slot stays busy until the worker says done. */
  cancelled: boolean;
  /** The first chunk has arrived: the request is playing, no longer starting. */
  playing: boolean;
  /** Seconds of audio that arrived so far. */
  madeSeconds: number;
}

export interface WorkerSlotEvents {
  message(slot: WorkerSlot, message: WorkerToMain): void;
  /** The thread ended without close(): thrown at top level, process.exit(), out of memory. */
  crashed(slot: WorkerSlot, reason: string): void;
}

/** How a worker ended on close(): by itself after a graceful shutdown, or terminated when it did not in time. */
export type SlotClosing = 'exited' | 'terminated';

/** One worker thread and the requests it is serving, as the main thread sees it. */
export class WorkerSlot {
  readonly index: number;
  readonly startedAt = Date.now();
  readonly requests = new Map<number, SlotRequest>();
  readonly warmVoices = new Set<string>();
  readonly warmEngines = new Set<string>();
  /** The worker's last reported core share (CoreShareMessage) and when it came (performance.now()). */
  coreShare: { readonly share: number; readonly at: number } | undefined;
  private readonly worker: Worker;
  private readonly exited: Promise<void>;
  private closing: Promise<SlotClosing> | undefined;
  private lastError: Error | undefined;

  constructor(index: number, setup: WorkerSetup, resourceLimits: ResourceLimits | undefined, events: WorkerSlotEvents) {
    this.index = index;
    // Named so per-thread CPU figures (top -H, /proc/<pid>/task/*/comm, the capacity bench) can tell workers apart.
    this.worker = new Worker(workerEntry, { name: `generator-${index}`, workerData: setup, resourceLimits, stderr: false, stdout: false });
    this.worker.on('message', (message: WorkerToMain) => events.message(this, message));
    this.worker.on('error', (error) => {
      this.lastError = error;
    });
    this.exited = new Promise((resolve) => {
      this.worker.once('exit', (code) => {
        resolve();
        if (this.closing) return;
        const reason = this.lastError
          ? `${this.lastError.name}: ${(this.lastError as NodeJS.ErrnoException).code ?? this.lastError.message}`
          : `exit code ${code}`;
        events.crashed(this, reason);
      });
    });
  }

  get inFlight(): number {
    return this.requests.size;
  }

  /** Requests without their first chunk yet. */
  get starting(): number {
    let count = 0;
    for (const request of this.requests.values()) if (!request.playing) count++;
    return count;
  }

  post(message: MainToWorker): void {
    if (!this.closing) this.worker.postMessage(message);
  }

  /**
   * Asks the worker to shut down and waits until its thread has ended. terminate() is only the last resort, after
   * `graceMs`: terminating while onnxruntime is inside a model call aborts the whole process ("terminate called after
   * throwing an instance of 'Napi::Error'"), because the native call completes into a Node environment that no longer
   * exists. A worker stuck in synchronous code (a runaway WASM call) never reads the shutdown message, though, and
   * then terminate() is the only way out (no native call can be pending while its thread is busy in JS or WASM).
   */
  close(graceMs = defaultShutdownGraceMs): Promise<SlotClosing> {
    this.closing ??= this.shutDown(graceMs);
    return this.closing;
  }

  private async shutDown(graceMs: number): Promise<SlotClosing> {
    this.worker.postMessage({ type: 'shutdown' } satisfies MainToWorker);
    let timer: NodeJS.Timeout | undefined;
    const late = new Promise<'late'>((resolve) => {
      timer = setTimeout(() => resolve('late'), graceMs);
    });
    try {
      if ((await Promise.race([this.exited, late])) !== 'late') return 'exited';
      await this.worker.terminate();
      return 'terminated';
    } finally {
      clearTimeout(timer);
    }
  }
}
