/**
 * The watermark's two pseudo-noise carriers, shared by the embedder and the detector. Both are fixed noise tables of
 * one period (2^17 samples, 2.73 s at 48 kHz) made from a seeded generator, so every copy of the bot makes the same.
 *
 * - sync: added with the same sign everywhere. Its period is what the detector finds (one circular correlation), which
 *   tells it where each payload block starts in any piece of audio at least one period long.
 * - data: its sign is flipped per block of 2048 samples (43 ms) by the payload's codeword, 64 blocks per period.
 *
 * Spectrum: 1 to 5 kHz. Opus keeps this band at every Discord bitrate (at 32 kb/s it codes up to 8 kHz; below 1 kHz
 * speech is loud enough to drown a faint mark and room/hum noise lives there). The template is flat in the
 * pre-emphasised domain (x[n] - 0.95 x[n-1], where speech is roughly flat too, and where the embedder measures the
 * speech's level); the embedded table is that flat noise de-emphasised, so the mark falls with frequency like speech
 * does and stays under it across the band instead of hissing on top.
 */
import { inverseFft } from '../fft.ts';

export const watermarkSampleRate = 48_000;
export const carrierPeriod = 1 << 17;
export const blocksPerPeriod = 64;
export const blockLength = carrierPeriod / blocksPerPeriod;
export const bandLowHz = 1_000;
export const bandHighHz = 5_000;
/** Pre-emphasis coefficient: the embedder measures the host's level, and the detector whitens, through it. */
export const preEmphasis = 0.95;

export interface Carrier {
  /** What is added (unit RMS after pre-emphasis). */
  readonly embedded: Float32Array;
  /** Its spectrum as the detector sees it after pre-emphasis: band-limited, flat, unit RMS (length carrierPeriod). */
  readonly templateRe: Float64Array;
  readonly templateIm: Float64Array;
  /** The same in time: what a pre-emphasised copy of `embedded` looks like. */
  readonly template: Float32Array;
}

export interface Carriers {
  readonly sync: Carrier;
  readonly data: Carrier;
}

let carriers: Carriers | undefined;

const syncSeed = 0x5eed_0001;
const dataSeed = 0x5eed_0002;

/** The two tables the embedder adds, newly made: it builds its one mark table from them and lets them go. */
export function embeddedCarriers(): { readonly sync: Float32Array; readonly data: Float32Array } {
  return { sync: makeCarrier(syncSeed, false).embedded, data: makeCarrier(dataSeed, false).embedded };
}

/** Both carriers with the detector's templates, made once per thread and kept (about 6 MB with the spectra). */
export function watermarkCarriers(): Carriers {
  carriers ??= { sync: makeCarrier(syncSeed, true), data: makeCarrier(dataSeed, true) };
  return carriers;
}

/** mulberry32: small, fast, and the same everywhere; quality is ample for noise. Numbers in [0, 1). */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
}

function makeCarrier(seed: number, withTemplate: boolean): Carrier {
  const n = carrierPeriod;
  const next = seededRandom(seed);
  const templateRe = new Float64Array(n);
  const templateIm = new Float64Array(n);
  const embRe = new Float64Array(n);
  const embIm = new Float64Array(n);
  const low = Math.ceil((bandLowHz * n) / watermarkSampleRate);
  const high = Math.floor((bandHighHz * n) / watermarkSampleRate);
  // Unit RMS: Parseval, sum |X|^2 = n * sum x^2, over 2 * (high - low + 1) unit bins.
  const scale = n / Math.sqrt(2 * (high - low + 1));
  // Only the band's bins are non-zero; each is mirrored (conjugate symmetric), so the inverses are real.
  for (let k = low; k <= high; k++) {
    // The template: flat spectrum with random phases.
    const phase = 2 * Math.PI * next();
    const a = scale * Math.cos(phase);
    const b = scale * Math.sin(phase);
    // De-emphasised: divided by the pre-emphasis filter's response, so pre-emphasis brings it back to the template.
    const w = (2 * Math.PI * k) / n;
    const hr = 1 - preEmphasis * Math.cos(w);
    const hi = preEmphasis * Math.sin(w);
    const d = hr * hr + hi * hi;
    // (a + ib) / (hr + i hi) = (a + ib)(hr - i hi) / d
    const ea = (a * hr + b * hi) / d;
    const eb = (b * hr - a * hi) / d;
    templateRe[k] = a;
    templateIm[k] = b;
    templateRe[n - k] = a;
    templateIm[n - k] = -b;
    embRe[k] = ea;
    embIm[k] = eb;
    embRe[n - k] = ea;
    embIm[n - k] = -eb;
  }
  // The detector's time-domain template costs one more transform; the embedder does not need it.
  const template = withTemplate ? toReal(templateRe, templateIm) : new Float32Array(0);
  return { embedded: toReal(embRe, embIm), templateRe, templateIm, template };
}

function toReal(re: Float64Array, im: Float64Array): Float32Array {
  const r = Float64Array.from(re);
  const i = Float64Array.from(im);
  inverseFft(r, i);
  return Float32Array.from(r);
}
