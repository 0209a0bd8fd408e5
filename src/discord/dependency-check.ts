import { generateDependencyReport } from '@discordjs/voice';

export interface DependencyCheck {
  readonly ok: boolean;
  /** One line per missing piece, written for the person starting the bot. */
  readonly problems: readonly string[];
}

function section(report: string, title: string): string[] {
  const lines = report.split('\n');
  const start = lines.findIndex((l) => l.trim() === title);
  if (start < 0) return [];
  const body: string[] = [];
  for (const line of lines.slice(start + 1)) {
    if (!line.startsWith('- ')) break;
    body.push(line.slice(2));
  }
  return body;
}

/** True for report lines like "@discordjs/opus: 0.10.0" or "native crypto support for aes-256-gcm: yes". */
function present(line: string): boolean {
  const value = line.slice(line.lastIndexOf(':') + 1).trim();
  return value !== '' && value !== 'not found' && value !== 'no';
}

/**
 * Reads @discordjs/voice's dependency report: voice needs an Opus library, an encryption library and, since
 * Discord's end-to-end encryption, the DAVE library. Without any of them the bot would join and stay silent.
 */
export function checkVoiceDependencies(report: string = generateDependencyReport()): DependencyCheck {
  const problems: string[] = [];
  if (!section(report, 'Opus Libraries').some(present)) problems.push('No Opus library: install @discordjs/opus (npm ci rebuilds it for this Node version).');
  if (!section(report, 'Encryption Libraries').some(present)) problems.push('No encryption library: use Node 24 with OpenSSL aes-256-gcm, or install sodium-native.');
  if (!section(report, 'DAVE Libraries').some(present)) problems.push('No DAVE library: install @snazzah/davey (Discord requires end-to-end encrypted voice).');
  return { ok: problems.length === 0, problems };
}

export interface VoiceDependencySummary {
  /** Report lines of the libraries found, e.g. "@discordjs/opus: 0.10.0"; empty when none. */
  readonly opus: readonly string[];
  readonly encryption: readonly string[];
  readonly dave: readonly string[];
}

/** What the start-up log shows at info: the voice libraries that were found, by kind. */
export function summarizeVoiceDependencies(report: string = generateDependencyReport()): VoiceDependencySummary {
  return {
    opus: section(report, 'Opus Libraries').filter(present),
    encryption: section(report, 'Encryption Libraries').filter(present),
    dave: section(report, 'DAVE Libraries').filter(present),
  };
}
