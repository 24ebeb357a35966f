// Reactions added to or removed from messages become neutral Reactions (save / unsave by emoji).
import type { MessageReaction, PartialMessageReaction, PartialUser, User } from 'discord.js';
import type { App } from '../../src/app-services.ts';
import type { Reaction } from '../../src/chat.ts';
import type { Logger } from '../../src/logger.ts';

/**
 * The neutral Reaction for a gateway reaction event, or undefined when paperboy ignores it
 * (its own reactions, other bots'). Everything needed is in the event itself (ids and the emoji),
 * so a reaction on a message posted before a restart (a partial) needs no fetch.
 */
export function toReaction(
  reaction: MessageReaction | PartialMessageReaction,
  user: User | PartialUser,
  added: boolean,
  botUserId: string | undefined,
): Reaction | undefined {
  if (user.id === botUserId || user.bot) return undefined;
  // Unicode emoji arrive as themselves (`🔖`); custom ones by name. The core accepts `bookmark` or `🔖`.
  // A toned one (👎🏽) arrives as such too; the core takes it for the plain emoji.
  const emoji = reaction.emoji.name ?? reaction.emoji.id;
  if (!emoji) return undefined;
  return {
    platform: 'discord',
    channelId: reaction.message.channelId,
    workspaceId: reaction.message.guildId ?? undefined,
    userId: user.id,
    messageId: reaction.message.id,
    emoji,
    added,
  };
}

/** Hand a reaction event to the app; failures are logged, never thrown into discord.js. */
export async function onReaction(
  app: App,
  logger: Logger,
  reaction: MessageReaction | PartialMessageReaction,
  user: User | PartialUser,
  added: boolean,
): Promise<void> {
  const event = toReaction(reaction, user, added, reaction.client.user?.id);
  if (!event) return;
  try {
    await app.handleReaction(event);
  } catch (err) {
    logger.error({ err, channel: event.channelId, message: event.messageId, user: event.userId, emoji: event.emoji }, 'reaction failed');
  }
}
