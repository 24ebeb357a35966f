// Slack payloads become neutral invocations and reactions: the adapter's incoming translation.
import type { CommandInvocation, Reaction } from '../../src/chat.ts';
import { readSlackText } from './escape.ts';

/** The fields of a slash command payload paperboy reads. */
export interface SlashCommandPayload {
  text?: string;
  user_id: string;
  channel_id: string;
  team_id?: string;
}

/** Longest text we pass on; the registry cuts queries far shorter (with a note), this only bounds memory. */
export const MAX_COMMAND_TEXT = 12_000;

/**
 * `/paper search linear attention` → `{name: 'search', text: 'linear attention', …}`; empty text asks
 * for help. The text is read back from Slack's escaping (`R&amp;D` is `R&D`; a pasted link Slack
 * wrapped as `<https://…|…>` is its URL).
 */
export function toInvocation(cmd: SlashCommandPayload): CommandInvocation {
  const text = readSlackText((cmd.text ?? '').slice(0, MAX_COMMAND_TEXT)).trim();
  const match = /^(\S+)\s*([\s\S]*)$/.exec(text);
  return {
    platform: 'slack',
    channelId: cmd.channel_id,
    workspaceId: cmd.team_id || undefined,
    userId: cmd.user_id,
    name: match ? match[1]!.toLowerCase() : 'help',
    text: match ? match[2]! : '',
    // Slack has no per-channel "manage" permission for apps: anyone in the channel may change its digest.
    canManageChannel: true,
  };
}

/** The fields of a `reaction_added` / `reaction_removed` event paperboy reads. */
export interface ReactionEventPayload {
  type: 'reaction_added' | 'reaction_removed';
  user: string;
  reaction: string;
  item: { type: string; channel?: string; ts?: string };
}

/** A reaction on a message becomes a Reaction; reactions on files and the like are ignored. */
export function toReaction(event: ReactionEventPayload, teamId?: string, eventId?: string): Reaction | undefined {
  const { item } = event;
  if (item.type !== 'message' || !item.channel || !item.ts) return undefined;
  return {
    platform: 'slack',
    channelId: item.channel,
    workspaceId: teamId,
    userId: event.user,
    messageId: item.ts,
    // As Slack names it (`+1::skin-tone-3`): the core's reaction handler reads a toned emoji as the plain one.
    emoji: event.reaction,
    added: event.type === 'reaction_added',
    ...(eventId ? { eventId } : {}),
  };
}

/** The fields of a block_actions payload paperboy reads. */
export interface BlockActionPayload {
  user: { id: string };
  team?: { id: string } | null;
  channel?: { id: string };
  container?: { message_ts?: string; channel_id?: string };
  message?: { ts?: string };
}

/** A Save / Not-for-us button press becomes a Reaction that carries its paper id. */
export function buttonReaction(body: BlockActionPayload, actionId: string, paperId: string): Reaction | undefined {
  const channelId = body.channel?.id ?? body.container?.channel_id;
  const messageId = body.message?.ts ?? body.container?.message_ts;
  if (!channelId || !messageId || !paperId) return undefined;
  return {
    platform: 'slack',
    channelId,
    workspaceId: body.team?.id,
    userId: body.user.id,
    messageId,
    emoji: actionId,
    added: true,
    paperId,
  };
}
