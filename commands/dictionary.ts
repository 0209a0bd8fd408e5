import { AttachmentBuilder, InteractionContextType, MessageFlags, PermissionFlagsBits, SlashCommandBuilder } from 'discord.js';
import { DICTIONARY, DICTIONARY_IMPORT_TIMEOUT_SECONDS } from '../src/limits/speech-limits.ts';
import type { BotContext } from '../src/discord/bot-context.ts';
import { formatDictionaryJson, formatImportResult, parseDictionaryJson } from '../src/discord/dictionary-json.ts';
import { downloadText } from '../src/discord/download-text.ts';
import { checkManageServer } from '../src/discord/permissions.ts';
import { replyPrivately } from '../src/discord/reply.ts';
import type { SlashCommand } from './slash-command.ts';

const definition = new SlashCommandBuilder()
  .setName('dictionary')
  .setDescription('Teach the bot how to say words on this server')
  .setContexts(InteractionContextType.Guild)
  .addSubcommand((s) =>
    s
      .setName('add')
      .setDescription('Say a word differently')
      .addStringOption((o) => o.setName('word').setDescription('Word or phrase as written').setRequired(true).setMaxLength(DICTIONARY.maxPatternLength))
      .addStringOption((o) =>
        o.setName('replacement').setDescription('How to say it').setRequired(true).setMaxLength(DICTIONARY.maxReplacementLength),
      ),
  )
  .addSubcommand((s) =>
    s
      .setName('remove')
      .setDescription('Forget a word')
      .addStringOption((o) => o.setName('word').setDescription('Word or phrase as written').setRequired(true).setMaxLength(DICTIONARY.maxPatternLength)),
  )
  .addSubcommand((s) => s.setName('list').setDescription('Show the dictionary'))
  .addSubcommand((s) =>
    s
      .setName('import')
      .setDescription('Add entries from JSON: [{"pattern": "...", "replacement": "..."}]')
      .addAttachmentOption((o) => o.setName('file').setDescription('A .json file exported by /dictionary export'))
      .addStringOption((o) => o.setName('json').setDescription('The JSON as text').setMaxLength(6000)),
  )
  .addSubcommand((s) => s.setName('export').setDescription('Download the dictionary as JSON'));

const LIST_LIMIT = 1900;

export const dictionary: SlashCommand<'dictionary'> = {
  name: 'dictionary',
  definition,
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
