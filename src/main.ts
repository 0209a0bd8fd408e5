// Entry point: `npm start`. Loads the configuration, starts the bot, and shuts it down cleanly on SIGINT/SIGTERM.
import { ConfigError, describeConfig, loadConfig } from './config/load-config.ts';
import { SHUTDOWN_BUDGET_MS, startBot, StartupError } from './discord/start-bot.ts';
import { createLogger } from './logging/logger.ts';
import { healthPortForShard, shardIdFromEnvironment } from './sharding/shard-plan.ts';
import { startShardingManager } from './sharding/start-sharding-manager.ts';

async function main(): Promise<void> {
  let config;
  try {
    config = loadConfig(process.env);
  } catch (error) {
    if (error instanceof ConfigError) {
      console.error(error.message);
      process.exit(1);
    }
    throw error;
  }
  const log = createLogger({ level: config.logLevel, secrets: [config.discordToken] });
  log.info({ config: describeConfig(config) }, 'starting');

  const shardId = shardIdFromEnvironment(process.env);
  if (config.sharding !== 'off' && shardId === null) {
    // This process only supervises: each shard is a child process running this same file.
    try {
      const manager = await startShardingManager(config, import.meta.filename, log);
      const shutdownShards = (): void => {
        for (const shard of manager.shards.values()) shard.kill();
        process.exit(0);
      };
      process.once('SIGINT', shutdownShards);
      process.once('SIGTERM', shutdownShards);
    } catch (error) {
      log.fatal({ err: error }, 'could not start shards');
      process.exit(1);
    }
    return;
  }

  let bot;
  try {
    // Commands are global to the application: shard 0 registers them, the others would only repeat the same PUT.
    bot = await startBot(
      { ...config, healthPort: healthPortForShard(config.healthPort, shardId) },
      { logger: log, registerCommands: shardId === null || shardId === 0 },
    );
  } catch (error) {
    log.fatal({ err: error }, error instanceof StartupError ? error.message : 'start-up failed');
    process.exit(1);
  }

  const shutdown = (signal: string): void => {
    log.info({ signal }, 'shutting down');
    // Whatever hangs, the process is gone within the budget.
    setTimeout(() => process.exit(0), SHUTDOWN_BUDGET_MS).unref();
    bot.stop().then(
      () => process.exit(0),
      (error: unknown) => {
        log.error({ err: error }, 'shutdown failed');
        process.exit(0);
      },
    );
  };
  process.once('SIGINT', () => shutdown('SIGINT'));
  process.once('SIGTERM', () => shutdown('SIGTERM'));
}

await main();
