// Posting to Slack channels: paced per channel, 429s honoured, failed posts retried without duplicates.
import { randomUUID } from 'node:crypto';
import { webApi } from '@slack/bolt';
import { ChannelUnavailableError, RateLimitError, UpstreamError } from '../../src/errors.ts';
import type { Logger } from '../../src/logger.ts';
import { KeyedMutex } from '../../src/store/keyed-mutex.ts';
import type { PostClient } from './post-client.ts';
import { head } from '../../src/text/cut.ts';

/** Slack errors that mean the channel will not take posts until someone fixes it, with what fixes it. */
export const CHANNEL_GONE = new Map([
  ['channel_not_found', 'paperboy cannot see this channel: in a private channel, invite it with /invite @paperboy'],
  ['not_in_channel', 'paperboy is not a member of this channel: invite it with /invite @paperboy'],
  ['is_archived', 'the channel is archived: unarchive it, or subscribe another channel'],
  ['restricted_action', 'the workspace does not let paperboy post here: ask a workspace admin to allow it'],
]);

/**
 * The error for a channel that refused a post with `code` (one of CHANNEL_GONE), or undefined. Its reason
 * says what to do (it is shown by /paper settings on the paused subscription), as Discord's do.
 */
export function channelGone(channelId: string, code: string | undefined): ChannelUnavailableError | undefined {
  const fix = code === undefined ? undefined : CHANNEL_GONE.get(code);
  return fix ? new ChannelUnavailableError('slack', channelId, `${code}: ${fix}`) : undefined;
}

/** How paperboy marks its messages so that a retried post can find the first attempt. */
export const POST_EVENT_TYPE = 'paperboy_post';

/** Posting settings; the defaults suit Slack, tests shrink the waits. */
export interface PosterOptions {
  /**
   * A WebClient or JsonPostClient (createPostClient) built with `retryConfig: {retries: 0}` and
   * `rejectRateLimitedCalls: true`: the poster retries.
   */
  client: PostClient;
  logger: Logger;
  /** Per channel, at most one message per this many ms (Slack: about one a second). */
  minIntervalMs?: number;
  /** Tries per message, rate limits and failures together. */
  attempts?: number;
  /** Wait before retrying a failed post, doubled each time. */
  backoffMs?: number;
  /** Longest Retry-After we wait for; beyond it we give up with RateLimitError. */
  maxRetryAfterMs?: number;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

type CodedError = Error & {
  code?: string;
  retryAfter?: number;
  statusCode?: number;
  data?: { error?: string; needed?: string; errors?: string[]; response_metadata?: { messages?: string[] } };
};

/**
 * What Slack said was wrong, for a person to act on: a missing scope is named with how to add it (Slack's
 * `needed`), invalid blocks with Slack's own details.
 */
export function slackProblem(e: CodedError): string {
  const reason = e.data?.error ?? e.message;
  if (reason === 'missing_scope') {
    const needed = e.data?.needed ? `the ${e.data.needed} scope` : 'a scope';
    return `missing_scope: the app lacks ${needed}; add it under OAuth & Permissions in the app's settings, then reinstall the app to the workspace`;
  }
  const details = [...(e.data?.errors ?? []), ...(e.data?.response_metadata?.messages ?? [])].filter((d) => typeof d === 'string');
  return details.length ? `${reason} (${head([...new Set(details)].join('; '), 300)})` : reason;
}

/** The message without its images (a thumbnail Slack could not fetch fails the whole message), or undefined when it has none. */
function withoutImages(args: webApi.ChatPostMessageArguments): webApi.ChatPostMessageArguments | undefined {
  const blocks = (args as { blocks?: { type?: string; accessory?: { type?: string } }[] }).blocks;
  if (!Array.isArray(blocks) || !blocks.some((b) => b.type === 'image' || b.accessory?.type === 'image')) return undefined;
  const kept = blocks.filter((b) => b.type !== 'image').map((b) => (b.accessory?.type === 'image' ? { ...b, accessory: undefined } : b));
  return { ...args, blocks: kept } as webApi.ChatPostMessageArguments;
}

/** Sends chat.postMessage calls one channel at a time and never posts the same message twice. */
export class SlackPoster {
  /** Posts to one channel go one at a time. */
  private readonly perChannel = new KeyedMutex();
  /** Per channel, when its last post started. */
  private readonly lastStart = new Map<string, number>();
  private readonly client: PostClient;
  private readonly logger: Logger;
  private readonly minIntervalMs: number;
  private readonly attempts: number;
  private readonly backoffMs: number;
  private readonly maxRetryAfterMs: number;

  constructor(opts: PosterOptions) {
    this.client = opts.client;
    this.logger = opts.logger;
    this.minIntervalMs = opts.minIntervalMs ?? 1000;
    this.attempts = opts.attempts ?? 5;
    this.backoffMs = opts.backoffMs ?? 1000;
    this.maxRetryAfterMs = opts.maxRetryAfterMs ?? 120_000;
  }

  /** Post one message (showing `paperId`, if one); resolves to its timestamp (Slack's message id). */
  post(args: webApi.ChatPostMessageArguments, paperId?: string): Promise<string> {
    const channel = args.channel;
    return this.perChannel.run(channel, async () => {
      const wait = (this.lastStart.get(channel) ?? -Infinity) + this.minIntervalMs - Date.now();
      if (wait > 0) await sleep(wait);
      this.lastStart.set(channel, Date.now());
      return this.postOnce(args, paperId);
    });
  }

  /** Wait for every queued post. */
  async drain(): Promise<void> {
    await this.perChannel.idle();
  }

  /** List paperboy's own posts in a channel since an instant, oldest first, with the paper each shows. */
  async recentPosts(channel: string, since: Date): Promise<{ messageId: string; paperId?: string }[]> {
    const res = await this.client.conversations.history({ channel, oldest: (since.getTime() / 1000).toFixed(6), limit: 200, include_all_metadata: true });
    return (res.messages ?? [])
      .filter((m) => m.ts && m.metadata?.event_type === POST_EVENT_TYPE)
      .map((m) => {
        const paperId = (m.metadata?.event_payload as { paper_id?: string } | undefined)?.paper_id;
        return { messageId: m.ts!, ...(paperId ? { paperId } : {}) };
      })
      .reverse();
  }

  private async postOnce(args: webApi.ChatPostMessageArguments, paperId?: string): Promise<string> {
    const postId = randomUUID();
    const since = (Date.now() - 60_000) / 1000;
    const payload = { post_id: postId, ...(paperId ? { paper_id: paperId } : {}) };
    let message = { ...args, metadata: { event_type: POST_EVENT_TYPE, event_payload: payload } } as webApi.ChatPostMessageArguments;
    // Built only when something is logged: a fan-out posts thousands of messages without a line.
    const log = () => this.logger.child({ channel: args.channel, postId });
    let lastError: Error | undefined;
    for (let attempt = 1; attempt <= this.attempts; attempt++) {
      try {
        const res = await this.client.chat.postMessage(message);
        if (!res.ts) throw new UpstreamError('slack', 'chat.postMessage answered without a message ts');
        return res.ts;
      } catch (err) {
        const e = err as CodedError;
        if (e.code === webApi.ErrorCode.RateLimitedError) {
          const waitMs = (e.retryAfter ?? 1) * 1000;
          if (waitMs > this.maxRetryAfterMs || attempt === this.attempts) throw new RateLimitError('slack', waitMs);
          log().warn({ attempt, waitMs }, 'slack rate limited a post; waiting as asked');
          await sleep(waitMs);
          continue;
        }
        if (e.code === webApi.ErrorCode.PlatformError) {
          const reason = e.data?.error ?? 'unknown_error';
          const gone = channelGone(args.channel, reason);
          if (gone) throw gone;
          // Slack fetches a message's images as it posts it: one it cannot fetch (a thumbnail gone) refuses the message.
          const plain = reason === 'invalid_blocks' ? withoutImages(message) : undefined;
          if (plain && attempt < this.attempts) {
            log().warn({ attempt, problem: slackProblem(e) }, 'slack refused a message with an image; posting it without');
            message = plain;
            continue;
          }
          throw new UpstreamError('slack', `chat.postMessage failed: ${slackProblem(e)}`);
        }
        const ambiguous = e.code === webApi.ErrorCode.RequestError || (e.statusCode !== undefined && (e.statusCode >= 500 || e.statusCode === 408));
        if (!ambiguous) throw new UpstreamError('slack', `chat.postMessage failed: ${e.message}`, e.statusCode);
        lastError = e;
        // The post may have landed before the failure: look for it before trying again.
        const landed = await this.findPosted(args.channel, postId, since);
        if (landed === null) throw new UpstreamError('slack', `chat.postMessage failed and could not be checked, so it was not retried: ${e.message}`);
        if (landed) {
          log().info({ attempt }, 'a failed post had landed; not posting it again');
          return landed;
        }
        if (attempt === this.attempts) break;
        const waitMs = this.backoffMs * 2 ** (attempt - 1);
        log().warn({ attempt, waitMs, err: e.message }, 'slack post failed; retrying');
        await sleep(waitMs);
      }
    }
    throw new UpstreamError('slack', `chat.postMessage failed after ${this.attempts} tries: ${lastError?.message ?? 'unknown'}`, (lastError as CodedError | undefined)?.statusCode);
  }

  /** The ts of our message with this post id in the channel's recent history; '' when absent, null when unknown. */
  private async findPosted(channel: string, postId: string, since: number): Promise<string | null> {
    try {
      const res = await this.client.conversations.history({ channel, oldest: since.toFixed(6), limit: 100, include_all_metadata: true });
      const hit = res.messages?.find((m) => (m.metadata?.event_payload as { post_id?: string } | undefined)?.post_id === postId);
      return hit?.ts ?? '';
    } catch (err) {
      this.logger.warn({ channel, problem: slackProblem(err as CodedError) }, 'could not read channel history to check a failed post');
      return null;
    }
  }
}
