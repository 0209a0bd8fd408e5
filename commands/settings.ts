import { InteractionContextType, PermissionFlagsBits, SlashCommandBuilder } from 'discord.js';
import { TEXT_LENGTH } from '../src/limits/speech-limits.ts';
import type { BotContext } from '../src/discord/bot-context.ts';
import { checkManageServer } from '../src/discord/permissions.ts';
import { replyPrivately } from '../src/discord/reply.ts';
import { formatGuildSettings, parseSettingValue, SETTING_CHOICES, type SettingKey } from '../src/discord/settings-input.ts';
import { voiceProblem } from '../src/discord/speech-choice.ts';
import type { SlashCommand } from './slash-command.ts';

const definition = new SlashCommandBuilder()
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

const isSettingKey = (value: string): value is SettingKey => SETTING_CHOICES.some((c) => c.value === value);

export const settings: SlashCommand<'settings'> = {
  name: 'settings',
  definition,
  async execute(interaction, context: BotContext) {
    const { guildId } = interaction;
    if (interaction.options.getSubcommand() === 'view') {
      return replyPrivately(interaction, formatGuildSettings(await context.store.getGuild(guildId), context.defaultVoice, context.maxTextLength));
    }
    const allowed = checkManageServer(interaction.memberPermissions.has(PermissionFlagsBits.ManageGuild));
    if (!allowed.allowed) return replyPrivately(interaction, allowed.message);
    const key = interaction.options.getString('setting', true);
    if (!isSettingKey(key)) return replyPrivately(interaction, 'I do not know that setting.');
    const parsed = parseSettingValue(key, interaction.options.getString('value', true));
    if (!parsed.ok) return replyPrivately(interaction, parsed.message);
    const processLimit = context.maxTextLength ?? TEXT_LENGTH.default;
    if (typeof parsed.patch.maxLength === 'number' && parsed.patch.maxLength > processLimit) {
      return replyPrivately(
        interaction,
        `The longest message read can be at most ${processLimit} characters on this bot (its MAX_TEXT_LENGTH); I kept the current value.`,
      );
    }
    const newVoices = [...(typeof parsed.patch.voice === 'string' ? [parsed.patch.voice] : []), ...Object.values(parsed.patch.languageVoices ?? {})];
    if (newVoices.length > 0) {
      const installed = await context.voices.list();
      const problem = newVoices.map((voice) => voiceProblem(voice, installed)).find((p) => p !== null);
      if (problem) return replyPrivately(interaction, problem);
    }
    // Range errors come back from the store as SettingsValidationError; the router shows their message.
    const updated = await context.store.updateGuild(guildId, parsed.patch);
    context.log.info({ guildId, setting: key }, 'guild setting changed');
    await replyPrivately(interaction, `Saved.\n${formatGuildSettings(updated, context.defaultVoice, context.maxTextLength)}`);
  },
};
