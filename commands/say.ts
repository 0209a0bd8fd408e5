import { InteractionContextType, SlashCommandBuilder, type ChatInputCommandInteraction } from 'discord.js';
import { SAY_OPTION_MAX_LENGTH, SPEED } from '../src/limits/speech-limits.ts';
import type { BotContext } from '../src/discord/bot-context.ts';
import { commandTextFacts, voiceGuildOf } from '../src/discord/discord-guild.ts';
import { checkCanSay, checkRequiredRole } from '../src/discord/permissions.ts';
import { deferPrivately, replyPrivately } from '../src/discord/reply.ts';
import { guildTextLimits } from '../src/discord/speech-text.ts';
import { chooseVoiceAndSpeed, speakersForText, voiceProblem } from '../src/discord/speech-choice.ts';
import { busyFallback } from '../src/discord/busy-fallback.ts';
import { deliverySettings } from '../src/discord/delivery-settings.ts';
import { autocompleteVoice } from './voice-autocomplete.ts';
import type { SlashCommand } from './slash-command.ts';

const definition = new SlashCommandBuilder()
  .setName('say')
  .setDescription('Read text aloud in your voice channel')
  .setContexts(InteractionContextType.Guild)
  .addStringOption((o) =>
    o.setName('text').setDescription('What to say').setRequired(true).setMinLength(1).setMaxLength(SAY_OPTION_MAX_LENGTH),
  )
  .addStringOption((o) => o.setName('voice').setDescription('Voice to use this time (engine:voice)').setAutocomplete(true).setMaxLength(100))
  .addNumberOption((o) =>
    o.setName('speed').setDescription(`Speaking speed, ${SPEED.min} to ${SPEED.max} (1 = normal)`).setMinValue(SPEED.min).setMaxValue(SPEED.max),
  );

export const say: SlashCommand<'say'> = {
  name: 'say',
  definition,
  async execute(interaction, context: BotContext) {
    const receivedAt = context.clock.now();
    const memberChannelId = interaction.member.voice.channelId;
    const allowed = checkCanSay(memberChannelId, context.connections.channelIdOf(interaction.guild.id));
    if (!allowed.allowed || memberChannelId === null) return replyPrivately(interaction, allowed.allowed ? 'Join a voice channel first.' : allowed.message);
    // Database, voice list and joining can take longer than Discord's 3 s: acknowledge first, but without waiting for
    // Discord's answer, so its round trip overlaps the reads and the speech's first chunk.
    const deferred = deferPrivately(interaction);
    let answer: string;
    try {
      answer = await queueSpeech(interaction, context, memberChannelId, receivedAt);
    } catch (error) {
      // The router answers with this error, which needs the deferral done; its own failure must not hide the error.
      await deferred.catch(() => undefined);
      throw error;
    }
    await deferred;
    await replyPrivately(interaction, answer);
  },
  autocomplete: autocompleteVoice,
};

/** Checks and queues the message; returns what to tell the member. Throws what the router turns into a friendly error. */
async function queueSpeech(interaction: ChatInputCommandInteraction<'cached'>, context: BotContext, memberChannelId: string, receivedAt: number): Promise<string> {
  const guild = interaction.guild;
  const [settings, user, dictionary] = await Promise.all([
    context.store.getGuild(guild.id),
    context.store.getUser(guild.id, interaction.user.id),
    context.store.listDictionary(guild.id),
  ]);
  const role = checkRequiredRole([...interaction.member.roles.cache.keys()], settings.requiredRoleId);
  if (!role.allowed) return role.message;

  // The guild's longest-message setting is capped by MAX_TEXT_LENGTH here, so what is cut is said to be cut ("and so
  // on") instead of being refused by the generator after "Speaking.".
  const text = context.cleanText(commandTextFacts(interaction.options.getString('text', true), guild), guildTextLimits(settings, context.maxTextLength), dictionary);
  if (text === '') return NOTHING_TO_READ;
  const choice = chooseVoiceAndSpeed(
    { voice: interaction.options.getString('voice'), speed: interaction.options.getNumber('speed') },
    user,
    settings,
    context.defaultVoice,
  );
  const voices = await context.voices.list();
  const problem = voiceProblem(choice.voice, voices);
  if (problem) return problem;
  // The [engine:voice] speaker markup; a message without it is one turn in the chosen voice.
  const reader = speakersForText(text, choice.voice, voices, settings, context.defaultVoice);
  if (!reader.ok) return reader.message;
  if (reader.text === '') return NOTHING_TO_READ;

  // Generation starts while the bot joins; playback waits for the connection (SpeechItem.ready).
  const joined = context.connections.join(voiceGuildOf(guild), memberChannelId);
  joined.catch(() => undefined); // awaited below; this only keeps a failure before then from counting as unhandled
  const result = context.playbacks.get(guild.id).enqueue({
    userId: interaction.user.id,
    request: {
      text: reader.text,
      voice: reader.voice,
      speed: choice.speed,
      ...deliverySettings(user, settings),
      ...(reader.turns ? { turns: reader.turns } : {}),
      ...busyFallback(settings, reader.voice),
    },
    source: 'say',
    receivedAt,
    ready: joined,
  });
  // Admission has just decided (enqueue starts generation at once when nothing plays): say so when it must wait.
  const busy = result.accepted && (context.generator.load?.().waiting ?? 0) > 0 ? ' I am busy with other servers right now, so it may take a few seconds to start.' : '';
  await joined;
  context.log.info({ guildId: guild.id, accepted: result.accepted, reason: result.accepted ? undefined : result.reason }, '/say');
  context.log.debug({ guildId: guild.id, text }, '/say text');
  if (!result.accepted) return result.message;
  const switched = reader.switched.map((s) => ` I am using ${s.voice}, which can read ${s.script ?? 'that'} script.`).join('');
  return `${result.position <= 1 ? 'Speaking.' : `Queued (number ${result.position} in line).`}${switched}${busy}`;
}

const NOTHING_TO_READ = 'There is nothing I can read aloud in that text.';
