// Discord sharding: the guild → shard formula, the adapter's servesChannel, and the shard sent in IDENTIFY.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { servesGuild, shardOf } from '../../../adapters/discord/shards.ts';
import { DiscordAdapter } from '../../../adapters/discord/discord-adapter.ts';
import type { App } from '../../../src/app-services.ts';
import { loadConfig } from '../../../src/config.ts';
import { silentLogger } from '../../../src/logger.ts';
import { IDS, startHarness, type Harness } from './harness.ts';

/** A snowflake whose timestamp part (the bits above 22) is `high`, with `low` in the worker/sequence bits. */
const snowflake = (high: bigint, low = 0n) => String((high << 22n) | low);

describe('shardOf', () => {
  it("follows Discord's (guild_id >> 22) % shard_count", () => {
    expect(shardOf(snowflake(1000n), 2)).toBe(0);
    expect(shardOf(snowflake(1001n), 2)).toBe(1);
    // The low 22 bits never change the shard.
    expect(shardOf(snowflake(7n, (1n << 22n) - 1n), 4)).toBe(3);
    expect(shardOf(snowflake(7n), 4)).toBe(3);
    // A real-sized snowflake, beyond Number's exact range.
    expect(shardOf('81384788765712384', 5)).toBe(Number((81384788765712384n >> 22n) % 5n));
    expect(shardOf(IDS.guild, 2)).toBe(1);
  });

  it('puts direct messages, bad ids and a single shard on shard 0', () => {
    expect(shardOf(undefined, 4)).toBe(0);
    expect(shardOf('not-a-guild', 4)).toBe(0);
    expect(shardOf('-5', 4)).toBe(0);
    expect(shardOf(snowflake(1001n), 1)).toBe(0);
  });

  it('serves every guild without shards, else only its own', () => {
    expect(servesGuild(undefined, snowflake(1001n))).toBe(true);
    expect(servesGuild({ ids: [0], count: 2 }, snowflake(1001n))).toBe(false);
    expect(servesGuild({ ids: [1], count: 2 }, snowflake(1001n))).toBe(true);
    expect(servesGuild({ ids: [0, 1], count: 2 }, snowflake(1000n))).toBe(true);
  });
});

describe('DiscordAdapter.servesChannel', () => {
  const adapterWith = (env: Record<string, string>) => {
    const config = loadConfig({ DISCORD_TOKEN: 't', DISCORD_APPLICATION_ID: IDS.app, STORE_URL: 'memory://', ...env });
    // The constructor reads only the logger and config; it builds the client without connecting.
    const app = { config, logger: silentLogger() } as unknown as App;
    return new DiscordAdapter(app, 't', 'http://127.0.0.1:9/api');
  };

  it('follows DISCORD_SHARD_COUNT and DISCORD_SHARDS, and hands them to the client', async () => {
    const adapter = adapterWith({ DISCORD_SHARD_COUNT: '2', DISCORD_SHARDS: '1' });
    try {
      expect(adapter.servesChannel({ platform: 'discord', channelId: 'c1', workspaceId: snowflake(1001n) })).toBe(true);
      expect(adapter.servesChannel({ platform: 'discord', channelId: 'c2', workspaceId: snowflake(1000n) })).toBe(false);
      // Direct messages arrive on shard 0 only.
      expect(adapter.servesChannel({ platform: 'discord', channelId: 'dm' })).toBe(false);
      expect(adapter.client.options.shards).toEqual([1]);
      expect(adapter.client.options.shardCount).toBe(2);
    } finally {
      await adapter.stop();
    }
  });

  it('serves every channel when sharding is not configured', async () => {
    const adapter = adapterWith({});
    try {
      expect(adapter.servesChannel({ platform: 'discord', channelId: 'c1', workspaceId: snowflake(1000n) })).toBe(true);
      expect(adapter.servesChannel({ platform: 'discord', channelId: 'dm' })).toBe(true);
    } finally {
      await adapter.stop();
    }
  });
});

describe('a sharded process against the fake gateway', () => {
  let h: Harness;
  beforeAll(async () => {
    // The fake guild is on shard 1 of 2.
    h = await startHarness({ env: { DISCORD_SHARD_COUNT: '2', DISCORD_SHARDS: '1' } });
  });
  afterAll(async () => h?.close());

  it('identifies as its shard of the total', () => {
    expect(h.discord.gateway.identifies).toHaveLength(1);
    expect(h.discord.gateway.identifies[0]!.shard).toEqual([1, 2]);
  });

  it("serves the guild's channels", () => {
    expect(h.adapter.servesChannel({ platform: 'discord', channelId: IDS.channel, workspaceId: IDS.guild })).toBe(true);
  });
});
