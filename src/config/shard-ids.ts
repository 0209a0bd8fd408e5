// SHARD_IDS is configuration: read and checked here, with the other variables (src/config/load-config.ts).

/**
 * SHARD_IDS: the shards this host runs out of the total, as a list and/or ranges ("0,1", "0-1", "0-3,8").
 * Returns the ids ascending; throws a problem text (without the value, which the caller shows) when malformed.
 */
export function parseShardIds(value: string): number[] {
  const ids: number[] = [];
  for (const part of value.split(',').map((p) => p.trim())) {
    const range = /^(\d{1,4})\s*-\s*(\d{1,4})$/.exec(part);
    if (range) {
      const [first, last] = [Number(range[1]), Number(range[2])];
      if (first > last) throw new Error(`has a backwards range ${part} (write it low-high)`);
      for (let id = first; id <= last; id++) ids.push(id);
    } else if (/^\d{1,4}$/.test(part)) {
      ids.push(Number(part));
    } else {
      throw new Error('must be shard ids as a list and/or ranges, e.g. 0,1 or 0-3 or 0-3,8');
    }
  }
  const duplicates = [...new Set(ids.filter((id, index) => ids.indexOf(id) !== index))];
  if (duplicates.length > 0) throw new Error(`names shard ${duplicates.join(', ')} more than once`);
  return ids.sort((a, b) => a - b);
}

/** Why `ids` cannot be run out of `total` shards (ids run from 0 to total - 1), or null when they can. */
export function shardIdsProblem(ids: readonly number[], total: number): string | null {
  const outside = ids.filter((id) => id >= total);
  if (outside.length === 0) return null;
  return `names shard ${outside.join(', ')} but there are only ${total} shard${total === 1 ? '' : 's'} (ids 0 to ${total - 1})`;
}
