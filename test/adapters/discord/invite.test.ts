// The invite URL asks for exactly the permissions paperboy needs.
import { describe, expect, it } from 'vitest';
import { PermissionFlagsBits, PermissionsBitField } from 'discord.js';
import { BOT_PERMISSIONS, inviteUrl } from '../../../adapters/discord/invite.ts';

describe('invite', () => {
  it('asks for View Channel, Send Messages (in threads too), Embed Links, Attach Files, Read Message History and Add Reactions only', () => {
    expect(BOT_PERMISSIONS.bitfield).toBe(274_878_024_768n);
    expect(new PermissionsBitField(274_878_024_768n).toArray().sort()).toEqual(
      ['AddReactions', 'AttachFiles', 'EmbedLinks', 'ReadMessageHistory', 'SendMessages', 'SendMessagesInThreads', 'ViewChannel'],
    );
    expect(BOT_PERMISSIONS.has(PermissionFlagsBits.MentionEveryone)).toBe(false);
  });

  it('builds the OAuth2 URL with the bot and applications.commands scopes', () => {
    const url = new URL(inviteUrl('123'));
    expect(url.origin + url.pathname).toBe('https://discord.com/oauth2/authorize');
    expect(url.searchParams.get('client_id')).toBe('123');
    expect(url.searchParams.get('scope')).toBe('bot applications.commands');
    expect(url.searchParams.get('permissions')).toBe('274878024768');
  });
});
