// `npm run register`: registers the slash commands without starting the bot (dev guild if configured, else global).
import { ConfigError, loadConfig } from '../config/load-config.ts';
import { isTokenRejected, TOKEN_REJECTED_MESSAGE } from './discord-reachability.ts';
import { registerCommands } from './register-commands.ts';

const usage = `Usage: npm run register
Registers the bot's slash commands with Discord without starting the bot: in DISCORD_DEV_GUILD_ID's server when it is
set (they appear at once), else globally (Discord may take up to an hour). Reads DISCORD_TOKEN, DISCORD_CLIENT_ID and
the rest from the environment or .env, like npm start.
`;

async function register(): Promise<number> {
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
    return 0;
  } catch (error) {
    if (error instanceof ConfigError) console.error(error.message);
    else if (isTokenRejected(error)) console.error(TOKEN_REJECTED_MESSAGE);
    else console.error(`Registering commands failed: ${error instanceof Error ? error.message : String(error)}`);
    return 1;
  }
}

const args = process.argv.slice(2);
if (args.includes('--help') || args.includes('-h')) {
  process.stdout.write(usage);
} else if (args.length > 0) {
  process.stderr.write(`Unknown argument ${args[0]}.\n${usage}`);
  process.exitCode = 2;
} else {
  process.exitCode = await register();
}
