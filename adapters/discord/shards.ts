// Which shard a guild belongs to, so a process delivers digests only to the guilds its shards serve.

/** This process's share of the bot's shards (config.discord.shards). */
export interface ShardSet {
  ids: number[];
  count: number;
}

const SNOWFLAKE = /^\d{1,20}$/;

/**
 * The shard of a guild, by Discord's formula `(guild_id >> 22) % shard_count`. Direct messages
 * (no guild) go to shard 0, as Discord sends them; so does an id that is not a snowflake.
 */
export function shardOf(guildId: string | undefined, count: number): number {
  if (!guildId || !SNOWFLAKE.test(guildId) || count <= 1) return 0;
  return Number((BigInt(guildId) >> 22n) % BigInt(count));
}

/** Whether `shards` includes the guild's shard; without shards (one process), every guild. */
export function servesGuild(shards: ShardSet | undefined, guildId: string | undefined): boolean {
  return !shards || shards.ids.includes(shardOf(guildId, shards.count));
}
