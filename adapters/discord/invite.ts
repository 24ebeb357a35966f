// The permissions paperboy's bot asks for when it is invited, and the invite URL.
import { OAuth2Scopes, PermissionFlagsBits, PermissionsBitField } from 'discord.js';

/**
 * What the bot needs in a channel: see it, post digests (embeds, files for exports), read the
 * history its reactions live on, and add reactions. Nothing else (no Manage Messages, no Mention Everyone).
 */
export const BOT_PERMISSIONS = new PermissionsBitField([
  PermissionFlagsBits.ViewChannel,
  PermissionFlagsBits.SendMessages,
  PermissionFlagsBits.SendMessagesInThreads,
  PermissionFlagsBits.EmbedLinks,
  PermissionFlagsBits.AttachFiles,
  PermissionFlagsBits.ReadMessageHistory,
  PermissionFlagsBits.AddReactions,
]);

/** What a digest needs in its channel: to see it, post, and show papers as embeds. */
export const POST_PERMISSIONS = [PermissionFlagsBits.ViewChannel, PermissionFlagsBits.SendMessages, PermissionFlagsBits.EmbedLinks] as const;

/** The same in a thread, where Discord asks for Send Messages in Threads instead of Send Messages. */
export const THREAD_POST_PERMISSIONS = [PermissionFlagsBits.ViewChannel, PermissionFlagsBits.SendMessagesInThreads, PermissionFlagsBits.EmbedLinks] as const;

/** Permission names as Discord's settings show them (`SendMessages` → `Send Messages`). */
export const permissionNames = (names: readonly string[]): string => names.map((p) => p.replace(/(?<=[a-z])(?=[A-Z])/g, ' ').replace(/ In /g, ' in ')).join(', ');

/** The URL a server admin opens to add paperboy with its slash commands and exactly those permissions. */
export function inviteUrl(applicationId: string): string {
  const params = new URLSearchParams({
    client_id: applicationId,
    scope: [OAuth2Scopes.Bot, OAuth2Scopes.ApplicationsCommands].join(' '),
    permissions: BOT_PERMISSIONS.bitfield.toString(),
  });
  return `https://discord.com/oauth2/authorize?${params.toString()}`;
}
