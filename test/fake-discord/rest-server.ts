// The REST half of the fake: Discord API v10 routes a bot uses, with Discord-shaped errors, recording every call.
import type { IncomingMessage, ServerResponse } from 'node:http';
import { messagePayload, rolePayload, channelPayload, memberPayload, userPayload } from './payloads.ts';
import type { Json, JsonObject } from './payloads.ts';
import { parseBody, readBody } from './request-body.ts';
import { preciseNow } from './wait.ts';
import type { FakeWorld, InteractionRecord, InteractionReply, RegisteredCommand } from './world.ts';

export const API_PREFIX = '/api/v10';
const EPHEMERAL_FLAG = 64;
const LOADING_FLAG = 128;

export interface RecordedRequest {
  method: string;
  /** Path after /api/v10, e.g. /interactions/123/abc/callback. */
  path: string;
  query: Record<string, string>;
  body: unknown;
  files: { name: string; bytes: number }[];
  /** Whether a `Bot <token>` Authorization header came with it (and matched, when the fake was given a token). */
  authorized: boolean;
  status: number;
  at: number;
}

interface Reply {
  status: number;
  body?: Json;
}

interface RouteContext {
  params: string[];
  body: unknown;
  query: Record<string, string>;
  authorized: boolean;
}

type RouteHandler = (ctx: RouteContext) => Reply;

interface Route {
  method: string;
  pattern: RegExp;
  /** Interaction and webhook routes are authorised by the token in the URL, not the bot token. */
  needsBotAuth: boolean;
  handle: RouteHandler;
}

export interface RestServerOptions {
  gatewayUrl: () => string;
  /** When set, only `Bot <token>` is accepted. */
  token?: string;
}

function error(status: number, code: number, message: string, errors?: JsonObject): Reply {
  return { status, body: errors ? { message, code, errors } : { message, code } };
}

const notFound = (code: number, what: string): Reply => error(404, code, `Unknown ${what}`);

function asObject(value: unknown): JsonObject {
  return value !== null && typeof value === 'object' && !Array.isArray(value) ? (value as JsonObject) : {};
}

/** Validates the message fields Discord itself rejects, so a bot's over-long replies fail here as they would live. */
function validateMessageBody(body: JsonObject): Reply | undefined {
  const content = body.content;
  if (content !== undefined && content !== null && typeof content !== 'string') {
    return error(400, 50035, 'Invalid Form Body', { content: { _errors: [{ code: 'BASE_TYPE_STRING', message: 'Must be a string.' }] } });
  }
  if (typeof content === 'string' && content.length > 2000) {
    return error(400, 50035, 'Invalid Form Body', {
      content: { _errors: [{ code: 'BASE_TYPE_MAX_LENGTH', message: 'Must be 2000 or fewer in length.' }] },
    });
  }
  return undefined;
}

const COMMAND_NAME = /^[-_'\p{L}\p{N}\p{sc=Deva}\p{sc=Thai}]{1,32}$/u;

function validateCommands(commands: unknown): Reply | undefined {
  if (!Array.isArray(commands)) return error(400, 50035, 'Invalid Form Body', { _errors: [{ code: 'BASE_TYPE_ARRAY', message: 'Must be an array.' }] });
  const errors: JsonObject = {};
  commands.forEach((raw, index) => {
    const command = asObject(raw);
    const type = command.type ?? 1;
    const problems: Json[] = [];
    if (typeof command.name !== 'string' || !COMMAND_NAME.test(command.name) || (type === 1 && command.name !== command.name.toLowerCase())) {
      problems.push({ code: 'APPLICATION_COMMAND_INVALID_NAME', message: 'Command name is invalid' });
    }
    if (type === 1 && (typeof command.description !== 'string' || command.description.length < 1 || command.description.length > 100)) {
      problems.push({ code: 'BASE_TYPE_BAD_LENGTH', message: 'Must be between 1 and 100 in length.' });
    }
    if (problems.length > 0) errors[String(index)] = { _errors: problems };
  });
  const names = commands.map((c) => asObject(c).name);
  if (new Set(names).size !== names.length) errors._errors = [{ code: 'APPLICATION_COMMANDS_DUPLICATE_NAME', message: 'Application command names must be unique' }];
  return Object.keys(errors).length > 0 ? error(400, 50035, 'Invalid Form Body', errors) : undefined;
}

export class RestServer {
  readonly requests: RecordedRequest[] = [];
  private readonly world: FakeWorld;
  private readonly options: RestServerOptions;
  private readonly routes: Route[];

  constructor(world: FakeWorld, options: RestServerOptions) {
    this.world = world;
    this.options = options;
    this.routes = this.buildRoutes();
  }

  /** node:http request listener. Never throws: every failure becomes a Discord-style JSON error. */
  readonly handle = (req: IncomingMessage, res: ServerResponse): void => {
    void this.respond(req, res).catch((err: unknown) => {
      if (!res.headersSent) this.send(res, { status: 500, body: { message: `fake discord error: ${String(err)}`, code: 0 } });
    });
  };

  private async respond(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    const method = req.method ?? 'GET';
    // @discordjs/rest percent-encodes "@original" and "@me"; Discord treats both spellings alike.
    const pathname = url.pathname.replace(/%40/gi, '@');
    const path = pathname.startsWith(API_PREFIX) ? pathname.slice(API_PREFIX.length) : pathname;
    const query = Object.fromEntries(url.searchParams.entries());
    const authorized = this.isAuthorized(req.headers.authorization);
    const record: RecordedRequest = { method, path, query, body: undefined, files: [], authorized, status: 0, at: preciseNow() };

    let reply: Reply;
    try {
      const parsed = parseBody(req.headers['content-type'], await readBody(req));
      record.body = parsed.json;
      record.files = parsed.files;
      reply = this.route(method, pathname, { params: [], body: parsed.json, query, authorized });
    } catch (err) {
      reply = error(400, 50109, `The request body contains invalid JSON. (${err instanceof Error ? err.message : String(err)})`);
    }
    record.status = reply.status;
    this.requests.push(record);
    this.send(res, reply);
  }

  private isAuthorized(header: string | undefined): boolean {
    if (!header?.startsWith('Bot ')) return false;
    return this.options.token === undefined || header.slice(4) === this.options.token;
  }

  private route(method: string, pathname: string, ctx: RouteContext): Reply {
    if (!pathname.startsWith(API_PREFIX)) return error(404, 0, '404: Not Found');
    const path = pathname.slice(API_PREFIX.length);
    let methodMismatch = false;
    for (const route of this.routes) {
      const match = route.pattern.exec(path);
      if (!match) continue;
      if (route.method !== method) {
        methodMismatch = true;
        continue;
      }
      if (route.needsBotAuth && !ctx.authorized) return error(401, 0, '401: Unauthorized');
      return route.handle({ ...ctx, params: match.slice(1).map((p) => decodeURIComponent(p)) });
    }
    return methodMismatch ? error(405, 0, '405: Method Not Allowed') : error(404, 0, '404: Not Found');
  }

  private send(res: ServerResponse, reply: Reply): void {
    if (reply.body === undefined) {
      res.writeHead(reply.status).end();
      return;
    }
    const text = JSON.stringify(reply.body);
    res.writeHead(reply.status, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(text) }).end(text);
  }

  private buildRoutes(): Route[] {
    const world = this.world;
    const id = '(\\d+)';
    const token = '([^/]+)';
    const r = (method: string, path: string, handle: RouteHandler, needsBotAuth = true): Route => ({
      method, pattern: new RegExp(`^${path}$`), handle, needsBotAuth,
    });
    const commandList = (guildId?: string): RegisteredCommand[] => {
      if (guildId === undefined) return world.globalCommands;
      if (!world.guilds.has(guildId)) throw new Error('unknown guild');
      let list = world.guildCommands.get(guildId);
      if (!list) world.guildCommands.set(guildId, (list = []));
      return list;
    };
    const withGuild = (guildId: string | undefined, fn: (list: RegisteredCommand[]) => Reply): Reply =>
      guildId !== undefined && !world.guilds.has(guildId) ? notFound(10004, 'Guild') : fn(commandList(guildId));
    const toRegistered = (raw: unknown, guildId: string | undefined, existing?: RegisteredCommand): RegisteredCommand => {
      const command = asObject(raw);
      return {
        type: 1, options: [], default_member_permissions: null, nsfw: false, contexts: null, integration_types: [0],
        ...command, id: existing?.id ?? world.nextId(), application_id: world.applicationId, version: world.nextId(),
        name: String(command.name), ...(guildId ? { guild_id: guildId } : {}),
      };
    };
    const putCommands = (guildId: string | undefined, body: unknown): Reply => withGuild(guildId, (list) => {
      const invalid = validateCommands(body);
      if (invalid) return invalid;
      const next = (body as unknown[]).map((c) => toRegistered(c, guildId, list.find((e) => e.name === asObject(c).name)));
      list.splice(0, list.length, ...next);
      return { status: 200, body: next };
    });
    const postCommand = (guildId: string | undefined, body: unknown): Reply => withGuild(guildId, (list) => {
      const invalid = validateCommands([body]);
      if (invalid) return invalid;
      const index = list.findIndex((e) => e.name === asObject(body).name);
      const command = toRegistered(body, guildId, list[index]);
      if (index >= 0) list[index] = command;
      else list.push(command);
      return { status: index >= 0 ? 200 : 201, body: command };
    });
    const deleteCommand = (guildId: string | undefined, commandId: string): Reply => withGuild(guildId, (list) => {
      const index = list.findIndex((c) => c.id === commandId);
      if (index < 0) return notFound(10063, 'application command');
      list.splice(index, 1);
      return { status: 204 };
    });
    const appOk = (appId: string): boolean => appId === world.applicationId;

    return [
      r('GET', '/gateway/bot', () => ({
        status: 200,
        body: { url: this.options.gatewayUrl(), shards: 1, session_start_limit: { total: 1000, remaining: 999, reset_after: 0, max_concurrency: 1 } },
      })),
      r('GET', '/gateway', () => ({ status: 200, body: { url: this.options.gatewayUrl() } }), false),
      r('GET', '/users/@me', () => ({ status: 200, body: userPayload(world.botUser) })),
      r('GET', `/users/${id}`, ({ params }) => {
        const user = world.users.get(params[0]);
        return user ? { status: 200, body: userPayload(user) } : notFound(10013, 'User');
      }),
      r('GET', '/applications/@me', () => ({ status: 200, body: this.applicationPayload() })),
      r('GET', '/oauth2/applications/@me', () => ({ status: 200, body: this.applicationPayload() })),
      r('GET', `/applications/${id}/commands`, ({ params }) => appOk(params[0]) ? { status: 200, body: world.globalCommands } : notFound(10002, 'Application')),
      r('PUT', `/applications/${id}/commands`, ({ params, body }) => appOk(params[0]) ? putCommands(undefined, body) : notFound(10002, 'Application')),
      r('POST', `/applications/${id}/commands`, ({ params, body }) => appOk(params[0]) ? postCommand(undefined, body) : notFound(10002, 'Application')),
      r('DELETE', `/applications/${id}/commands/${id}`, ({ params }) => appOk(params[0]) ? deleteCommand(undefined, params[1]) : notFound(10002, 'Application')),
      r('GET', `/applications/${id}/guilds/${id}/commands`, ({ params }) => appOk(params[0]) ? withGuild(params[1], (list) => ({ status: 200, body: list })) : notFound(10002, 'Application')),
      r('PUT', `/applications/${id}/guilds/${id}/commands`, ({ params, body }) => appOk(params[0]) ? putCommands(params[1], body) : notFound(10002, 'Application')),
      r('POST', `/applications/${id}/guilds/${id}/commands`, ({ params, body }) => appOk(params[0]) ? postCommand(params[1], body) : notFound(10002, 'Application')),
      r('DELETE', `/applications/${id}/guilds/${id}/commands/${id}`, ({ params }) => appOk(params[0]) ? deleteCommand(params[1], params[2]) : notFound(10002, 'Application')),

      r('POST', `/interactions/${id}/${token}/callback`, (ctx) => this.interactionCallback(ctx), false),
      r('GET', `/webhooks/${id}/${token}/messages/@original`, ({ params }) => this.getOriginal(params[0], params[1]), false),
      r('PATCH', `/webhooks/${id}/${token}/messages/@original`, ({ params, body }) => this.editMessage(params[0], params[1], '@original', body), false),
      r('DELETE', `/webhooks/${id}/${token}/messages/@original`, ({ params }) => this.deleteMessage(params[0], params[1], '@original'), false),
      r('PATCH', `/webhooks/${id}/${token}/messages/${id}`, ({ params, body }) => this.editMessage(params[0], params[1], params[2], body), false),
      r('DELETE', `/webhooks/${id}/${token}/messages/${id}`, ({ params }) => this.deleteMessage(params[0], params[1], params[2]), false),
      r('POST', `/webhooks/${id}/${token}`, ({ params, body }) => this.followUp(params[0], params[1], body), false),

      r('GET', `/channels/${id}`, ({ params }) => {
        const guild = world.guildOfChannel(params[0]);
        return guild ? { status: 200, body: channelPayload(guild.channel(params[0])) } : notFound(10003, 'Channel');
      }),
      r('POST', `/channels/${id}/messages`, ({ params, body }) => this.createChannelMessage(params[0], body)),
      r('POST', `/channels/${id}/typing`, ({ params }) => world.guildOfChannel(params[0]) ? { status: 204 } : notFound(10003, 'Channel')),
      r('GET', `/guilds/${id}`, ({ params }) => {
        const guild = world.guilds.get(params[0]);
        return guild
          ? { status: 200, body: { id: guild.id, name: guild.name, owner_id: guild.ownerId, roles: guild.roles.map(rolePayload), emojis: [], features: [], stickers: [] } }
          : notFound(10004, 'Guild');
      }),
      r('GET', `/guilds/${id}/channels`, ({ params }) => {
        const guild = world.guilds.get(params[0]);
        return guild ? { status: 200, body: guild.channels.map((c) => channelPayload(c)) } : notFound(10004, 'Guild');
      }),
      r('GET', `/guilds/${id}/roles`, ({ params }) => {
        const guild = world.guilds.get(params[0]);
        return guild ? { status: 200, body: guild.roles.map(rolePayload) } : notFound(10004, 'Guild');
      }),
      r('GET', `/guilds/${id}/members/${id}`, ({ params }) => {
        const member = world.guilds.get(params[0])?.members.find((m) => m.user.id === params[1]);
        return member ? { status: 200, body: memberPayload(member) } : notFound(10007, 'Member');
      }),
    ];
  }

  private applicationPayload(): JsonObject {
    const world = this.world;
    return {
      id: world.applicationId, name: world.botUser.username, icon: null, description: '', summary: '', type: null,
      bot_public: true, bot_require_code_grant: false, verify_key: '0'.repeat(64), flags: 0, team: null,
      owner: userPayload(world.botUser), bot: userPayload(world.botUser), approximate_guild_count: world.guilds.size,
      install_params: null, integration_types_config: {}, tags: [],
    };
  }

  private recordReply(record: InteractionRecord, reply: Omit<InteractionReply, 'interactionId' | 'at'>): void {
    record.replies.push({ ...reply, interactionId: record.id, at: preciseNow() });
  }

  private interactionMessage(record: InteractionRecord, body: JsonObject, flags: number): JsonObject {
    const guild = this.world.guild(record.guildId);
    return messagePayload({
      id: this.world.nextId(), guild, channelId: record.channelId, author: guild.member(this.world.botUser.id),
      content: typeof body.content === 'string' ? body.content : '', webhookId: this.world.applicationId,
      applicationId: this.world.applicationId, interactionId: record.id, flags,
      extra: { embeds: (body.embeds as Json) ?? [], components: (body.components as Json) ?? [] },
    });
  }

  private interactionCallback({ params, body, query }: RouteContext): Reply {
    const record = this.world.interactions.get(params[0]);
    if (!record || record.token !== params[1]) return notFound(10062, 'interaction');
    const callback = asObject(body);
    const type = callback.type;
    const data = asObject(callback.data);
    if (typeof type !== 'number' || ![1, 4, 5, 6, 7, 8, 9].includes(type)) {
      return error(400, 50035, 'Invalid Form Body', { type: { _errors: [{ code: 'BASE_TYPE_CHOICES', message: 'Value must be one of {1, 4, 5, 6, 7, 8, 9, 12}.' }] } });
    }
    if (record.acknowledged) return error(400, 40060, 'Interaction has already been acknowledged.');
    if (type === 8 && record.type !== 4) return error(400, 50035, 'Invalid Form Body', { type: { _errors: [{ code: 'INTERACTION_RESPONSE_TYPE_INVALID', message: 'Autocomplete results are only valid for autocomplete interactions.' }] } });
    const invalid = validateMessageBody(data);
    if (invalid) return invalid;
    const flags = typeof data.flags === 'number' ? data.flags : 0;
    record.acknowledged = true;
    let message: JsonObject | undefined;
    if (type === 4 || type === 5) {
      record.ephemeral = (flags & EPHEMERAL_FLAG) !== 0;
      message = this.interactionMessage(record, type === 5 ? {} : data, type === 5 ? (flags | LOADING_FLAG) : flags);
      record.original = message;
    }
    this.recordReply(record, {
      kind: 'callback', callbackType: type, content: typeof data.content === 'string' ? data.content : undefined,
      flags, ephemeral: (flags & EPHEMERAL_FLAG) !== 0, body, messageId: message?.id as string | undefined,
    });
    if (query.with_response !== 'true') return { status: 204 };
    return {
      status: 200,
      body: {
        interaction: {
          id: record.id, type: record.type, activity_instance_id: null, response_message_id: (message?.id as string | undefined) ?? null,
          response_message_loading: type === 5, response_message_ephemeral: record.ephemeral,
        },
        resource: message ? { type, message } : { type },
      },
    };
  }

  private findWebhookInteraction(appId: string, token: string): InteractionRecord | undefined {
    return appId === this.world.applicationId ? this.world.interactionByToken(token) : undefined;
  }

  private getOriginal(appId: string, token: string): Reply {
    const record = this.findWebhookInteraction(appId, token);
    if (!record) return notFound(10015, 'Webhook');
    return record.original ? { status: 200, body: record.original } : notFound(10008, 'Message');
  }

  private editMessage(appId: string, token: string, messageId: string, body: unknown): Reply {
    const record = this.findWebhookInteraction(appId, token);
    if (!record) return notFound(10015, 'Webhook');
    const patch = asObject(body);
    const invalid = validateMessageBody(patch);
    if (invalid) return invalid;
    const targetId = messageId === '@original' ? record.original?.id : messageId;
    if (messageId === '@original' && !record.original) return notFound(10008, 'Message');
    const flags = typeof record.original?.flags === 'number' ? record.original.flags & ~LOADING_FLAG : 0;
    const edited: JsonObject = {
      ...(messageId === '@original' && record.original ? record.original : this.interactionMessage(record, patch, flags)),
      ...patch, id: targetId ?? messageId, flags, edited_timestamp: new Date().toISOString(),
    };
    if (messageId === '@original') record.original = edited;
    this.recordReply(record, {
      kind: 'edit', content: typeof patch.content === 'string' ? patch.content : undefined, flags,
      ephemeral: (flags & EPHEMERAL_FLAG) !== 0, body, messageId: edited.id as string,
    });
    return { status: 200, body: edited };
  }

  private deleteMessage(appId: string, token: string, messageId: string): Reply {
    const record = this.findWebhookInteraction(appId, token);
    if (!record) return notFound(10015, 'Webhook');
    if (messageId === '@original') {
      if (!record.original) return notFound(10008, 'Message');
      record.original = undefined;
    }
    this.recordReply(record, { kind: 'delete', flags: 0, ephemeral: false, body: undefined, messageId });
    return { status: 204 };
  }

  private followUp(appId: string, token: string, body: unknown): Reply {
    const record = this.findWebhookInteraction(appId, token);
    if (!record) return notFound(10015, 'Webhook');
    if (!record.acknowledged) return error(400, 40060, 'Interaction has not been acknowledged.');
    const data = asObject(body);
    const invalid = validateMessageBody(data);
    if (invalid) return invalid;
    const flags = typeof data.flags === 'number' ? data.flags : 0;
    const message = this.interactionMessage(record, data, flags);
    this.recordReply(record, {
      kind: 'followup', content: typeof data.content === 'string' ? data.content : undefined, flags,
      ephemeral: (flags & EPHEMERAL_FLAG) !== 0, body, messageId: message.id as string,
    });
    return { status: 200, body: message };
  }

  private createChannelMessage(channelId: string, body: unknown): Reply {
    const guild = this.world.guildOfChannel(channelId);
    if (!guild) return notFound(10003, 'Channel');
    const data = asObject(body);
    const invalid = validateMessageBody(data);
    if (invalid) return invalid;
    const hasSomething = (typeof data.content === 'string' && data.content.length > 0) || Array.isArray(data.embeds) || Array.isArray(data.attachments);
    if (!hasSomething) return error(400, 50006, 'Cannot send an empty message');
    const message = messagePayload({
      id: this.world.nextId(), guild, channelId, author: guild.member(this.world.botUser.id),
      content: typeof data.content === 'string' ? data.content : '',
      extra: { embeds: (data.embeds as Json) ?? [], components: (data.components as Json) ?? [] },
    });
    this.world.channelMessages.push({
      channelId, guildId: guild.id, messageId: message.id as string, content: message.content as string, body, at: preciseNow(),
    });
    return { status: 200, body: message };
  }
}
