// Builds INTERACTION_CREATE payloads (slash commands and autocomplete) the way Discord sends them.
import type { FakeGuild } from './fixtures.ts';
import { channelPayload, memberPayload } from './payloads.ts';
import type { Json, JsonObject } from './payloads.ts';

export const INTERACTION_TYPE = { applicationCommand: 2, autocomplete: 4 } as const;
export const OPTION_TYPE = { subcommand: 1, subcommandGroup: 2, string: 3, integer: 4, boolean: 5, user: 6, channel: 7, role: 8, number: 10 } as const;

export type OptionValue = string | number | boolean;

/** An explicit option, for types the shorthand cannot infer (user, channel, role) or exact control. */
export interface CommandOption {
  name: string;
  type: number;
  value?: OptionValue;
  focused?: boolean;
  options?: CommandOption[];
}

export interface SlashCommandInput {
  guildId: string;
  /** Defaults to the guild's first text channel. */
  channelId?: string;
  /** Defaults to the guild's first human member. */
  userId?: string;
  name: string;
  /** Shorthand `{ text: 'hi', speed: 1.5, loud: true }` (string/integer/number/boolean inferred) or explicit options. */
  options?: Record<string, OptionValue> | CommandOption[];
  subcommand?: string;
  subcommandGroup?: string;
  locale?: string;
}

export interface AutocompleteInput extends SlashCommandInput {
  /** Name of the option the user is typing in. */
  focused: string;
}

function inferType(value: OptionValue): number {
  if (typeof value === 'boolean') return OPTION_TYPE.boolean;
  if (typeof value === 'number') return Number.isInteger(value) ? OPTION_TYPE.integer : OPTION_TYPE.number;
  return OPTION_TYPE.string;
}

export function normaliseOptions(options: SlashCommandInput['options'], focused?: string): CommandOption[] {
  const list = Array.isArray(options)
    ? options
    : Object.entries(options ?? {}).map(([name, value]): CommandOption => ({ name, type: inferType(value), value }));
  if (focused !== undefined && !list.some((o) => o.name === focused)) {
    throw new Error(`Autocomplete focus "${focused}" is not one of the options (${list.map((o) => o.name).join(', ')})`);
  }
  return list.map((o) => (focused === o.name ? { ...o, focused: true } : o));
}

function optionJson(option: CommandOption): JsonObject {
  const json: JsonObject = { name: option.name, type: option.type };
  if (option.value !== undefined) json.value = option.value;
  if (option.focused) json.focused = true;
  if (option.options) json.options = option.options.map(optionJson);
  return json;
}

/** Wraps leaf options in subcommand/subcommand-group options, as Discord nests them. */
export function nestOptions(input: SlashCommandInput, leaves: CommandOption[]): CommandOption[] {
  let options = leaves;
  if (input.subcommand) options = [{ name: input.subcommand, type: OPTION_TYPE.subcommand, options }];
  if (input.subcommandGroup) {
    if (!input.subcommand) throw new Error('subcommandGroup needs a subcommand');
    options = [{ name: input.subcommandGroup, type: OPTION_TYPE.subcommandGroup, options }];
  }
  return options;
}

export function interactionPayload(args: {
  id: string; token: string; type: number; applicationId: string; commandId: string; guild: FakeGuild; channelId: string;
  userId: string; input: SlashCommandInput; options: CommandOption[];
}): JsonObject {
  const { guild } = args;
  const member = guild.member(args.userId);
  const channel = guild.channel(args.channelId);
  const botId = guild.members[0].user.id;
  return {
    id: args.id, application_id: args.applicationId, type: args.type, token: args.token, version: 1,
    guild_id: guild.id, guild: { id: guild.id, locale: 'en-US', features: [] },
    channel_id: channel.id, channel: channelPayload(channel),
    member: { ...memberPayload(member), permissions: guild.permissionsOf(member.user.id).toString() },
    app_permissions: guild.permissionsOf(botId).toString(), locale: args.input.locale ?? 'en-US', guild_locale: 'en-US',
    entitlements: [], authorizing_integration_owners: { '0': guild.id }, context: 0, attachment_size_limit: 10485760,
    data: {
      id: args.commandId, name: args.input.name, type: 1, guild_id: guild.id,
      options: args.options.map(optionJson) as Json[],
    },
  };
}
