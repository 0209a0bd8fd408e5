import { SpeechError } from '../speech-request.ts';
import type { VoiceInfo } from '../speech-request.ts';
import type { VoiceManifest } from '../../models/manifest.ts';
import { fetchCommandFor } from '../../models/manifest.ts';
import { closeMatches } from './close-matches.ts';
import { formatVoiceId, parseVoiceId, quoteForMessage } from './voice-id.ts';
import type { ParsedVoiceId } from './voice-id.ts';

// The one place that words what is wrong with a voice id: parseVoiceId (voice-id.ts) for its form, these for an
// engine or voice that does not exist or is not installed. Discord (src/discord/speech-choice.ts), the worker
// (engine-catalog.ts) and every engine use them, so a member sees the same sentence whichever layer noticed.

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

/**
 * `knownVoiceIds` in the order worth showing (most useful first): when nothing is close to what was typed, the first
 * few are named as examples.
 */
export function unknownVoiceError(voiceId: string, knownVoiceIds: Iterable<string>): SpeechError {
  const known = [...new Set(knownVoiceIds)];
  const matches = closeMatches(voiceId, known);
  const hint = matches.length > 0 ? suggestionSentence(matches) : known.length > 0 ? ` Some that are: ${known.slice(0, 6).join(', ')}.` : '';
  return new SpeechError(
    'unknown-voice',
    `There is no voice "${quoteForMessage(voiceId)}".${hint} /voice list (or npm run voices) shows them all.`,
  );
}

function notInstalledError(voiceId: string): SpeechError {
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
 * The one resolution of a voice id against the voices on offer (what listVoices() reports, or one engine's list):
 * the voice, or the friendliest error: not a voice id, not installed (with the command that fetches it; also for a
 * voice only `fetchableIds` knows) or unknown (with close matches). Ids match exactly, as the worker looks them up.
 */
export function findVoice(voiceId: unknown, voices: readonly VoiceInfo[], fetchableIds: Iterable<string> = []): VoiceInfo {
  const { engine, voiceName } = parseVoiceId(voiceId);
  const id = formatVoiceId(engine, voiceName);
  const voice = voices.find((v) => v.id === id);
  if (voice?.installed) return voice;
  if (voice || new Set(fetchableIds).has(id)) throw notInstalledError(id);
  throw unknownVoiceError(id, voices.map((v) => v.id));
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
