// Answers one interaction: an immediate response, or a deferral then an edit of the original, plus followups.
import { InteractionResponseType, MessageFlags, Routes, type REST } from 'discord.js';
import type { OutgoingMessage } from './outgoing.ts';

/** Discord's error code for a callback to an interaction that already has one. */
const ALREADY_ACKNOWLEDGED = 40060;

/** The parts of an interaction needed to answer it. */
export interface InteractionHandle {
  id: string;
  token: string;
  applicationId: string;
}

/**
 * Sends an interaction's answer through the REST client (the callback and webhook routes need no
 * bot token). Discord wants a first response within 3 s: call `defer` when the work may take
 * longer, then `send` edits the deferred response; the rest of a multi-message answer goes as followups.
 */
export class InteractionResponder {
  private deferredEphemeral: boolean | undefined;
  private answered = false;

  constructor(
    private readonly rest: REST,
    private readonly interaction: InteractionHandle,
  ) {}

  /** Whether a deferral went out. */
  get deferred(): boolean {
    return this.deferredEphemeral !== undefined;
  }

  /** Acknowledge now ("paperboy is thinking…"); the answer's visibility is fixed here. */
  async defer(ephemeral: boolean): Promise<void> {
    if (this.deferred || this.answered) return;
    try {
      await this.callback({
        type: InteractionResponseType.DeferredChannelMessageWithSource,
        data: ephemeral ? { flags: MessageFlags.Ephemeral } : {},
      });
    } catch (err) {
      // The REST client retried a deferral whose answer was lost; Discord says the first one landed (40060,
      // already acknowledged). Then it is deferred: the answer edits it, as usual.
      if ((err as { code?: unknown })?.code !== ALREADY_ACKNOWLEDGED) throw err;
    }
    this.deferredEphemeral = ephemeral;
  }

  /**
   * Send the answer: the first message as the response (or its edit), the others as followups. Resolves to
   * the id of each message sent, where Discord told it (a public answer's ids let reactions on it be read).
   */
  async send(messages: readonly OutgoingMessage[], ephemeral: boolean): Promise<(string | undefined)[]> {
    const [first, ...rest] = messages.length ? messages : [{ body: { content: '✓', allowed_mentions: { parse: [] } } }];
    const ids: (string | undefined)[] = [];
    if (!this.deferred) {
      // `with_response`: Discord answers with the message it created instead of 204.
      const created = (await this.callback({ type: InteractionResponseType.ChannelMessageWithSource, data: flagged(first!, ephemeral).body }, first!.files, true)) as
        | { interaction?: { response_message_id?: string }; resource?: { message?: { id?: string } } }
        | undefined;
      ids.push(created?.resource?.message?.id ?? created?.interaction?.response_message_id);
      this.answered = true;
    } else if (ephemeral && !this.deferredEphemeral) {
      // A public "thinking…" cannot become private: remove it and answer privately instead.
      await this.rest.delete(Routes.webhookMessage(this.interaction.applicationId, this.interaction.token, '@original'), { auth: false });
      rest.unshift(first!);
    } else {
      const edited = (await this.rest.patch(Routes.webhookMessage(this.interaction.applicationId, this.interaction.token, '@original'), {
        body: first!.body,
        files: first!.files,
        auth: false,
      })) as { id?: string } | undefined;
      ids.push(edited?.id);
    }
    for (const message of rest) {
      const { body, files } = flagged(message, ephemeral || Boolean(this.deferredEphemeral));
      const sent = (await this.rest.post(Routes.webhook(this.interaction.applicationId, this.interaction.token), { body, files, auth: false })) as { id?: string } | undefined;
      ids.push(sent?.id);
    }
    return ids;
  }

  private async callback(body: unknown, files?: OutgoingMessage['files'], withResponse = false): Promise<unknown> {
    return this.rest.post(Routes.interactionCallback(this.interaction.id, this.interaction.token), {
      body,
      files,
      auth: false,
      ...(withResponse ? { query: new URLSearchParams({ with_response: 'true' }) } : {}),
    });
  }
}

function flagged(message: OutgoingMessage, ephemeral: boolean): OutgoingMessage {
  if (!ephemeral) return message;
  return { ...message, body: { ...message.body, flags: (Number(message.body.flags ?? 0) | MessageFlags.Ephemeral) as never } };
}
