import { InteractionContextType, SlashCommandBuilder } from 'discord.js';
import { DICTIONARY } from '../src/limits/speech-limits.ts';

export const dictionaryCommand = new SlashCommandBuilder()
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
