import type { FliteVoiceName } from '../flite/flite-wasi.ts';

export interface NeuralVoiceDescription {
  readonly name: string;
  /** The flite voice whose audio is re-synthesised through the vocoder. */
  readonly fliteVoice: FliteVoiceName;
  readonly language: string;
  readonly description: string;
}

/**
 * The vocoder was trained on one female speaker (LJSpeech). Only flite voices that stay intelligible through it
 * (pocketsphinx word error rate, see test/generator/neural/intelligibility.test.ts) are offered.
 */
export const NEURAL_VOICES: readonly NeuralVoiceDescription[] = [
  {
    name: 'slt',
    fliteVoice: 'slt',
    language: 'en-US',
    description: 'US English female: flite SLT re-voiced by a HiFi-GAN neural vocoder (default voice)',
  },
];

export function findNeuralVoice(name: string): NeuralVoiceDescription | undefined {
  return NEURAL_VOICES.find((voice) => voice.name === name);
}
