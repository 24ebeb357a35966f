// Builds the discord.js client paperboy runs: the fewest intents, partials for old messages, no pings.
import { Client, GatewayIntentBits, Partials, type RateLimitData, type RESTOptions } from 'discord.js';
import type { ShardSet } from './shards.ts';

/**
 * The longest rate-limit wait discord.js sits out itself. Longer ones (a channel's slowmode, a long
 * global ban) fail the request with a RateLimitError instead, which paperboy's pacer and delivery
 * handle like any 429: a request waiting an hour would hold its digest, or a command, that long.
 */
export const LONGEST_REST_WAIT_MS = 60_000;

/** How long discord.js would wait for a rate limit (the request's own Retry-After, or its route's reset). */
export const restWaitMs = (limit: Pick<RateLimitData, 'retryAfter' | 'timeToReset'>): number => Math.max(limit.retryAfter ?? 0, limit.timeToReset ?? 0);

/** Settings tests may tighten (REST timeout and retries); production takes discord.js's defaults. */
export interface ClientTuning {
  rest?: Partial<Pick<RESTOptions, 'timeout' | 'retries' | 'offset'>>;
  /** How long to wait for GUILD_CREATE after READY before calling the client ready (ms). */
  waitGuildTimeout?: number;
}

/**
 * A discord.js client for paperboy. Intents: guilds (channels, permissions, interactions need no
 * intent) and guild message reactions; no message content. Partials for messages, channels,
 * reactions and users, so a reaction on a digest posted before a restart still arrives.
 * `apiUrl` goes to the REST client; the gateway address then comes from `GET /gateway/bot`.
 * With `shards`, the client opens only those shards of `count` (several processes share the bot);
 * without, discord.js's default, one shard.
 */
export function createDiscordClient(apiUrl: string, tuning: ClientTuning = {}, shards?: ShardSet): Client {
  return new Client({
    ...(shards ? { shards: shards.ids, shardCount: shards.count } : {}),
    intents: [GatewayIntentBits.Guilds, GatewayIntentBits.GuildMessageReactions],
    partials: [Partials.Message, Partials.Channel, Partials.Reaction, Partials.User],
    // Belt and braces: every body paperboy sends sets allowed_mentions itself; this covers the rest.
    allowedMentions: { parse: [], repliedUser: false },
    rest: { api: apiUrl, rejectOnRateLimit: (limit) => restWaitMs(limit) > LONGEST_REST_WAIT_MS, ...tuning.rest },
    waitGuildTimeout: tuning.waitGuildTimeout ?? 15_000,
  });
}
