// A minimal bot run as a CHILD process by child-process.test.ts, proving a separate process reaches the fake
// unchanged except for its REST base URL and NODE_EXTRA_CA_CERTS (which Node reads only at start-up).
// /tone: joins the caller's voice channel, replies ephemerally, plays a 880 Hz tone, then edits the reply.
import { AudioPlayerStatus, StreamType, VoiceConnectionStatus, createAudioPlayer, createAudioResource, entersState, joinVoiceChannel } from '@discordjs/voice';
import { Client, Events, GatewayIntentBits, MessageFlags } from 'discord.js';
import { opusStreamOf, sineStereoPcm } from './test-signal.ts';
import { waitUntil } from './wait.ts';

const api = process.env.FAKE_DISCORD_API;
const token = process.env.FAKE_DISCORD_TOKEN;
if (!api || !token) {
  console.error('child-bot needs FAKE_DISCORD_API and FAKE_DISCORD_TOKEN');
  process.exit(2);
}

const client = new Client({ intents: [GatewayIntentBits.Guilds, GatewayIntentBits.GuildVoiceStates], rest: { api } });

client.on(Events.InteractionCreate, async (interaction) => {
  if (!interaction.isChatInputCommand() || !interaction.inCachedGuild() || interaction.commandName !== 'tone') return;
  const channel = interaction.member.voice.channel;
  if (!channel) {
    await interaction.reply({ content: 'Join a voice channel first.', flags: MessageFlags.Ephemeral });
    return;
  }
  await interaction.reply({ content: `Joining ${channel.name}`, flags: MessageFlags.Ephemeral });
  const connection = joinVoiceChannel({ guildId: channel.guild.id, channelId: channel.id, adapterCreator: channel.guild.voiceAdapterCreator });
  try {
    await entersState(connection, VoiceConnectionStatus.Ready, 5000);
    // Ready comes at op 4, before the DAVE handshake: wait until the session is active (it has a privacy code), or
    // the first frames would go out without end-to-end encryption and the listener could not play them.
    await waitUntil(() => connection.voicePrivacyCode, 'an active DAVE session');
    const player = createAudioPlayer();
    connection.subscribe(player);
    player.play(createAudioResource(opusStreamOf(sineStereoPcm(880, 600, 0.4)), { inputType: StreamType.Opus }));
    await entersState(player, AudioPlayerStatus.Idle, 5000);
    await interaction.editReply('Done');
  } catch (error) {
    await interaction.editReply(`Failed: ${error instanceof Error ? error.message : String(error)}`);
  }
});

client.once(Events.ClientReady, () => console.log('child-bot ready'));
process.on('SIGTERM', () => {
  void client.destroy().finally(() => process.exit(0));
});
await client.login(token);
