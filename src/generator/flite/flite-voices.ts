import type { FliteVoiceName } from './flite-wasi.ts';

export interface FliteVoiceDescription {
  readonly name: FliteVoiceName;
  readonly language: string;
  readonly description: string;
}

/** The voices compiled into flite.wasm, as users pick them after `flite:`. */
export const FLITE_VOICE_TABLE: readonly FliteVoiceDescription[] = [
  { name: 'slt', language: 'en-US', description: 'Flite SLT: US English female (CMU Arctic), fast, robotic' },
  { name: 'rms', language: 'en-US', description: 'Flite RMS: US English male (CMU Arctic), fast, robotic' },
  { name: 'awb', language: 'en-GB', description: 'Flite AWB: Scottish English male (CMU Arctic), fast, robotic' },
  { name: 'kal16', language: 'en-US', description: 'Flite KAL16: US English male diphone voice, very fast, robotic' },
];

/** Flite's licence (CMU's BSD-style licence with advertising clause), as the npm package declares it. */
export const FLITE_LICENSE = 'BSD-4-Clause';

export function findFliteVoice(name: string): FliteVoiceDescription | undefined {
  return FLITE_VOICE_TABLE.find((voice) => voice.name === name);
}
