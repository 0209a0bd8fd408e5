import { PermissionFlagsBits } from 'discord.js';
import { SETTING_CHOICES, type SettingKey } from '../../../commands/settings.ts';
import { TEXT_LENGTH } from '../../limits/speech-limits.ts';
import type { BotContext } from '../bot-context.ts';
import { checkManageServer } from '../permissions.ts';
import { replyPrivately } from '../reply.ts';
import { formatGuildSettings, parseSettingValue } from '../settings-input.ts';
import { voiceProblem } from '../speech-choice.ts';
import type { CommandHandler } from './command-handler.ts';

const isSettingKey = (value: string): value is SettingKey => SETTING_CHOICES.some((c) => c.value === value);

export const settingsHandler: CommandHandler = {
  name: 'settings',
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
