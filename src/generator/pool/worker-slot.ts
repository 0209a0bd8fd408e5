import { Worker } from 'node:worker_threads';
import type { ResourceLimits } from 'node:worker_threads';
import type { RequestSink } from './chunk-stream.ts';
import type { MainToWorker, WorkerSetup, WorkerToMain } from './protocol.ts';

const workerEntry = new URL('./generator-worker.ts', import.meta.url);

export interface SlotRequest {
  readonly sink: RequestSink;
  readonly voiceId: string;
  /** The consumer gave up; chunks still in flight are dropped, the slot stays busy until the worker says done. */
  cancelled: boolean;
}

export interface WorkerSlotEvents {
  message(slot: WorkerSlot, message: WorkerToMain): void;
  /** The thread ended without close(): thrown at top level, process.exit(), out of memory. */
  crashed(slot: WorkerSlot, reason: string): void;
}

/** One worker thread and the requests it is serving, as the main thread sees it. */
export class WorkerSlot {
  readonly index: number;
  readonly startedAt = Date.now();
  readonly requests = new Map<number, SlotRequest>();
  readonly warmVoices = new Set<string>();
  readonly warmEngines = new Set<string>();
  private readonly worker: Worker;
  private closing = false;
  private lastError: Error | undefined;

  constructor(index: number, setup: WorkerSetup, resourceLimits: ResourceLimits | undefined, events: WorkerSlotEvents) {
    this.index = index;
    this.worker = new Worker(workerEntry, { workerData: setup, resourceLimits, stderr: false, stdout: false });
    this.worker.on('message', (message: WorkerToMain) => events.message(this, message));
    this.worker.on('error', (error) => {
      this.lastError = error;
    });
    this.worker.on('exit', (code) => {
      if (this.closing) return;
      const reason = this.lastError
        ? `${this.lastError.name}: ${(this.lastError as NodeJS.ErrnoException).code ?? this.lastError.message}`
        : `exit code ${code}`;
      events.crashed(this, reason);
    });
  }

  get inFlight(): number {
    return this.requests.size;
  }

  post(message: MainToWorker): void {
    if (!this.closing) this.worker.postMessage(message);
  }

  async close(): Promise<void> {
    this.closing = true;
    await this.worker.terminate();
  }
}
