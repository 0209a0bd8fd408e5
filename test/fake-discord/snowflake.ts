/** Discord's epoch (2015-01-01), so ids decode to sensible creation dates in discord.js. */
const DISCORD_EPOCH = 1420070400000n;

/** Makes unique, increasing, well-formed snowflakes (timestamp << 22 | counter) as decimal strings. */
export function createSnowflakeGenerator(): () => string {
  let counter = 0n;
  return () => {
    counter = (counter + 1n) & 0xfffn;
    const timestamp = BigInt(Date.now()) - DISCORD_EPOCH;
    // Worker/process bits stay zero; the counter alone keeps ids unique within one millisecond.
    return ((timestamp << 22n) | counter).toString();
  };
}

/** Discord's routing rule: a guild's events go to shard (guild_id >> 22) % num_shards. Non-numeric ids go to 0. */
export function shardForGuild(guildId: string, shardCount: number): number {
  if (shardCount <= 1 || !/^\d+$/.test(guildId)) return 0;
  return Number((BigInt(guildId) >> 22n) % BigInt(shardCount));
}

/**
 * A well-formed snowflake that lands on `shardId` of `shardCount`: its timestamp bits are chosen so tests can
 * place guilds on particular shards. `sequence` keeps several ids for the same shard distinct.
 */
export function snowflakeOnShard(shardId: number, shardCount: number, sequence = 0): string {
  if (!Number.isInteger(shardCount) || shardCount < 1 || !Number.isInteger(shardId) || shardId < 0 || shardId >= shardCount) {
    throw new Error(`shard ${shardId} of ${shardCount} is not a valid shard`);
  }
  const now = BigInt(Date.now()) - DISCORD_EPOCH;
  const count = BigInt(shardCount);
  const timestamp = now - (now % count) + BigInt(shardId);
  return ((timestamp << 22n) | (BigInt(sequence) & 0xfffn)).toString();
}
