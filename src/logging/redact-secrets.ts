/**
 * Discord bot tokens are three base64url parts: the bot's id (from 17 digits -> 24+ chars), a timestamp (6-7) and an
 * HMAC (27+). JWT-shaped secrets match too, which is welcome.
 */
const DISCORD_TOKEN_PATTERN = /[A-Za-z0-9_-]{20,}\.[A-Za-z0-9_-]{5,}\.[A-Za-z0-9_-]{20,}/g;

export const REDACTED = '[redacted]';

export function looksLikeDiscordToken(text: string): boolean {
  DISCORD_TOKEN_PATTERN.lastIndex = 0;
  return DISCORD_TOKEN_PATTERN.test(text);
}

/**
 * Replaces anything shaped like a bot token, and each of the exact `secrets` given (a configured token that does not
 * look like one, a database password), with `[redacted]`. Short secrets (< 6 chars) are ignored: replacing "a" or
 * "12" everywhere would wreck the text and hide nothing worth hiding.
 */
export function redactSecrets(text: string, secrets: readonly string[] = []): string {
  let result = text.replace(DISCORD_TOKEN_PATTERN, REDACTED);
  for (const secret of secrets) {
    if (secret.length >= 6) result = result.split(secret).join(REDACTED);
  }
  return result;
}
