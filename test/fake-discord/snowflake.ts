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
