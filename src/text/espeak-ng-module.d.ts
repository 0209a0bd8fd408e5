/**
 * Types for the npm package `espeak-ng` (an Emscripten MODULARIZE build of the espeak-ng command line program), which
 * ships no declarations. Only the parts src/text/espeak-wasm.ts uses are described.
 */
declare module 'espeak-ng' {
  export interface EspeakFsStream {
    readonly fd: number;
  }

  /** Emscripten's in-memory file system (MEMFS). */
  export interface EspeakFs {
    readFile(path: string): Uint8Array;
    writeFile(path: string, data: string | Uint8Array): void;
    unlink(path: string): void;
    analyzePath(path: string): { exists: boolean };
    close(stream: EspeakFsStream): void;
    readonly streams: ReadonlyArray<EspeakFsStream | null | undefined>;
  }

  export interface EspeakModule {
    readonly FS: EspeakFs;
    /** Address in linear memory of the table of files embedded in the binary (name, length, content triples). */
    readonly ___emscripten_embedded_file_data: number;
  }

  export interface EspeakModuleOptions {
    arguments?: string[];
    noInitialRun?: boolean;
    thisProgram?: string;
    quit?: (status: number, toThrow: unknown) => never;
    print?: (line: string) => void;
    printErr?: (line: string) => void;
    instantiateWasm?: (
      imports: Record<string, Record<string, unknown>>,
      receiveInstance: (instance: unknown, module: unknown) => void,
    ) => object;
  }

  const createEspeakModule: (options?: EspeakModuleOptions) => Promise<EspeakModule>;
  export default createEspeakModule;
}
