// Entry point: `npm start`. Loads the configuration, starts the bot, and shuts it down cleanly on SIGINT/SIGTERM.
import { ConfigError, describeConfig, loadConfig } from './config/load-config.ts';
import { SHUTDOWN_BUDGET_MS, startBot, StartupError } from './discord/start-bot.ts';
import { createLogger } from './logging/logger.ts';

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

  let bot;
  try {
    bot = await startBot(config, { logger: log });
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
