// What paperboy itself posted to a channel lately: lets a resumed delivery see whether an unsure message went out.
import { Routes, type REST } from 'discord.js';
import type { PostedMessage } from '../../src/chat.ts';
import { UpstreamError } from '../../src/errors.ts';
import { paperIdOf } from './outgoing.ts';
import { asPostError } from './post.ts';

/** Discord's epoch (2015-01-01) in Unix milliseconds: snowflakes count from it. */
const DISCORD_EPOCH = 1_420_070_400_000n;
/** At most this many pages of 100 messages are read (a digest is a dozen messages). */
const MAX_PAGES = 5;

interface ListedMessage {
  id: string;
  author?: { id?: string };
  components?: unknown;
  webhook_id?: string;
  interaction_metadata?: unknown;
  interaction?: unknown;
}

/** The smallest snowflake made at or after `at`: `after` it lists what was posted since. */
export function snowflakeAt(at: Date): string {
  const ms = BigInt(Math.max(0, at.getTime())) - DISCORD_EPOCH;
  return String(ms > 0n ? (ms << 22n) - 1n : 0n);
}

/**
 * The bot's own messages in a channel since an instant, oldest first, with the paper each shows
 * (from its Save button). Reads the channel's history (needs Read Message History, which the invite
 * asks for); the bot may read its own messages' content without the Message Content intent.
 */
export async function recentPosts(rest: REST, botUserId: string, channelId: string, since: Date): Promise<PostedMessage[]> {
  const mine: PostedMessage[] = [];
  let after = snowflakeAt(since);
  for (let page = 0; page < MAX_PAGES; page++) {
    let batch: ListedMessage[];
    try {
      batch = (await rest.get(Routes.channelMessages(channelId), { query: new URLSearchParams({ after, limit: '100' }) })) as ListedMessage[];
    } catch (err) {
      throw asPostError(err, channelId);
    }
    // A broken answer is not an empty channel: reading it as one would post an unsure message twice.
    if (!Array.isArray(batch)) throw new UpstreamError('discord', 'Discord answered a channel history read without a list of messages');
    if (batch.length === 0) break;
    const ordered = [...batch].sort((a, b) => (BigInt(a.id) < BigInt(b.id) ? -1 : 1));
    for (const m of ordered) {
      if (m.author?.id !== botUserId) continue;
      // A public answer to a command is the bot's too, but no delivery posted it: taken for a
      // digest's header (no paper either), it would make an unsure header count as sent.
      if (m.webhook_id || m.interaction_metadata || m.interaction) continue;
      const paperId = paperIdOf({ components: m.components } as Parameters<typeof paperIdOf>[0]);
      mine.push({ messageId: m.id, ...(paperId ? { paperId } : {}) });
    }
    if (batch.length < 100) break;
    after = ordered.at(-1)!.id;
  }
  return mine;
}
