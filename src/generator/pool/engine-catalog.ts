import { pathToFileURL } from 'node:url';
import { loadManifest } from '../../models/manifest.ts';
import type { VoiceManifest } from '../../models/manifest.ts';
import { findVoice, unknownEngineError } from '../registry/voice-registry.ts';
import { SpeechError } from '../speech-request.ts';
import type { VoiceInfo } from '../speech-request.ts';
import type { EngineFactory, EngineOptions, VoiceEngine } from '../voice-engine.ts';

/** The text front end's entry point (src/text/text-limits.ts), loaded by path like the engines. */
export type PrepareUtterance = (text: string, options: { language: string; maxCharacters: number }) => string[];

export interface EngineCatalogOptions {
  /** Engine name -> absolute path of a module exporting `createEngine`. */
  readonly engineModules: Readonly<Record<string, string>>;
  /** Absolute path of the module exporting `prepareUtterance`. */
  readonly textModule: string;
  readonly engineOptions: EngineOptions;
  /** Once aborted, no engine starts loading (the worker is shutting down). */
  readonly shutdown: AbortSignal;
  /** Where fetchable voices are listed; default the repository's models manifest. */
  readonly loadManifest?: () => Promise<VoiceManifest>;
}

/**
 * The engines of one worker: loaded lazily by name, created once and kept (their ONNX sessions stay warm), and the
 * voices each one offers. Voice lookups end in the registry's friendly errors, so every layer says the same thing
 * about a voice that is unknown or not installed.
 */
export class EngineCatalog {
  readonly #options: EngineCatalogOptions;
  readonly #engines = new Map<string, Promise<VoiceEngine>>();
  readonly #loaded = new Set<VoiceEngine>();
  readonly #voiceLists = new Map<string, VoiceInfo[]>();
  #textModule: Promise<PrepareUtterance> | undefined;
  #manifest: Promise<VoiceManifest | undefined> | undefined;

  constructor(options: EngineCatalogOptions) {
    this.#options = options;
  }

  get engineNames(): string[] {
    return Object.keys(this.#options.engineModules);
  }

  load(name: string): Promise<VoiceEngine> {
    const cached = this.#engines.get(name);
    if (cached) return cached;
    if (this.#options.shutdown.aborted) return Promise.reject(new SpeechError('aborted', 'The speech worker is shutting down.'));
    const modulePath = this.#options.engineModules[name];
    if (!modulePath) return Promise.reject(unknownEngineError(name, this.engineNames));
    const loading = (async () => {
      const module = (await import(pathToFileURL(modulePath).href)) as { createEngine?: EngineFactory };
      if (typeof module.createEngine !== 'function') throw new Error(`${modulePath} does not export createEngine`);
      return module.createEngine(this.#options.engineOptions);
    })();
    this.#engines.set(name, loading);
    // A failed load is forgotten so a later request can retry (e.g. after the files were fetched).
    loading.then((engine) => this.#loaded.add(engine), () => this.#engines.delete(name));
    return loading;
  }

  /** Another request arrived: every loaded engine finishes work it put off for an early first chunk (catchUp). */
  catchUp(): void {
    for (const engine of this.#loaded) engine.catchUp?.();
  }

  prepareUtterance(): Promise<PrepareUtterance> {
    const path = this.#options.textModule;
    this.#textModule ??= import(pathToFileURL(path).href).then((module: { prepareUtterance?: PrepareUtterance }) => {
      if (typeof module.prepareUtterance !== 'function') throw new Error(`${path} does not export prepareUtterance`);
      return module.prepareUtterance;
    });
    return this.#textModule;
  }

  /** The voice as its engine lists it; unknown or not installed voices get the registry's friendly errors. */
  async findVoice(engine: VoiceEngine, engineName: string, voiceId: string): Promise<VoiceInfo> {
    let voices = await this.#voices(engine, engineName, false);
    // Voices can be fetched while the bot runs, so a miss re-reads the engine's list once.
    if (!voices.some((v) => v.id === voiceId)) voices = await this.#voices(engine, engineName, true);
    const known = voices.some((v) => v.id === voiceId);
    const fetchable = known ? [] : ((await this.#loadManifestQuietly())?.voices.map((v) => v.id) ?? []);
    return findVoice(voiceId, voices, fetchable);
  }

  /** Every engine's voices, freshly read; engines that cannot load are reported, not thrown. */
  async listAll(): Promise<{ voices: VoiceInfo[]; failures: Array<{ engine: string; message: string }> }> {
    const voices: VoiceInfo[] = [];
    const failures: Array<{ engine: string; message: string }> = [];
    for (const name of this.engineNames) {
      if (this.#options.shutdown.aborted) break;
      try {
        voices.push(...(await this.#voices(await this.load(name), name, true)));
      } catch (error) {
        failures.push({ engine: name, message: error instanceof Error ? error.message : String(error) });
      }
    }
    return { voices, failures };
  }

  /** Closes every engine, including those still loading (creating an ONNX session is a native call like any other). */
  async closeAll(): Promise<void> {
    const loaded = await Promise.allSettled([...this.#engines.values()]);
    this.#engines.clear();
    for (const result of loaded) {
      if (result.status !== 'fulfilled') continue;
      try {
        await result.value.close();
      } catch (error) {
        this.#options.engineOptions.log('warn', 'an engine failed to close', {
          engine: result.value.engine,
          reason: (error as Error).message,
        });
      }
    }
  }

  async #voices(engine: VoiceEngine, name: string, refresh: boolean): Promise<VoiceInfo[]> {
    let voices = this.#voiceLists.get(name);
    if (!voices || refresh) {
      voices = await engine.listVoices();
      this.#voiceLists.set(name, voices);
    }
    return voices;
  }

  #loadManifestQuietly(): Promise<VoiceManifest | undefined> {
    this.#manifest ??= (this.#options.loadManifest ?? (() => loadManifest()))().catch((error: unknown) => {
      this.#options.engineOptions.log('warn', 'models manifest unavailable', { reason: (error as Error).message });
      return undefined;
    });
    return this.#manifest;
  }
}
