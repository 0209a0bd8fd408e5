import type { FliteVoiceName } from '../flite/flite-wasi.ts';

export interface NeuralVoiceDescription {
  readonly name: string;
  /** The flite voice whose audio is re-synthesised through the vocoder. */
  readonly fliteVoice: FliteVoiceName;
  readonly language: string;
  readonly description: string;
}

/**
 * The vocoder was trained on one female speaker (LJSpeech), so each flite voice was checked for intelligibility
 * through it: mean pocketsphinx word error rate over ten everyday sentences
 * (`node test/generator/neural/measure-intelligibility.ts`), plain flite -> through HiFi-GAN:
 * slt 0.11 -> 0.22, rms 0.04 -> 0.11, awb 0.10 -> 0.25, kal16 0.05 -> 0.11. All stay well under 0.4, so all are
 * offered; slt (female, closest to the training speaker) is the default.
 */
export const NEURAL_VOICES: readonly NeuralVoiceDescription[] = [
  {
    name: 'slt',
    fliteVoice: 'slt',
    language: 'en-US',
    description: 'US English female: flite SLT re-voiced by a HiFi-GAN neural vocoder (default voice)',
  },
  {
    name: 'rms',
    fliteVoice: 'rms',
    language: 'en-US',
    description: 'US English male: flite RMS re-voiced by a HiFi-GAN neural vocoder',
  },
  {
    name: 'awb',
    fliteVoice: 'awb',
    language: 'en-GB',
    description: 'Scottish English male: flite AWB re-voiced by a HiFi-GAN neural vocoder',
  },
  {
    name: 'kal16',
    fliteVoice: 'kal16',
    language: 'en-US',
    description: 'US English male: flite KAL16 diphones re-voiced by a HiFi-GAN neural vocoder',
  },
];

export function findNeuralVoice(name: string): NeuralVoiceDescription | undefined {
  return NEURAL_VOICES.find((voice) => voice.name === name);
}
