/** When a burst of /say requests is over: the rule the capacity trial waits on. */
import { utteranceEnded } from './rtp-stream-stats.ts';
import type { HeardPacket } from './rtp-stream-stats.ts';

export interface GuildProgress {
  readonly packets: readonly HeardPacket[];
  /** When the bot's first visible reply to the request arrived; null while none has. */
  readonly repliedAt: number | null;
}

/**
 * True once every guild that spoke has played to its end, and every guild that has not spoken got a reply and then
 * nothing happened anywhere for `silentGraceMs`. A request that waits for capacity starts when another guild's speech
 * ends, so the grace is counted from the last packet or reply in any guild, not from the waiting guild's own reply.
 */
export function burstSettled(guilds: readonly GuildProgress[], now: number, quietMs: number, silentGraceMs: number): boolean {
  let lastActivity = -Infinity;
  for (const guild of guilds) {
    const last = guild.packets.at(-1)?.arrivedAt;
    if (last !== undefined) lastActivity = Math.max(lastActivity, last);
    if (guild.repliedAt !== null) lastActivity = Math.max(lastActivity, guild.repliedAt);
  }
  return guilds.every((guild) => {
    if (guild.packets.some((p) => !p.silenceFrame)) return utteranceEnded(guild.packets, now, quietMs);
    return guild.repliedAt !== null && now - lastActivity >= silentGraceMs;
  });
}
