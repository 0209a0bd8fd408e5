import { AttachmentBuilder, MessageFlags, PermissionFlagsBits } from 'discord.js';
import type { BotContext } from '../bot-context.ts';
import { formatDictionaryJson, MAX_DICTIONARY_IMPORT_CHARS, parseDictionaryJson } from '../dictionary-json.ts';
import { checkManageServer } from '../permissions.ts';
import { replyPrivately } from '../reply.ts';
import type { CommandHandler } from './command-handler.ts';

const LIST_LIMIT = 1900;

export const dictionaryHandler: CommandHandler = {
  name: 'dictionary',
  async execute(interaction, context: BotContext) {
    const { guildId } = interaction;
    const subcommand = interaction.options.getSubcommand();
    if (subcommand === 'list' || subcommand === 'export') {
      const entries = await context.store.listDictionary(guildId);
      if (entries.length === 0) return replyPrivately(interaction, 'The dictionary is empty. Add words with /dictionary add.');
      if (subcommand === 'export') {
        const file = new AttachmentBuilder(Buffer.from(formatDictionaryJson(entries), 'utf8'), { name: 'dictionary.json' });
        await interaction.reply({ content: `${entries.length} entries.`, files: [file], flags: MessageFlags.Ephemeral });
        return;
      }
      let text = '';
      for (const [index, e] of entries.entries()) {
        const line = `\`${e.pattern}\` -> ${e.replacement}\n`;
        if (text.length + line.length > LIST_LIMIT) {
          text += `...and ${entries.length - index} more (use /dictionary export).`;
          break;
        }
        text += line;
      }
      return replyPrivately(interaction, text);
    }

    const allowed = checkManageServer(interaction.memberPermissions.has(PermissionFlagsBits.ManageGuild));
    if (!allowed.allowed) return replyPrivately(interaction, allowed.message);
    if (subcommand === 'add') {
      const pattern = interaction.options.getString('word', true).trim();
      const replacement = interaction.options.getString('replacement', true).trim();
      if (pattern === '') return replyPrivately(interaction, 'The word cannot be empty.');
      await context.store.putDictionaryEntry(guildId, { pattern, replacement });
      return replyPrivately(interaction, `I will say "${pattern}" as "${replacement}".`);
    }
    if (subcommand === 'remove') {
      const pattern = interaction.options.getString('word', true).trim();
      const removed = await context.store.removeDictionaryEntry(guildId, pattern);
      return replyPrivately(interaction, removed ? `Removed "${pattern}".` : `"${pattern}" is not in the dictionary.`);
    }

    // import
    await interaction.deferReply({ flags: MessageFlags.Ephemeral });
    const file = interaction.options.getAttachment('file');
    let text = interaction.options.getString('json');
    if (file) {
      if (file.size > MAX_DICTIONARY_IMPORT_CHARS) return replyPrivately(interaction, 'That file is too large (256 KB at most).');
      const response = await fetch(file.url, { signal: AbortSignal.timeout(10_000) });
      if (!response.ok) return replyPrivately(interaction, 'I could not download that file. Please try again.');
      text = await response.text();
    }
    if (text === null) return replyPrivately(interaction, 'Attach a .json file or paste the JSON into the json option.');
    const parsed = parseDictionaryJson(text);
    if (!parsed.ok) return replyPrivately(interaction, parsed.message);
    for (const entry of parsed.entries) await context.store.putDictionaryEntry(guildId, entry);
    context.log.info({ guildId, entries: parsed.entries.length }, 'dictionary imported');
    await replyPrivately(interaction, `Imported ${parsed.entries.length} entr${parsed.entries.length === 1 ? 'y' : 'ies'}.`);
  },
};
