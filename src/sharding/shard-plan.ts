import type { ShardingMode } from '../config/bot-config.ts';

const DISCORD_API = 'https://discord.com/api';

/**
 * Asks Discord (GET /gateway/bot) how many shards it recommends. discord.js has the same helper but always asks
 * discord.com; this one honours DISCORD_API_URL so it works against the fake Discord in tests too.
 */
export async function fetchRecommendedShardCount(token: string, apiUrl: string | null): Promise<number> {
  const base = (apiUrl ?? DISCORD_API).replace(/\/+$/, '');
  let response: Response;
  try {
    response = await fetch(`${base}/v10/gateway/bot`, { headers: { authorization: `Bot ${token}` } });
  } catch (error) {
    throw new Error(`could not reach Discord to ask for a shard count (${(error as Error).message})`, { cause: error });
  }
  if (response.status === 401) throw new Error('Discord rejected the bot token while asking for a shard count');
  if (!response.ok) throw new Error(`Discord answered ${response.status} when asked for a shard count`);
  const body = (await response.json()) as { shards?: unknown };
  if (typeof body.shards !== 'number' || !Number.isInteger(body.shards) || body.shards < 1) {
    throw new Error('Discord sent no usable shard count');
  }
  return body.shards;
}

export async function resolveShardCount(
  mode: Exclude<ShardingMode, 'off'>,
  token: string,
  apiUrl: string | null,
): Promise<number> {
  return mode === 'auto' ? fetchRecommendedShardCount(token, apiUrl) : mode;
}

/** The shard a process runs, from the environment discord.js's ShardingManager gives its children; null outside one. */
export function shardIdFromEnvironment(env: NodeJS.ProcessEnv): number | null {
  if (env.SHARDING_MANAGER !== 'true') return null;
  const id = Number(env.SHARDS);
  return Number.isInteger(id) && id >= 0 ? id : null;
}

/** Each shard process serves its own /healthz and /metrics: shard k listens on HEALTH_PORT + k (0 stays off). */
export function healthPortForShard(basePort: number, shardId: number | null): number {
  if (basePort === 0 || shardId === null) return basePort;
  return basePort + shardId;
}
