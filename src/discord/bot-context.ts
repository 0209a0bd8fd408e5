import type { Logger } from 'pino';
import type { SpeechGenerator } from '../generator/speech-generator.ts';
import type { BotMetrics } from '../health/bot-metrics.ts';
import type { Clock } from '../playback/clock.ts';
import type { PlaybackRegistry } from '../playback/playback-registry.ts';
import type { SettingsStore } from '../storage/settings-store.ts';
import type { NameAnnouncer } from './autoread/name-announcer.ts';
import type { SpamGuard } from './autoread/spam-guard.ts';
import type { TextCleaner } from './speech-text.ts';
import type { VoiceCatalog } from './voice-catalog.ts';
import type { VoiceConnections } from './voice/voice-connections.ts';

/** Everything command and message handlers use, built once by startBot. */
export interface BotContext {
  readonly defaultVoice: string;
  /** The process text limit (MAX_TEXT_LENGTH); a guild's longest-message setting never exceeds it. Default TEXT_LENGTH.default. */
  readonly maxTextLength?: number;
  /** How long a /dictionary import download may take (DICTIONARY_IMPORT_TIMEOUT_SECONDS); default from src/limits. */
  readonly dictionaryImportTimeoutMs?: number;
  readonly store: SettingsStore;
  readonly generator: Pick<SpeechGenerator, 'stream' | 'listVoices' | 'load'>;
  readonly voices: VoiceCatalog;
  readonly playbacks: PlaybackRegistry;
  readonly connections: VoiceConnections;
  readonly cleanText: TextCleaner;
  readonly announcer: NameAnnouncer;
  readonly spamGuard: SpamGuard;
  readonly clock: Clock;
  readonly log: Logger;
  /** False once shutdown began: new work is refused. */
  accepting(): boolean;
  /** Whether the gateway connection was opened with the Message Content intent (auto-read needs it). */
  readonly hasMessageContent: boolean;
  /** Where handlers count errors; absent in contexts built without metrics. */
  readonly metrics?: BotMetrics;
}
