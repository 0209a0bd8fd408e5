import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ApplicationCommandOptionType, PermissionFlagsBits, type APIApplicationCommandOption } from 'discord.js';
import { commandDefinitions, commandHandlers } from '../../commands/index.ts';

const NAME = /^[-_\p{Ll}\p{N}]{1,32}$/u;

function checkOption(option: APIApplicationCommandOption, where: string): void {
  assert.match(option.name, NAME, `${where}: option name ${option.name}`);
  assert.ok(option.description.length >= 1 && option.description.length <= 100, `${where}.${option.name}: description length`);
  if ('choices' in option && option.choices) {
    assert.ok(option.choices.length <= 25, `${where}.${option.name}: at most 25 choices`);
    for (const choice of option.choices) assert.ok(choice.name.length >= 1 && choice.name.length <= 100, `choice ${choice.name}`);
  }
  if (option.type === ApplicationCommandOptionType.String) {
    if (option.max_length !== undefined) assert.ok(option.max_length <= 6000, `${where}.${option.name}: max_length`);
    if (option.min_length !== undefined) assert.ok(option.min_length >= 0 && option.min_length <= 6000);
  }
  if ('options' in option && option.options) {
    assert.ok(option.options.length <= 25);
    let seenOptional = false;
    for (const child of option.options) {
      if ('required' in child && child.required) assert.ok(!seenOptional, `${where}.${option.name}: required options come first`);
      else seenOptional = true;
      checkOption(child, `${where}.${option.name}`);
    }
  }
}

function byName(name: string) {
  const found = commandDefinitions().find((c) => c.name === name);
  assert.ok(found, `command ${name} exists`);
  return found;
}

function option(options: readonly APIApplicationCommandOption[] | undefined, name: string): APIApplicationCommandOption {
  const found = options?.find((o) => o.name === name);
  assert.ok(found, `option ${name} exists`);
  return found;
}

test('every command is defined once with names and descriptions within Discord limits', () => {
  const definitions = commandDefinitions();
  assert.deepEqual(
    definitions.map((c) => c.name).sort(),
    ['autoread', 'dictionary', 'join', 'leave', 'say', 'settings', 'skip', 'stop', 'voice'],
  );
  assert.ok(definitions.length <= 100);
  for (const command of definitions) {
    assert.match(command.name, NAME);
    assert.ok(command.description.length >= 1 && command.description.length <= 100, command.name);
    assert.ok((command.options ?? []).length <= 25);
    for (const o of command.options ?? []) checkOption(o, command.name);
    // Whole command JSON must stay under Discord's 4000-character budget for names + descriptions + choices.
    assert.ok(JSON.stringify(command).length < 8000, `${command.name} is oversized`);
    assert.deepEqual(command.contexts, [0], `${command.name} is guild-only`);
  }
});

test('each command is one file with its definition and its handler under one name; names are unique', () => {
  const names = commandDefinitions().map((c) => c.name);
  assert.equal(new Set(names).size, names.length, 'no name twice');
  assert.deepEqual(Object.keys(commandHandlers).sort(), [...names].sort());
  for (const [name, command] of Object.entries(commandHandlers)) {
    assert.equal(command.name, name);
    assert.equal(command.definition.toJSON().name, name, `${name}: the definition registers the handler's name`);
    assert.equal(typeof command.execute, 'function');
  }
  assert.ok(commandHandlers.say.autocomplete && commandHandlers.voice.autocomplete, 'voice options autocomplete');
});

test('/say text [voice] [speed]', () => {
  const say = byName('say');
  const text = option(say.options, 'text');
  assert.equal(text.type, ApplicationCommandOptionType.String);
  assert.equal(text.required, true);
  assert.ok(text.type === ApplicationCommandOptionType.String && text.max_length === 2000);
  const voice = option(say.options, 'voice');
  assert.ok(voice.type === ApplicationCommandOptionType.String && voice.autocomplete === true);
  assert.notEqual(voice.required, true);
  const speed = option(say.options, 'speed');
  assert.ok(speed.type === ApplicationCommandOptionType.Number);
  assert.equal(speed.min_value, 0.5);
  assert.equal(speed.max_value, 2.5);
  assert.notEqual(speed.required, true);
});

test('/stop /skip /join /leave take no options', () => {
  for (const name of ['stop', 'skip', 'join', 'leave']) assert.equal((byName(name).options ?? []).length, 0, name);
});

test('/autoread needs Manage Server and has channel and off subcommands', () => {
  const autoread = byName('autoread');
  assert.equal(autoread.default_member_permissions, String(PermissionFlagsBits.ManageGuild));
  const channel = option(autoread.options, 'channel');
  assert.equal(channel.type, ApplicationCommandOptionType.Subcommand);
  const target = option(channel.type === ApplicationCommandOptionType.Subcommand ? channel.options : [], 'channel');
  assert.equal(target.type, ApplicationCommandOptionType.Channel);
  assert.equal(target.required, true);
  assert.equal(option(autoread.options, 'off').type, ApplicationCommandOptionType.Subcommand);
});

test('/voice set (autocomplete) | speed | list', () => {
  const voice = byName('voice');
  const set = option(voice.options, 'set');
  assert.ok(set.type === ApplicationCommandOptionType.Subcommand);
  const name = option(set.options, 'voice');
  assert.ok(name.type === ApplicationCommandOptionType.String && name.autocomplete === true && name.required === true);
  const speed = option(voice.options, 'speed');
  assert.ok(speed.type === ApplicationCommandOptionType.Subcommand);
  const x = option(speed.options, 'speed');
  assert.ok(x.type === ApplicationCommandOptionType.Number && x.required === true && x.min_value === 0.5 && x.max_value === 2.5);
  assert.equal(option(voice.options, 'list').type, ApplicationCommandOptionType.Subcommand);
});

test('/settings view | set with a choice per guild setting, Manage Server by default', () => {
  const settings = byName('settings');
  assert.equal(settings.default_member_permissions, String(PermissionFlagsBits.ManageGuild));
  const set = option(settings.options, 'set');
  assert.ok(set.type === ApplicationCommandOptionType.Subcommand);
  const key = option(set.options, 'setting');
  assert.ok(key.type === ApplicationCommandOptionType.String && key.required === true);
  const values = (key.choices ?? []).map((c) => c.value);
  for (const field of ['voice', 'speed', 'autoJoin', 'announceNames', 'maxLength', 'ignoreBots', 'requireVoiceChannel', 'requiredRoleId', 'ignoredUserIds', 'ignoredRoleIds', 'skipPrefix', 'readVoiceChannelChat', 'readEmoji', 'repeatedCharacterLimit']) {
    assert.ok(values.includes(field), `setting ${field} is offered`);
  }
  assert.equal(option(set.options, 'value').required, true);
});

test('/dictionary add | remove | list | import (file or json) | export', () => {
  const dictionary = byName('dictionary');
  assert.deepEqual((dictionary.options ?? []).map((o) => o.name), ['add', 'remove', 'list', 'import', 'export']);
  const importer = option(dictionary.options, 'import');
  assert.ok(importer.type === ApplicationCommandOptionType.Subcommand);
  assert.equal(option(importer.options, 'file').type, ApplicationCommandOptionType.Attachment);
  assert.equal(option(importer.options, 'json').type, ApplicationCommandOptionType.String);
  const add = option(dictionary.options, 'add');
  assert.ok(add.type === ApplicationCommandOptionType.Subcommand);
  assert.equal(option(add.options, 'word').required, true);
  assert.equal(option(add.options, 'replacement').required, true);
});
