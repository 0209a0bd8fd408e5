import { ShardingManager } from 'discord.js';
import type { BotConfig } from '../config/bot-config.ts';
import { parseDatabaseUrl } from '../config/database-url.ts';
import type { Logger } from '../logging/logger.ts';
import { formatShardIds } from './shard-ids.ts';
import { resolveShardPlan } from './shard-plan.ts';

/**
 * Runs the bot as one child process per shard (discord.js's ShardingManager, process mode): every shard, or this
 * host's SHARD_IDS out of the total. Each child is a whole bot - gateway connection, generator worker pool, voice
 * connections - for its share of the guilds; they share settings through the database, which is why sharded
 * deployments (and any split over hosts) should use PostgreSQL.
 */
export async function startShardingManager(
  config: BotConfig,
  entryFile: string,
  log: Logger,
): Promise<ShardingManager> {
  if (config.sharding === 'off') throw new Error('sharding is off');
  const { totalShards, shardIds } = await resolveShardPlan(config.sharding, config.shardIds, config.discordToken, config.discordApiUrl);
  const manager = new ShardingManager(entryFile, {
    totalShards,
    shardList: [...shardIds],
    token: config.discordToken,
    mode: 'process',
    respawn: true,
    execArgv: process.execArgv,
  });
  if (config.shardIds && parseDatabaseUrl(config.databaseUrl).kind !== 'postgres') {
    // Not refused: all hosts may be one machine sharing one file. But a shard moved to another host would lose its settings.
    log.warn('SHARD_IDS splits shards over hosts, but DATABASE_URL is a SQLite file on this host: other hosts will not see these settings; use PostgreSQL');
  }
  log.info({ totalShards, shardIds: formatShardIds(shardIds), registersCommands: shardIds.includes(0) }, 'starting this host\'s shards');
  manager.on('shardCreate', (shard) => {
    log.info({ shard: shard.id, totalShards }, 'shard process started');
    shard.on('death', () => log.warn({ shard: shard.id }, 'shard process exited; respawning'));
  });
  await manager.spawn({ amount: totalShards, delay: 5_500, timeout: 60_000 });
  return manager;
}
