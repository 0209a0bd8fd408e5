import type { AudioChunk } from '../audio/audio-chunk.ts';
import type { SpeechRequest, VoiceInfo } from './speech-request.ts';

/** Chunk sizing shared by every engine: small first chunk, larger later ones. */
export interface ChunkPlan {
  /** Mel/decoder frames in the first chunk (neural vocoders, Piper decoder); default about 0.3 s of audio. */
  readonly firstChunkFrames: number;
  /** Frames in every later chunk; default 20 frames of 80 ms (= 1.6 s) as the seed did. */
  readonly chunkFrames: number;
  /** Frames of context computed on each side of a chunk and thrown away (HiFi-GAN needs 16). */
  readonly contextFrames: number;
  /** Length of the crossfade overlap handed to the pipeline, in seconds (default 0.01). */
  readonly overlapSeconds: number;
}

/** What an engine gets: the request with the voice already split into engine and name. */
export interface EngineRequest extends SpeechRequest {
  /** The part after `engine:` in `voice`. */
  readonly voiceName: string;
  readonly chunkPlan: ChunkPlan;
}

/**
 * One TTS engine (neural, flite, piper, kokoro, espeak). Instances live inside a generator worker thread and keep
 * their ONNX sessions / WASM instances warm between requests.
 */
export interface VoiceEngine {
  /** The prefix before the colon in voice ids. */
  readonly engine: string;
  listVoices(): Promise<VoiceInfo[]>;
  /** Throws SpeechError for unknown voices, missing files, out-of-range parameters. */
  synthesize(request: EngineRequest, signal: AbortSignal): AsyncIterable<AudioChunk>;
  close(): Promise<void>;
}
