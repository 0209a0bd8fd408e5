// `npm run register`: registers the slash commands without starting the bot (dev guild if configured, else global).
import { ConfigError, loadConfig } from '../config/load-config.ts';
import { registerCommands } from './register-commands.ts';

try {
  const config = loadConfig(process.env);
  const result = await registerCommands({
    token: config.discordToken,
    clientId: config.discordClientId,
    devGuildId: config.discordDevGuildId,
    apiUrl: config.discordApiUrl,
  });
  console.log(
    result.scope === 'guild'
      ? `Registered ${result.count} commands in guild ${config.discordDevGuildId} (they appear at once).`
      : `Registered ${result.count} global commands (Discord may take up to an hour to show changes).`,
  );
} catch (error) {
  console.error(error instanceof ConfigError ? error.message : `Registering commands failed: ${error instanceof Error ? error.message : String(error)}`);
  process.exitCode = 1;
}
