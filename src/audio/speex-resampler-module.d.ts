/**
 * @echogarden/speex-resampler-wasm ships no types: its default export is an Emscripten module factory. What this
 * project uses of the module is typed where it is used (speex-resampler.ts).
 */
declare module '@echogarden/speex-resampler-wasm/simd' {
  const createSpeexModule: () => Promise<unknown>;
  export default createSpeexModule;
}
