import type { ShardingMode } from '../config/bot-config.ts';
import { shardIdsProblem } from '../config/shard-ids.ts';
import { formatShardIds } from './shard-ids.ts';

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

/** What this host runs: `shardIds` out of `totalShards` (every id when SHARD_IDS is unset). */
export interface ShardPlan {
  readonly totalShards: number;
  readonly shardIds: readonly number[];
}

/**
 * This host's share. With SHARDING=auto the total is only known now, so ids that do not fit are refused here, with
 * what to do: a split over hosts needs every host to agree on the total, which a fixed SHARDING guarantees.
 */
export function planShards(mode: Exclude<ShardingMode, 'off'>, totalShards: number, shardIds: readonly number[] | null | undefined): ShardPlan {
  if (!shardIds) return { totalShards, shardIds: [...Array(totalShards).keys()] };
  const problem = shardIdsProblem(shardIds, totalShards);
  if (problem) {
    const why = mode === 'auto' ? `Discord recommends ${totalShards} shards for SHARDING=auto; give every host the same fixed SHARDING to split shards` : `SHARDING=${totalShards}`;
    throw new Error(`SHARD_IDS=${formatShardIds(shardIds)} ${problem} (${why})`);
  }
  return { totalShards, shardIds: [...shardIds] };
}

export async function resolveShardPlan(
  mode: Exclude<ShardingMode, 'off'>,
  shardIds: readonly number[] | null | undefined,
  token: string,
  apiUrl: string | null,
): Promise<ShardPlan> {
  return planShards(mode, await resolveShardCount(mode, token, apiUrl), shardIds);
}

/** The shard a process runs, from the environment discord.js's ShardingManager gives its children; null outside one. */
export function shardIdFromEnvironment(env: NodeJS.ProcessEnv): number | null {
  if (env.SHARDING_MANAGER !== 'true') return null;
  const id = Number(env.SHARDS);
  return Number.isInteger(id) && id >= 0 ? id : null;
}

/**
 * Each shard process serves its own /healthz and /metrics: shard k listens on HEALTH_PORT + k (0 stays off), on
 * whichever host runs it, so a host with shards 2 and 3 uses HEALTH_PORT + 2 and + 3.
 */
export function healthPortForShard(basePort: number, shardId: number | null): number {
  if (basePort === 0 || shardId === null) return basePort;
  return basePort + shardId;
}
