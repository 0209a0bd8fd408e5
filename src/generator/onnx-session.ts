import ort from 'onnxruntime-node';
import type { EngineOptions, ExecutionProviderName } from './voice-engine.ts';

export interface OnnxSessionResult {
  readonly session: ort.InferenceSession;
  /** The provider that actually loaded the model. */
  readonly provider: ExecutionProviderName;
}

/**
 * onnxruntime's intra-op threads spin-wait for work by default. Measured on the 2-core target with neural:slt: with
 * 2 threads a spinning pool thread kept burning a core while flite ran on the worker thread after each call (flite's
 * CPU time 124 ms instead of 73 ms for the same sentence), and 8 requests cost CPU RTF 0.161 instead of 0.138 (1 worker
 * x 2 threads) or 0.143 instead of 0.132 (2 x 1), for no gain in wall time. On a box where the main thread must keep
 * a 20 ms audio clock, idle threads must sleep. Graph optimisation level (basic/extended/all), the CPU memory arena
 * and memory patterns made no measurable difference at 1 thread (vocoder call of 160 frames: 120-125 ms for all).
 */
const sessionConfigEntries = { session: { intra_op: { allow_spinning: '0' }, inter_op: { allow_spinning: '0' } } };

/**
 * Opens a model on the first execution provider that works. A CUDA failure (no GPU, no CUDA libraries, the CPU-only
 * onnxruntime build) falls back to CPU with a warning instead of crashing: a bot on a misconfigured GPU box should
 * still speak.
 */
export async function createOnnxSession(
  modelPath: string,
  options: Pick<EngineOptions, 'executionProviders' | 'intraOpThreads' | 'log'>,
): Promise<OnnxSessionResult> {
  const providers: ExecutionProviderName[] = [...options.executionProviders.filter((p) => p !== 'cpu'), 'cpu'];
  let lastError: unknown;
  for (const provider of providers) {
    try {
      const session = await ort.InferenceSession.create(modelPath, {
        executionProviders: [provider],
        intraOpNumThreads: options.intraOpThreads,
        interOpNumThreads: 1,
        graphOptimizationLevel: 'all',
        executionMode: 'sequential',
        extra: sessionConfigEntries,
      });
      options.log('info', `ONNX model loaded on ${provider.toUpperCase()}`, { model: modelPath, provider });
      return { session, provider };
    } catch (error) {
      lastError = error;
      if (provider !== 'cpu') {
        options.log('warn', `${provider.toUpperCase()} execution provider unavailable, falling back to CPU`, {
          model: modelPath,
          reason: error instanceof Error ? error.message : String(error),
        });
      }
    }
  }
  throw new Error(`could not load ONNX model ${modelPath}`, { cause: lastError });
}
