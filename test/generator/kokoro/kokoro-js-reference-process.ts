/**
 * kokoro-js's reference calls (kokoro-js-reference.ts) computed in a child process, for tests that run the bot's
 * onnxruntime-node in their own process (kokoro-js brings another onnxruntime-node build that cannot load beside it).
 * Run as a script, this file is that child: it reads [{ text, voice }] as JSON on stdin and writes the calls.
 */
import { execFile } from 'node:child_process';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { ReferenceCall } from './kokoro-js-reference.ts';

/** kokoro-js reads its packs from here: node_modules/kokoro-js/voices/<voice>.bin. */
export const KOKORO_JS_VOICES = join(dirname(createRequire(import.meta.url).resolve('kokoro-js')), '..', 'voices');

interface ReferenceRequest {
  readonly text: string;
  readonly voice: string;
}

interface SerialCall {
  readonly sentence: string;
  readonly phonemes: string;
  readonly ids: number[];
  readonly style: number[];
}

export async function kokoroJsCalls(requests: readonly ReferenceRequest[]): Promise<ReferenceCall[][]> {
  const stdout = await new Promise<string>((resolve, reject) => {
    const child = execFile(process.execPath, [fileURLToPath(import.meta.url)], { maxBuffer: 64 * 1024 * 1024 }, (error, out) =>
      error ? reject(error) : resolve(out),
    );
    child.stdin?.end(JSON.stringify(requests));
  });
  const parsed = JSON.parse(stdout) as SerialCall[][];
  return parsed.map((calls) => calls.map((call) => ({ ...call, style: Float32Array.from(call.style) })));
}

async function serve(): Promise<void> {
  const { KokoroJsReference } = await import('./kokoro-js-reference.ts');
  const { DEFAULT_KOKORO_VOCAB } = await import('../../../src/generator/kokoro/kokoro-default-vocab.ts');
  let input = '';
  for await (const chunk of process.stdin) input += String(chunk);
  const reference = new KokoroJsReference(DEFAULT_KOKORO_VOCAB);
  const results: SerialCall[][] = [];
  for (const { text, voice } of JSON.parse(input) as ReferenceRequest[]) {
    const calls = await reference.calls(text, voice);
    results.push(calls.map((call) => ({ ...call, style: [...call.style] })));
  }
  process.stdout.write(JSON.stringify(results));
}

if (import.meta.main) await serve();
