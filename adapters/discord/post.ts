// Posts messages to a channel through discord.js's REST client: 429s waited out, retries never duplicate.
import { randomBytes } from 'node:crypto';
import { DiscordAPIError, HTTPError, RateLimitError as DiscordRateLimitError, Routes, type REST } from 'discord.js';
import { withPosted, type PostedMessage } from '../../src/chat.ts';
import { ChannelUnavailableError, RateLimitError, UpstreamError } from '../../src/errors.ts';
import { restWaitMs } from './client.ts';
import { BOT_PERMISSIONS, permissionNames } from './invite.ts';
import { paperIdOf, type OutgoingMessage } from './outgoing.ts';

/**
 * Post each message in order; one PostedMessage per message. discord.js's REST waits out 429s
 * (`retry_after`, the global flag, per-route buckets) and retries 5xx and timeouts; each message
 * carries a nonce with `enforce_nonce`, so a retry after a lost response cannot post it twice.
 * 403/404 (no access, no permission, unknown channel) become ChannelUnavailableError. A failure
 * after some messages went out carries them (withPosted).
 */
export async function postMessages(rest: REST, channelId: string, messages: readonly OutgoingMessage[]): Promise<PostedMessage[]> {
  const posted: PostedMessage[] = [];
  for (const message of messages) {
    const body = { ...message.body, nonce: newNonce(), enforce_nonce: true };
    try {
      const sent = (await rest.post(Routes.channelMessages(channelId), { body, files: message.files })) as { id?: unknown } | null;
      // Without an id the message cannot be recorded (reactions on it would save nothing): treat it as
      // unsure, so the delivery checks the channel's history before posting it again.
      if (typeof sent?.id !== 'string' || !sent.id) throw new UpstreamError('discord', 'Discord answered a post without a message id');
      posted.push({ messageId: sent.id, paperId: paperIdOf(message.body) });
    } catch (err) {
      throw withPosted(asPostError(err, channelId), posted);
    }
  }
  return posted;
}

/** What paperboy needs in a channel (the permissions its invite asks for), said to whoever must grant it. */
const NEEDED = `give paperboy's role ${permissionNames(BOT_PERMISSIONS.toArray())} in this channel`;

/** Map a REST failure to paperboy's errors. */
export function asPostError(err: unknown, channelId: string): Error {
  // The reason is shown by /paper settings on a paused subscription: say what to fix.
  if (err instanceof DiscordAPIError && err.status === 403) {
    return new ChannelUnavailableError('discord', channelId, `${err.status} ${err.message}: ${NEEDED}`);
  }
  if (err instanceof DiscordAPIError && err.status === 404) {
    return new ChannelUnavailableError('discord', channelId, `${err.status} ${err.message}: the channel was deleted or paperboy was removed from the server`);
  }
  if (err instanceof DiscordAPIError || err instanceof HTTPError) {
    return new UpstreamError('discord', err.message, err.status);
  }
  // A wait longer than discord.js sits out (client.ts): the pacer holds the channel back, or gives up.
  if (err instanceof DiscordRateLimitError) return new RateLimitError('discord', restWaitMs(err));
  if (err instanceof Error && err.name === 'AbortError') return new UpstreamError('discord', 'request timed out');
  return err instanceof Error ? err : new Error(String(err));
}

/** Discord nonces are at most 25 characters. */
function newNonce(): string {
  return randomBytes(12).toString('hex');
}
