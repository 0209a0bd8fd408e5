/**
 * Entry point of one generator worker thread: all inference and audio encoding happen here, never on the main
 * thread. The work itself is WorkerRuntime's; this file only lowers the thread's priority and connects the runtime
 * to the port. On 'shutdown' the runtime lets the model call in progress return and closes its engines; closing the
 * port then lets the thread end by itself with exit code 0.
 */
import { setPriority } from 'node:os';
import { parentPort, workerData } from 'node:worker_threads';
import type { MainToWorker, WorkerSetup, WorkerToMain } from './protocol.ts';
import { WorkerRuntime } from './worker-runtime.ts';

const port = parentPort;
if (!port) throw new Error('generator-worker.ts must run in a worker thread');
const setup = workerData as WorkerSetup;

const runtime = new WorkerRuntime(setup, (message: WorkerToMain, transfer: ArrayBuffer[] = []) => port.postMessage(message, transfer));

// On Linux the nice value is per thread: this lowers only this worker (and the threads it starts), never the main
// thread. Where it is not allowed the worker runs at normal priority.
if (setup.niceness > 0) {
  try {
    setPriority(setup.niceness);
  } catch (error) {
    runtime.log('debug', 'could not lower the generator worker priority', { reason: (error as Error).message });
  }
}

port.on('message', (message: MainToWorker) => {
  if (message.type === 'shutdown') {
    void runtime.shutdown().then(() => port.close());
    return;
  }
  runtime.handle(message);
});
