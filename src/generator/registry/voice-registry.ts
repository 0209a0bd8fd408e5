import { SpeechError } from '../speech-request.ts';
import type { VoiceInfo } from '../speech-request.ts';
import type { VoiceManifest } from '../../models/manifest.ts';
import { fetchCommandFor } from '../../models/manifest.ts';
import { closeMatches } from './close-matches.ts';
import { parseVoiceId, quoteForMessage } from './voice-id.ts';
import type { ParsedVoiceId } from './voice-id.ts';

function suggestionSentence(matches: readonly string[]): string {
  return matches.length === 0 ? '' : ` Did you mean ${matches.join(', ')}?`;
}

export function unknownEngineError(engine: string, knownEngines: Iterable<string>): SpeechError {
  const known = [...knownEngines].sort();
  return new SpeechError(
    'unknown-voice',
    `There is no "${quoteForMessage(engine)}" engine.${suggestionSentence(closeMatches(engine, known))}` +
      ` Engines: ${known.join(', ')}.`,
  );
}

export function unknownVoiceError(voiceId: string, knownVoiceIds: Iterable<string>): SpeechError {
  const matches = closeMatches(voiceId, knownVoiceIds);
  return new SpeechError(
    'unknown-voice',
    `There is no voice "${quoteForMessage(voiceId)}".${suggestionSentence(matches)} /voice list (or npm run voices) shows them all.`,
  );
}

export function notInstalledError(voiceId: string): SpeechError {
  return new SpeechError(
    'voice-not-installed',
    `The voice ${voiceId} is not installed on this bot. An admin can fetch it with: ${fetchCommandFor(voiceId)}`,
  );
}

/** Parses a voice id and checks its engine exists; the voice itself is checked by the engine that owns it. */
export function resolveEngine(voiceId: unknown, knownEngines: Iterable<string>): ParsedVoiceId {
  const parsed = parseVoiceId(voiceId);
  const engines = new Set(knownEngines);
  if (!engines.has(parsed.engine)) throw unknownEngineError(parsed.engine, engines);
  return parsed;
}

/**
 * Finds a voice among everything listVoices() reports, or throws the friendliest error: not installed (with the
 * command that fetches it) or unknown (with close matches).
 */
export function findVoice(voiceId: string, voices: readonly VoiceInfo[]): VoiceInfo {
  const { engine, voiceName } = parseVoiceId(voiceId);
  const id = `${engine}:${voiceName}`;
  const voice = voices.find((v) => v.id === id) ?? voices.find((v) => v.id.toLowerCase() === id.toLowerCase());
  if (!voice) throw unknownVoiceError(id, voices.map((v) => v.id));
  if (!voice.installed) throw notInstalledError(voice.id);
  return voice;
}

/**
 * Installed voices as engines report them, plus the manifest's voices that are not on disk (installed: false, with the
 * command that fetches them). An engine's own entry wins; a manifest entry only fills in what is missing.
 */
export function mergeVoices(engineVoices: readonly VoiceInfo[], manifest: VoiceManifest): VoiceInfo[] {
  const byId = new Map<string, VoiceInfo>();
  for (const voice of engineVoices) byId.set(voice.id, voice);
  for (const entry of manifest.voices) {
    const existing = byId.get(entry.id);
    if (existing) {
      if (!existing.installed && !existing.fetchCommand) {
        byId.set(entry.id, { ...existing, fetchCommand: fetchCommandFor(entry.id) });
      }
      continue;
    }
    byId.set(entry.id, {
      id: entry.id,
      engine: entry.engine,
      language: entry.language,
      sampleRate: entry.sampleRate,
      installed: false,
      license: entry.license,
      description: entry.description,
      fetchCommand: fetchCommandFor(entry.id),
    });
  }
  return [...byId.values()].sort(
    (a, b) => Number(b.installed) - Number(a.installed) || a.id.localeCompare(b.id),
  );
}
