// Sending the core's Reply to a slash command or button: ephemeral through response_url, in-channel as posts.
import type { RespondFn, webApi } from '@slack/bolt';
import { ChannelUnavailableError } from '../../src/errors.ts';
import type { Logger } from '../../src/logger.ts';
import { cannotPostNotice, type FileView, type Reply } from '../../src/views.ts';
import { contentOf, renderMessages } from './messages.ts';
import type { SlackPoster } from './poster.ts';

/** What sending a reply needs from the adapter. */
export interface ReplyContext {
  /** Bolt's client (it retries and honours Retry-After by itself). */
  client: webApi.WebClient;
  poster: SlackPoster;
  logger: Logger;
  /** Remember that a posted message shows a paper (reactions on it save that paper). */
  recordMessage(channelId: string, ts: string, paperId: string): Promise<void>;
}

/** Who asked, where, and how to answer them privately. */
export interface ReplyTarget {
  channelId: string;
  userId: string;
  /** response_url of the command or button (valid 30 minutes, 5 uses). */
  respond?: RespondFn;
}

/**
 * Send every view of a reply, in order. Resolves to false when a message meant for the channel could not be
 * posted there and was shown only to the person instead, with why: a command was carried out all the same
 * (a subscription stored), so they see its answer rather than a plea to try again.
 */
export async function sendReply(ctx: ReplyContext, target: ReplyTarget, reply: Reply): Promise<boolean> {
  let inChannel = true;
  /** Why paperboy cannot post here itself, once its answer went out through response_url instead. */
  let cannotPost: string | undefined;
  for (const view of reply.views) {
    if (view.kind === 'file') {
      await sendFile(ctx, target, view, reply.ephemeral);
      continue;
    }
    for (const message of renderMessages(view, target.channelId)) {
      const content = contentOf(message.args);
      if (reply.ephemeral) {
        await sendEphemeral(ctx, target, content);
        continue;
      }
      let ts: string;
      try {
        ts = await ctx.poster.post(message.args, message.paperId);
      } catch (err) {
        if (err instanceof ChannelUnavailableError && target.respond) {
          // paperboy is not in this channel: Slack still shows a response_url answer there.
          try {
            await target.respond({ response_type: 'in_channel', replace_original: false, ...content } as never);
            cannotPost ??= err.reason;
            continue;
          } catch (e) {
            ctx.logger.warn({ channel: target.channelId, err: e }, 'response_url failed too');
          }
        }
        ctx.logger.warn({ channel: target.channelId, err }, 'could not post an answer in the channel; showing it to the person only');
        if (inChannel) await sendEphemeral(ctx, target, notice(err));
        inChannel = false;
        await sendEphemeral(ctx, target, content);
        continue;
      }
      // Posted: a failure to remember it only costs reactions on it, and is no reason to say it was not.
      if (message.paperId) {
        await ctx.recordMessage(target.channelId, ts, message.paperId).catch((err: unknown) =>
          ctx.logger.warn({ channel: target.channelId, err }, 'could not record a posted paper; reactions on it will not save it'),
        );
      }
    }
  }
  // The answer was shown, but digests (posted, not answered) cannot go here: said now, not by a paused subscription tomorrow.
  if (cannotPost && reply.subscribed) {
    await sendEphemeral(ctx, target, noticeText(cannotPostNotice(cannotPost))).catch((err: unknown) =>
      ctx.logger.warn({ channel: target.channelId, err }, 'could not tell the person that paperboy cannot post here'),
    );
  }
  return inChannel;
}

/** The private note before an answer that could not go to the channel. */
function notice(err: unknown): { text: string } {
  const why = err instanceof ChannelUnavailableError ? err.reason : err instanceof Error ? err.message : String(err);
  return noticeText(`paperboy could not post this in the channel, so only you see it (${why}).`);
}

/** An error line, rendered as every other text. */
function noticeText(text: string): { text: string; blocks?: unknown[] } {
  const message = renderMessages({ kind: 'text', text, tone: 'error' }, '')[0];
  return message ? contentOf(message.args) : { text };
}

/** A message only the person sees: response_url first, chat.postEphemeral when that fails. */
export async function sendEphemeral(ctx: ReplyContext, target: ReplyTarget, content: { text: string; blocks?: unknown[] }): Promise<void> {
  if (target.respond) {
    try {
      await target.respond({ response_type: 'ephemeral', replace_original: false, ...content } as never);
      return;
    } catch (err) {
      ctx.logger.warn({ channel: target.channelId, err: (err as Error).message }, 'response_url failed; answering with chat.postEphemeral');
    }
  }
  await ctx.client.chat.postEphemeral({ channel: target.channelId, user: target.userId, ...content } as webApi.ChatPostEphemeralArguments);
}

/** Upload a file: to the person's direct messages when the reply is private, else to the channel. */
async function sendFile(ctx: ReplyContext, target: ReplyTarget, view: FileView, ephemeral: boolean): Promise<void> {
  let channel = target.channelId;
  if (ephemeral) {
    const dm = await ctx.client.conversations.open({ users: target.userId });
    channel = dm.channel?.id ?? target.channelId;
  }
  const comment = view.comment ? renderMessages({ kind: 'text', text: view.comment }, channel)[0]?.args : undefined;
  await ctx.client.filesUploadV2({
    channel_id: channel,
    filename: view.filename,
    title: view.filename,
    content: view.content,
    ...(comment ? { initial_comment: contentOf(comment).text } : {}),
  });
  if (ephemeral) {
    const note = renderMessages({ kind: 'text', text: `I sent ${view.filename} to you in a direct message with paperboy.`, tone: 'success' }, target.channelId)[0];
    if (note) await sendEphemeral(ctx, target, contentOf(note.args));
  }
}
