// Posts messages to a channel through discord.js's REST client: 429s waited out, retries never duplicate.
import { randomBytes } from 'node:crypto';
import { DiscordAPIError, HTTPError, Routes, type REST } from 'discord.js';
import type { PostedMessage } from '../../src/chat.ts';
import { ChannelUnavailableError, UpstreamError } from '../../src/errors.ts';
import { paperIdOf, type OutgoingMessage } from './outgoing.ts';

/**
 * Post each message in order; one PostedMessage per message. discord.js's REST waits out 429s
 * (`retry_after`, the global flag, per-route buckets) and retries 5xx and timeouts; each message
 * carries a nonce with `enforce_nonce`, so a retry after a lost response cannot post it twice.
 * 403/404 (no access, no permission, unknown channel) become ChannelUnavailableError.
 */
export async function postMessages(rest: REST, channelId: string, messages: readonly OutgoingMessage[]): Promise<PostedMessage[]> {
  const posted: PostedMessage[] = [];
  for (const message of messages) {
    const body = { ...message.body, nonce: newNonce(), enforce_nonce: true };
    try {
      const sent = (await rest.post(Routes.channelMessages(channelId), { body, files: message.files })) as { id: string };
      posted.push({ messageId: sent.id, paperId: paperIdOf(message.body) });
    } catch (err) {
      throw asPostError(err, channelId);
    }
  }
  return posted;
}

/** Map a REST failure to paperboy's errors. */
export function asPostError(err: unknown, channelId: string): Error {
  if (err instanceof DiscordAPIError && (err.status === 403 || err.status === 404)) {
    return new ChannelUnavailableError('discord', channelId, `${err.status} ${err.message}`);
  }
  if (err instanceof DiscordAPIError || err instanceof HTTPError) {
    return new UpstreamError('discord', err.message, err.status);
  }
  if (err instanceof Error && err.name === 'AbortError') return new UpstreamError('discord', 'request timed out');
  return err instanceof Error ? err : new Error(String(err));
}

/** Discord nonces are at most 25 characters. */
function newNonce(): string {
  return randomBytes(12).toString('hex');
}
