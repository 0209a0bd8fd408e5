/**
 * Tiny Piper-shaped ONNX models with the real input/output names, dtypes and ranks, whose audio is a sine wave that
 * encodes what reached the model:
 *   length    = ceil(ids * FRAMES_PER_ID * length_scale) frames of HOP samples  (ids count, speed)
 *   frequency = 100 * (1 + sid) * (1 + noise_w) Hz                             (speaker, noise_w)
 *   amplitude = 0.2 * (1 + noise_scale) * input_lengths / ids                  (noise_scale, input_lengths)
 * The phase is a function of the absolute sample index, so decoding z in windows gives exactly the full output.
 */
import { GraphBuilder } from '../../helpers/onnx-builder/graph-builder.ts';
import type { ValueInfo } from '../../helpers/onnx-builder/onnx-model.ts';

export const TOY_SAMPLE_RATE = 16000;
export const TOY_HOP = 64;
export const TOY_FRAMES_PER_ID = 2;
const CHANNELS = 8;

const textInputs = (multiSpeaker: boolean): ValueInfo[] => [
  { name: 'input', type: 'int64', shape: [1, 'phonemes'] },
  { name: 'input_lengths', type: 'int64', shape: [1] },
  { name: 'scales', type: 'float32', shape: [3] },
  ...(multiSpeaker ? [{ name: 'sid', type: 'int64', shape: [1] } as const] : []),
];

interface Encoded {
  readonly z: string;
  readonly yMask: string;
  readonly sid?: string;
}

function encode(g: GraphBuilder, multiSpeaker: boolean): Encoded {
  const idCount = g.toFloat(g.element(g.op('Shape', ['input']), 1));
  const noiseScale = g.element('scales', 0);
  const lengthScale = g.element('scales', 1);
  const noiseW = g.element('scales', 2);
  const frames = g.op('Ceil', [g.op('Mul', [g.op('Mul', [idCount, g.scalar(TOY_FRAMES_PER_ID)]), lengthScale])]);
  const frameIndex = g.op('Range', [g.scalar(0), frames, g.scalar(1)]);
  const ones = g.op('Add', [g.op('Mul', [frameIndex, g.scalar(0)]), g.scalar(1)]);
  const lengthRatio = g.op('Div', [g.toFloat(g.element('input_lengths', 0)), idCount]);
  const sid = multiSpeaker ? g.toFloat(g.element('sid', 0)) : undefined;
  const row = (value: string): string => g.op('Unsqueeze', [g.op('Mul', [ones, value]), g.int64s([0])]);
  const zero = row(g.scalar(0));
  const rows = [
    g.op('Unsqueeze', [frameIndex, g.int64s([0])]),
    zero, // speaker travels in g for multi-speaker models, like Piper's export
    row(noiseScale),
    row(noiseW),
    row(lengthRatio),
    zero,
    zero,
    zero,
  ];
  const z = g.op('Unsqueeze', [g.op('Concat', rows, { axis: { int: 0 } }), g.int64s([0])]);
  const yMask = g.op('Reshape', [ones, g.int64s([1, 1, -1])]);
  return { z, yMask, sid };
}

function decode(g: GraphBuilder, z: string, yMask: string, sidOrUndefined: string | undefined): string {
  const sid = sidOrUndefined ?? g.scalar(0);
  const rows = g.op('Squeeze', [z, g.int64s([0])]);
  // Max of a constant row is exact (a mean could round differently per window and break exact chunk equality).
  const rowValue = (index: number): string => g.op('ReduceMax', [g.element(rows, index)], { keepdims: { int: 0 } });
  const frameIndex = g.element(rows, 0);
  const frequency = g.op('Mul', [
    g.op('Mul', [g.scalar(100), g.op('Add', [g.scalar(1), sid])]),
    g.op('Add', [g.scalar(1), rowValue(3)]),
  ]);
  const amplitude = g.op('Mul', [g.op('Mul', [g.scalar(0.2), g.op('Add', [g.scalar(1), rowValue(2)])]), rowValue(4)]);
  const offsets = g.floats(Array.from({ length: TOY_HOP }, (_, i) => i), [1, TOY_HOP]);
  const position = g.op('Add', [
    g.op('Mul', [g.op('Reshape', [frameIndex, g.int64s([-1, 1])]), g.scalar(TOY_HOP)]),
    offsets,
  ]);
  const radiansPerSample = g.op('Div', [g.op('Mul', [frequency, g.scalar(2 * Math.PI)]), g.scalar(TOY_SAMPLE_RATE)]);
  const wave = g.op('Mul', [g.op('Sin', [g.op('Mul', [position, radiansPerSample])]), amplitude]);
  const masked = g.op('Mul', [wave, g.op('Reshape', [yMask, g.int64s([-1, 1])])]);
  return g.op('Reshape', [masked, g.int64s([-1])]);
}

export function toyFullModel(multiSpeaker: boolean): Uint8Array {
  const g = new GraphBuilder();
  const { z, yMask, sid } = encode(g, multiSpeaker);
  g.output('output', g.op('Reshape', [decode(g, z, yMask, sid), g.int64s([1, 1, 1, -1])]));
  return g.build(textInputs(multiSpeaker), [{ name: 'output', type: 'float32', shape: [1, 1, 1, 'samples'] }]);
}

export function toyEncoderModel(multiSpeaker: boolean): Uint8Array {
  const g = new GraphBuilder();
  const { z, yMask, sid } = encode(g, multiSpeaker);
  g.output('z', z);
  g.output('y_mask', yMask);
  const outputs: ValueInfo[] = [
    { name: 'z', type: 'float32', shape: [1, CHANNELS, 'time'] },
    { name: 'y_mask', type: 'float32', shape: [1, 1, 'time'] },
  ];
  if (sid !== undefined) {
    g.output('g', g.op('Reshape', [sid, g.int64s([1, 1, 1])]));
    outputs.push({ name: 'g', type: 'float32', shape: [1, 1, 1] });
  }
  return g.build(textInputs(multiSpeaker), outputs);
}

export function toyDecoderModel(multiSpeaker: boolean): Uint8Array {
  const g = new GraphBuilder();
  const sid = multiSpeaker ? g.op('ReduceMax', ['g'], { keepdims: { int: 0 } }) : undefined;
  g.output('output', g.op('Reshape', [decode(g, 'z', 'y_mask', sid), g.int64s([1, 1, -1])]));
  const inputs: ValueInfo[] = [
    { name: 'z', type: 'float32', shape: [1, CHANNELS, 'time'] },
    { name: 'y_mask', type: 'float32', shape: [1, 1, 'time'] },
    ...(multiSpeaker ? [{ name: 'g', type: 'float32', shape: [1, 1, 1] } as const] : []),
  ];
  return g.build(inputs, [{ name: 'output', type: 'float32', shape: [1, 1, 'samples'] }]);
}

/** A Piper .onnx.json for the toy models (real key layout, small id map). */
export function toyVoiceConfig(options: { speakers?: Record<string, number>; numSpeakers?: number } = {}): object {
  const phonemes = ['_', '^', '$', ' ', ',', '.', 'h', 'ə', 'l', 'ˈ', 'o', 'ʊ', 'ð', 'ɛ', 'ɹ', 'a', 'b'];
  return {
    audio: { sample_rate: TOY_SAMPLE_RATE, quality: 'low' },
    espeak: { voice: 'en-us' },
    inference: { noise_scale: 0.667, length_scale: 1, noise_w: 0.8 },
    phoneme_type: 'espeak',
    phoneme_map: {},
    phoneme_id_map: Object.fromEntries(phonemes.map((p, i) => [p, [i]])),
    num_symbols: phonemes.length,
    num_speakers: options.numSpeakers ?? 1,
    speaker_id_map: options.speakers ?? {},
    language: { code: 'en_US', name_english: 'English' },
  };
}
