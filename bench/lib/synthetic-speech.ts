/**
 * Deterministic speech-like test audio: voiced syllables (a gliding pitch with falling harmonics shaped by two
 * moving formants) at about 4 syllables a second, unvoiced noise bursts for consonants, and pauses. Not speech,
 * but it exercises the pipeline as speech does: changing level, silence, broadband bits, no steady tone.
 */
import type { AudioChunk } from '../../src/audio/audio-chunk.ts';

export function syntheticSpeech(sampleRate: number, seconds: number, seed = 1): Float32Array {
  const length = Math.round(sampleRate * seconds);
  const out = new Float32Array(length);
  let rand = seed >>> 0 || 1;
  const random = (): number => {
    rand ^= rand << 13;
    rand >>>= 0;
    rand ^= rand >>> 17;
    rand ^= rand << 5;
    rand >>>= 0;
    return rand / 0xffffffff;
  };
  let phase = 0;
  const syllable = Math.round(sampleRate * 0.25);
  for (let start = 0; start < length; start += syllable) {
    const kind = random();
    const end = Math.min(length, start + syllable);
    if (kind < 0.15) continue; // pause
    const f1 = 400 + 500 * random();
    const f2 = 1_100 + 1_200 * random();
    const f0Start = 90 + 90 * random();
    const f0End = f0Start * (0.8 + 0.4 * random());
    const unvoiced = kind < 0.3;
    const level = 0.03 + 0.05 * random();
    let previousNoise = 0;
    for (let i = start; i < end; i++) {
      const t = (i - start) / (end - start);
      const envelope = level * Math.sin(Math.PI * t) ** 2;
      if (unvoiced) {
        const white = random() * 2 - 1;
        out[i] = envelope * (white - previousNoise); // differenced noise: a hiss tilted to the treble
        previousNoise = white;
        continue;
      }
      const f0 = f0Start + (f0End - f0Start) * t;
      phase += 2 * Math.PI * f0 / sampleRate;
      let sample = 0;
      for (let k = 1; k * f0 < Math.min(4_000, sampleRate / 2); k++) {
        const f = k * f0;
        const formant = 1 / (1 + ((f - f1) / 150) ** 2) + 0.6 / (1 + ((f - f2) / 200) ** 2);
        sample += (formant + 0.05) / k * Math.sin(k * phase);
      }
      out[i] = envelope * sample;
    }
  }
  return out;
}

/** Cuts audio into generator-like chunks (about `chunkSeconds` each) carrying `overlapSeconds` of overlap. */
export function speechChunks(signal: Float32Array, sampleRate: number, chunkSeconds: number,
  overlapSeconds: number): AudioChunk[] {
  const size = Math.max(1, Math.round(sampleRate * chunkSeconds));
  const overlap = Math.round(sampleRate * overlapSeconds);
  const chunks: AudioChunk[] = [];
  for (let start = 0; start < signal.length; start += size) {
    const from = Math.max(0, start - overlap);
    chunks.push({ samples: signal.subarray(from, Math.min(signal.length, start + size)), sampleRate, overlap: start - from });
  }
  return chunks;
}
