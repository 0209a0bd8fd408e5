import ort from 'onnxruntime-node';
import type { EngineOptions, ExecutionProviderName } from './voice-engine.ts';

export interface OnnxSessionResult {
  readonly session: ort.InferenceSession;
  /** The provider that actually loaded the model. */
  readonly provider: ExecutionProviderName;
}

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
