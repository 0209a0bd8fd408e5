/**
 * Typical BS.1770 integrated loudness of each shipped voice's raw output (LUFS), so the normaliser can choose the
 * first gain of a message from what the voice is known to sound like, not only from its first fraction of a second
 * (see AudioPipelineOptions.expectedLoudnessLufs). Per-voice levels differ by up to 15 dB, but one voice varies
 * little between sentences (about ±1 LU), so this is a good first guess; the normaliser still measures and corrects.
 *
 * Measured with `node bench/calibrate-voice-loudness.ts` (10 everyday sentences each, power mean; the comment gives
 * the largest sentence's distance from it). Re-run it when an engine's output level changes.
 */
const measured: Readonly<Record<string, number>> = {
  'neural:slt': -19.7, // ±0.7 over 10 sentences
  'neural:rms': -24.4, // ±1.0
  'neural:awb': -22.0, // ±1.1
  'neural:kal16': -30.7, // ±0.9
  'flite:slt': -15.1, // ±1.0
  'flite:rms': -21.0, // ±0.7
  'flite:awb': -19.8, // ±1.2
  'flite:kal16': -28.4, // ±1.7
  'espeak:en': -20.1, // ±0.9
  'espeak:en-us': -20.9, // ±0.9
  'espeak:de': -19.8, // ±1.2
  'espeak:fr': -21.8, // ±1.3
  'espeak:es': -19.9, // ±0.9
  'espeak:it': -20.3, // ±1.1
  'espeak:ja': -18.1, // ±0.5
  'espeak:ru': -19.9, // ±1.0
  'espeak:cmn': -19.3, // ±1.1
};

/**
 * espeak-ng speaks every language with the same synthesiser: the languages measured lie within -18.1 to -21.8 LUFS,
 * so one that was not measured starts from their middle.
 */
const espeakDefault = -20;

/** The voice's typical loudness (LUFS), or undefined when unknown (Piper, Kokoro: the audio is measured instead). */
export function typicalVoiceLoudnessLufs(voiceId: string): number | undefined {
  const id = voiceId.trim().toLowerCase();
  const known = measured[id];
  if (known !== undefined) return known;
  return id.startsWith('espeak:') ? espeakDefault : undefined;
}
