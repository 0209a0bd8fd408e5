/**
 * A tiny Kokoro-shaped ONNX model with the real signature, whose waveform reveals what it was fed:
 *   length    = ceil(tokens incl. pads * SAMPLES_PER_TOKEN / speed)
 *   frequency = style[0, 0] Hz, amplitude = style[0, 1] * sum(tokens) / 100
 * Variant 'kokoro-onnx': tokens int64 [1, n], style float32 [1, 256], speed float32 [1] -> audio float32 [samples].
 * Variant 'input_ids':   input_ids int64 [1, n], style, speed int32 [1] -> waveform float32 [samples].
 */
import { GraphBuilder } from '../../helpers/onnx-builder/graph-builder.ts';

export const TOY_SAMPLES_PER_TOKEN = 300;

export function toyKokoroModel(variant: 'kokoro-onnx' | 'input_ids'): Uint8Array {
  const g = new GraphBuilder();
  const tokens = variant === 'kokoro-onnx' ? 'tokens' : 'input_ids';
  const output = variant === 'kokoro-onnx' ? 'audio' : 'waveform';
  const count = g.toFloat(g.element(g.op('Shape', [tokens]), 1));
  const speed = variant === 'kokoro-onnx' ? g.element('speed', 0) : g.toFloat(g.element('speed', 0));
  const samples = g.op('Ceil', [g.op('Div', [g.op('Mul', [count, g.scalar(TOY_SAMPLES_PER_TOKEN)]), speed])]);
  const t = g.op('Range', [g.scalar(0), samples, g.scalar(1)]);
  const styleRow = g.op('Reshape', ['style', g.int64s([-1])]);
  const frequency = g.element(styleRow, 0);
  const tokenSum = g.toFloat(g.op('ReduceSum', [g.op('Reshape', [tokens, g.int64s([-1])])], { keepdims: { int: 0 } }));
  const amplitude = g.op('Div', [g.op('Mul', [g.element(styleRow, 1), tokenSum]), g.scalar(100)]);
  const phase = g.op('Mul', [t, g.op('Div', [g.op('Mul', [frequency, g.scalar(2 * Math.PI)]), g.scalar(24000)])]);
  g.output(output, g.op('Mul', [g.op('Sin', [phase]), amplitude]));
  return g.build(
    [
      { name: tokens, type: 'int64', shape: [1, 'tokens_len'] },
      { name: 'style', type: 'float32', shape: [1, 256] },
      { name: 'speed', type: variant === 'kokoro-onnx' ? 'float32' : 'int32', shape: [1] },
    ],
    [{ name: output, type: 'float32', shape: ['num_samples'] }],
  );
}

/**
 * A Kokoro-shaped graph (kokoro-onnx signature) that echoes what it was fed instead of speaking: its "waveform" is
 * the 256 style values followed by the token ids (pads included) as floats, so a test reads back exactly which style
 * row and which ids the engine chose.
 */
export function echoKokoroModel(): Uint8Array {
  const g = new GraphBuilder();
  const style = g.op('Reshape', ['style', g.int64s([-1])]);
  const tokens = g.toFloat(g.op('Reshape', ['tokens', g.int64s([-1])]));
  g.output('audio', g.op('Concat', [style, tokens], { axis: { int: 0 } }));
  return g.build(
    [
      { name: 'tokens', type: 'int64', shape: [1, 'tokens_len'] },
      { name: 'style', type: 'float32', shape: [1, 256] },
      { name: 'speed', type: 'float32', shape: [1] },
    ],
    [{ name: 'audio', type: 'float32', shape: ['num_samples'] }],
  );
}
