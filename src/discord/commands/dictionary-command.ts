import { AttachmentBuilder, MessageFlags, PermissionFlagsBits } from 'discord.js';
import { DICTIONARY, DICTIONARY_IMPORT_TIMEOUT_SECONDS } from '../../limits/speech-limits.ts';
import type { BotContext } from '../bot-context.ts';
import { formatDictionaryJson, formatImportResult, parseDictionaryJson } from '../dictionary-json.ts';
import { downloadText } from '../download-text.ts';
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
        await interaction.reply({ content: `${entries.length} entries.`, files: [file], flags: MessageFlags.Ephemeral, allowedMentions: { parse: [] } });
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
      // file.size is what the uploader's client declared: a quick early refusal, but the download enforces the limit itself.
      const timeoutMs = context.dictionaryImportTimeoutMs ?? DICTIONARY_IMPORT_TIMEOUT_SECONDS.default * 1000;
      const download = file.size > DICTIONARY.maxImportBytes
        ? { ok: false as const, message: `That file is too large (${Math.round(DICTIONARY.maxImportBytes / 1024)} KB at most).` }
        : await downloadText(file.url, { maxBytes: DICTIONARY.maxImportBytes, timeoutMs });
      if (!download.ok) return replyPrivately(interaction, download.message);
      text = download.text;
    }
    if (text === null) return replyPrivately(interaction, 'Attach a .json file or paste the JSON into the json option.');
    const parsed = parseDictionaryJson(text);
    if (!parsed.ok) return replyPrivately(interaction, parsed.message);
    // One transaction for the whole file: one commit instead of one per entry, so other guilds' audio never waits on it.
    const result = await context.store.putDictionaryEntries(guildId, parsed.entries);
    context.log.info({ guildId, entries: parsed.entries.length, ...result }, 'dictionary imported');
    await replyPrivately(interaction, formatImportResult(result));
  },
};
