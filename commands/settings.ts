import { PermissionFlagsBits, InteractionContextType, SlashCommandBuilder } from 'discord.js';

/** Guild settings that /settings set can change; the key is the GuildSettings field. */
export const SETTING_CHOICES = [
  { name: 'default voice', value: 'voice' },
  { name: 'default speed', value: 'speed' },
  { name: 'auto-join the author\'s voice channel', value: 'autoJoin' },
  { name: 'announce names ("Alice said")', value: 'announceNames' },
  { name: 'longest message read (characters)', value: 'maxLength' },
  { name: 'repeated character limit', value: 'repeatedCharacterLimit' },
  { name: 'ignore bots', value: 'ignoreBots' },
  { name: 'only read members in the voice channel', value: 'requireVoiceChannel' },
  { name: 'required role', value: 'requiredRoleId' },
  { name: 'ignored users', value: 'ignoredUserIds' },
  { name: 'ignored roles', value: 'ignoredRoleIds' },
  { name: 'skip prefix', value: 'skipPrefix' },
  { name: 'read the voice channel\'s text chat', value: 'readVoiceChannelChat' },
  { name: 'read emoji', value: 'readEmoji' },
  { name: 'other languages: switch to a voice that can read them', value: 'languageFallback' },
  { name: 'voices for other languages (e.g. ja=espeak:ja ru=espeak:ru)', value: 'languageVoices' },
] as const;

export type SettingKey = (typeof SETTING_CHOICES)[number]['value'];

export const settingsCommand = new SlashCommandBuilder()
  .setName('settings')
  .setDescription('View or change this server\'s text-to-speech defaults')
  .setContexts(InteractionContextType.Guild)
  .setDefaultMemberPermissions(PermissionFlagsBits.ManageGuild)
  .addSubcommand((s) => s.setName('view').setDescription('Show the current settings'))
  .addSubcommand((s) =>
    s
      .setName('set')
      .setDescription('Change one setting')
      .addStringOption((o) =>
        o
          .setName('setting')
          .setDescription('Which setting')
          .setRequired(true)
          .addChoices(...SETTING_CHOICES.map((c) => ({ name: c.name, value: c.value }))),
      )
      .addStringOption((o) =>
        o
          .setName('value')
          .setDescription('New value: on/off, a number, a voice id, role or user mentions, or "none"')
          .setRequired(true)
          .setMaxLength(1000),
      ),
  );
