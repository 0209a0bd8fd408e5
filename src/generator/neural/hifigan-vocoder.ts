import ort from 'onnxruntime-node';

/** Turns a band-major [melBands][frames] log-mel into frames * hop samples. */
export type Vocode = (mel: Float32Array, frames: number) => Promise<Float32Array>;

/** Input and output names of the shipped HiFi-GAN ONNX export (see models/hifigan/PROVENANCE.md). */
const MEL_INPUT = 'mel';
const AUDIO_OUTPUT = 'audio';

/** Wraps a loaded HiFi-GAN session: [1, 80, frames] log-mel in, [1, 1, frames * 256] audio out. */
export function hifiganVocoder(session: ort.InferenceSession, melBands = 80): Vocode {
  return async (mel, frames) => {
    if (mel.length !== melBands * frames) throw new Error(`mel has ${mel.length} values, expected ${melBands} x ${frames}`);
    const outputs = await session.run({ [MEL_INPUT]: new ort.Tensor('float32', mel, [1, melBands, frames]) });
    const audio = outputs[AUDIO_OUTPUT];
    try {
      return new Float32Array(audio.data as Float32Array);
    } finally {
      audio.dispose();
    }
  };
}
