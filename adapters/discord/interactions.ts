// Incoming interactions: `/paper` slash commands and Save / Not-for-us buttons, answered through the app.
import { setTimeout as sleep } from 'node:timers/promises';
import {
  ApplicationCommandOptionType,
  DiscordAPIError,
  HTTPError,
  PermissionFlagsBits,
  type ButtonInteraction,
  type ChatInputCommandInteraction,
  type REST,
} from 'discord.js';
import type { App } from '../../src/app-services.ts';
import { shareReply } from '../../src/handlers/share.ts';
import type { CommandInvocation, Reaction } from '../../src/chat.ts';
import type { Logger } from '../../src/logger.ts';
import type { Reply } from '../../src/views.ts';
import { COMMAND_NAME } from '../../commands/index.ts';
import { InteractionResponder } from './interaction-responder.ts';
import { permissionNames, POST_PERMISSIONS, THREAD_POST_PERMISSIONS } from './invite.ts';
import { BUTTON_ID, paperIdOf, toOutgoing, type OutgoingMessage } from './outgoing.ts';
import { unknownButtonText } from '../../src/handlers/reaction-handler.ts';

/** What the interaction handlers need. */
export interface InteractionDeps {
  app: App;
  rest: REST;
  logger: Logger;
  /** A command not marked slow that has not answered by then is deferred (well inside Discord's 3 s). */
  deferAfterMs: number;
}

const SORRY: Reply = { ephemeral: true, views: [{ kind: 'text', tone: 'error', text: 'Sorry, something went wrong on my side. Please try again in a moment.' }] };
/** A button of paperboy's this version does not know (another app's never reach it): an old message's, say. */
const unknownButton = (saveEmoji: string): Reply => ({
  ephemeral: true,
  views: [{ kind: 'text', tone: 'error', text: unknownButtonText(saveEmoji) }],
});

/** A `/paper …` interaction as the neutral CommandInvocation, options typed by Discord. */
export function toInvocation(i: ChatInputCommandInteraction): CommandInvocation {
  const sub = i.options.data.find((o) => o.type === ApplicationCommandOptionType.Subcommand);
  const options = Object.fromEntries((sub?.options ?? []).map((o) => [o.name, o.value]));
  return {
    platform: 'discord',
    channelId: i.channelId,
    workspaceId: i.guildId ?? undefined,
    userId: i.user.id,
    name: i.commandName === COMMAND_NAME && sub ? sub.name : 'help',
    options,
    // Discord sends the member's permissions in this channel, overwrites included (Administrator implies all).
    canManageChannel: i.memberPermissions?.has(PermissionFlagsBits.ManageChannels) ?? false,
    cannotPost: cannotPost(i),
  };
}

/** What paperboy's role lacks to post digests in the interaction's channel (Discord sends the app's permissions there). */
function cannotPost(i: ChatInputCommandInteraction): string | undefined {
  // No permissions at all means Discord did not say (discord.js reads a missing field as none).
  if (!i.appPermissions?.bitfield) return undefined;
  const missing = i.appPermissions.missing([...(i.channel?.isThread() ? THREAD_POST_PERMISSIONS : POST_PERMISSIONS)]);
  return missing.length ? `give paperboy's role ${permissionNames(missing)} in this channel` : undefined;
}

/** Run a slash command; the first response goes out within `deferAfterMs` (or at once when slow). */
export async function answerCommand(i: ChatInputCommandInteraction, deps: InteractionDeps): Promise<void> {
  const inv = toInvocation(i);
  const log = deps.logger.child({ interaction: i.id, command: inv.name, channel: inv.channelId, user: inv.userId });
  const spec = deps.app.commands.find((c) => c.name === inv.name);
  const work = deps.app.handleCommand(inv).catch((err: unknown) => {
    log.error({ err }, 'command failed');
    return SORRY;
  });
  await respond(i, deps, work, { slow: Boolean(spec?.slow), ephemeral: spec?.ephemeral ?? true }, log);
}

/** A Save or Not-for-us button: save (or dismiss) the paper for the person and confirm privately. */
export async function answerButton(i: ButtonInteraction, deps: InteractionDeps): Promise<void> {
  const m = BUTTON_ID.exec(i.customId);
  if (!m) {
    // Link buttons send nothing, and other apps' never reach us: an id of ours this version does not read.
    const log = deps.logger.child({ interaction: i.id, button: i.customId.slice(0, 100), user: i.user.id });
    log.warn('unknown button pressed; told the person it no longer works');
    return respond(i, deps, Promise.resolve(unknownButton(deps.app.config.saveEmoji)), { slow: false, ephemeral: true }, log);
  }
  if (m[1] === 'share') return share(i, deps, m[2]!);
  const reaction: Reaction = {
    platform: 'discord',
    channelId: i.channelId,
    workspaceId: i.guildId ?? undefined,
    userId: i.user.id,
    messageId: i.message.id,
    // The button's action id (`paperboy:save`); the core answers buttons with a confirmation.
    emoji: `paperboy:${m[1]}`,
    added: true,
    paperId: m[2],
  };
  const log = deps.logger.child({ interaction: i.id, button: m[1], paper: m[2], user: reaction.userId });
  const work = deps.app
    .handleReaction(reaction)
    .then((view): Reply => ({ ephemeral: true, views: [view ?? { kind: 'text', tone: 'success', text: m[1] === 'save' ? 'Saved.' : 'Noted.' }] }))
    .catch((err: unknown) => {
      log.error({ err }, 'button failed');
      return SORRY;
    });
  await respond(i, deps, work, { slow: false, ephemeral: true }, log);
}

/**
 * Share: the paper, in full, as the button's public answer in the channel (an interaction's answer
 * needs no permission to post there); a paper paperboy no longer has gets a private line.
 */
async function share(i: ButtonInteraction, deps: InteractionDeps, paperId: string): Promise<void> {
  const log = deps.logger.child({ interaction: i.id, button: 'share', paper: paperId, user: i.user.id });
  const work = shareReply(deps.app.papers, paperId).catch((err: unknown) => {
    log.error({ err }, 'sharing a paper failed');
    return SORRY;
  });
  // Public unless the paper is gone: a deferral made while it is looked up must be public too. The public
  // message is recorded as showing the paper, so that reacting to it saves the paper, as on a digest's.
  await respond(i, deps, work, { slow: false, ephemeral: false }, log, async (sent, ephemeral) => {
    if (ephemeral) return;
    for (const { message, id } of sent) {
      const shown = paperIdOf(message.body);
      if (id && shown) await deps.app.stores.deliveries.recordMessage('discord', i.channelId, id, shown);
    }
  });
}

async function respond(
  i: ChatInputCommandInteraction | ButtonInteraction,
  deps: InteractionDeps,
  work: Promise<Reply>,
  hint: { slow: boolean; ephemeral: boolean },
  log: Logger,
  /** Told of the messages sent, with their ids where Discord gave them. */
  onSent?: (sent: { message: OutgoingMessage; id?: string }[], ephemeral: boolean) => Promise<void>,
): Promise<void> {
  const responder = new InteractionResponder(deps.rest, { id: i.id, token: i.token, applicationId: i.applicationId });
  const timer = new AbortController();
  try {
    if (hint.slow) {
      await responder.defer(hint.ephemeral);
    } else {
      const early = await Promise.race([work, sleep(deps.deferAfterMs, undefined, { signal: timer.signal })]);
      if (!early) await responder.defer(hint.ephemeral);
    }
    const reply = await work;
    const messages = toOutgoing(reply.views);
    const ids = await responder.send(messages, reply.ephemeral);
    log.debug({ deferred: responder.deferred }, 'answered interaction');
    await onSent?.(
      messages.map((message, n) => ({ message, id: ids[n] })),
      reply.ephemeral,
    ).catch((err: unknown) => log.warn({ err }, 'could not record the messages sent; reactions on them will not be read'));
  } catch (err) {
    log.error({ err: withoutUrl(err) }, 'could not answer the interaction');
  } finally {
    timer.abort();
  }
}

/** A REST error without its URL: interaction and webhook URLs carry the interaction token. */
function withoutUrl(err: unknown): unknown {
  if (!(err instanceof DiscordAPIError || err instanceof HTTPError)) return err;
  return { type: err.name, status: err.status, method: err.method, message: err.message, ...('code' in err ? { code: err.code } : {}) };
}
