import { ShardingManager } from 'discord.js';
import type { BotConfig } from '../config/bot-config.ts';
import type { Logger } from '../logging/logger.ts';
import { resolveShardCount } from './shard-plan.ts';

/**
 * Runs the bot as one child process per shard (discord.js's ShardingManager, process mode). Each child is a whole
 * bot - gateway connection, generator worker pool, voice connections - for its share of the guilds; they share
 * settings through the database, which is why sharded deployments should use PostgreSQL.
 */
export async function startShardingManager(
  config: BotConfig,
  entryFile: string,
  log: Logger,
): Promise<ShardingManager> {
  if (config.sharding === 'off') throw new Error('sharding is off');
  const totalShards = await resolveShardCount(config.sharding, config.discordToken, config.discordApiUrl);
  const manager = new ShardingManager(entryFile, {
    totalShards,
    token: config.discordToken,
    mode: 'process',
    respawn: true,
    execArgv: process.execArgv,
  });
  manager.on('shardCreate', (shard) => {
    log.info({ shard: shard.id, totalShards }, 'shard process started');
    shard.on('death', () => log.warn({ shard: shard.id }, 'shard process exited; respawning'));
  });
  await manager.spawn({ amount: totalShards, delay: 5_500, timeout: 60_000 });
  return manager;
}
