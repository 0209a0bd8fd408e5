// Entry point: `npm start` (through src/preflight.js). Loads the configuration, waits for Discord, starts the bot,
// and shuts it down cleanly on SIGINT/SIGTERM, also while it is still starting.
import { generateDependencyReport } from '@discordjs/voice';
import { ConfigError, describeConfig, loadConfig } from './config/load-config.ts';
import { summarizeVoiceDependencies } from './discord/dependency-check.ts';
import { DiscordStartupError, isTokenRejected, TOKEN_REJECTED_MESSAGE, waitForDiscord } from './discord/discord-reachability.ts';
import { SHUTDOWN_BUDGET_MS, startBot, StartupError } from './discord/start-bot.ts';
import { BotMetrics } from './health/bot-metrics.ts';
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
  // A shard process (forked by the ShardingManager) tags every log line with its shard; the manager's lines have none.
  const shardId = shardIdFromEnvironment(process.env);
  const log = createLogger({ level: config.logLevel, secrets: [config.discordToken], base: shardId === null ? undefined : { shard: shardId } });
  log.info({ config: describeConfig(config) }, 'starting');
  const dependencyReport = generateDependencyReport();
  log.info({ voiceLibraries: summarizeVoiceDependencies(dependencyReport) }, 'voice libraries (Opus, encryption, DAVE)');

  // Until the bot is up, a signal ends the wait for Discord at once; a start already under way gets the usual budget.
  const starting = new AbortController();
  const stopWhileStarting = (signal: NodeJS.Signals): void => {
    log.info({ signal }, 'shutting down during start-up');
    starting.abort(new Error(`${signal} during start-up`));
    setTimeout(() => process.exit(0), SHUTDOWN_BUDGET_MS).unref();
  };
  process.once('SIGINT', stopWhileStarting);
  process.once('SIGTERM', stopWhileStarting);

  try {
    await waitForDiscord({
      apiUrl: config.discordApiUrl,
      token: config.discordToken,
      signal: starting.signal,
      log: (level, message, fields) => log[level](fields, message),
    });
  } catch (error) {
    if (starting.signal.aborted) process.exit(0);
    // The message says what to do; the error object would only repeat it with a stack.
    log.fatal(error instanceof DiscordStartupError ? error.message : `start-up failed: ${String(error)}`);
    process.exit(1);
  }

  if (config.sharding !== 'off' && shardId === null) {
    // This process only supervises: each shard is a child process running this same file.
    try {
      const manager = await startShardingManager(config, import.meta.filename, log);
      const shutdownShards = (): void => {
        for (const shard of manager.shards.values()) shard.kill();
        process.exit(0);
      };
      process.off('SIGINT', stopWhileStarting);
      process.off('SIGTERM', stopWhileStarting);
      if (starting.signal.aborted) shutdownShards();
      process.once('SIGINT', shutdownShards);
      process.once('SIGTERM', shutdownShards);
    } catch (error) {
      if (starting.signal.aborted) process.exit(0);
      if (isTokenRejected(error)) log.fatal(TOKEN_REJECTED_MESSAGE);
      else log.fatal({ err: error }, 'could not start shards');
      process.exit(1);
    }
    return;
  }

  let bot;
  try {
    // Commands are global to the application: shard 0 registers them (on whichever host runs it), the others would
    // only repeat the same PUT. A shard's metrics carry its id, so one Prometheus can scrape every host and shard.
    bot = await startBot(
      { ...config, healthPort: healthPortForShard(config.healthPort, shardId) },
      {
        logger: log,
        registerCommands: shardId === null || shardId === 0,
        dependencyReport,
        metrics: new BotMetrics(shardId === null ? {} : { labels: { shard: String(shardId) } }),
      },
    );
  } catch (error) {
    if (starting.signal.aborted) process.exit(0);
    if (isTokenRejected(error)) log.fatal(TOKEN_REJECTED_MESSAGE);
    else log.fatal({ err: error }, error instanceof StartupError ? error.message : 'start-up failed');
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
  process.off('SIGINT', stopWhileStarting);
  process.off('SIGTERM', stopWhileStarting);
  if (starting.signal.aborted) {
    shutdown('signal during start-up');
    return;
  }
  process.once('SIGINT', () => shutdown('SIGINT'));
  process.once('SIGTERM', () => shutdown('SIGTERM'));
}

await main();
