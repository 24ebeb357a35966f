// Payloads the fake Discord sends: its world (ids, guild, channel, members) and gateway events a person causes.

/** Ids of the fake world. */
export const IDS = {
  app: '1000000000000000001',
  bot: '1000000000000000002',
  guild: '1000000000000000003',
  channel: '1000000000000000004',
  /** A channel the bot may not post in (403). */
  forbidden: '1000000000000000005',
  everyoneRole: '1000000000000000003',
  modRole: '1000000000000000006',
  alice: '2000000000000000001',
  bob: '2000000000000000002',
} as const;

/** Permission bits used by the fake world. */
export const PERMS = { viewSendReact: (1n << 10n) | (1n << 11n) | (1n << 6n) | (1n << 14n) | (1n << 15n) | (1n << 16n), manageChannels: 1n << 4n };

/** A Discord user object. */
export function user(id: string, name: string, bot = false) {
  return { id, username: name, global_name: name, discriminator: '0', avatar: null, bot };
}

/** The channel paperboy works in. */
export function channelPayload() {
  return { id: IDS.channel, type: 0, guild_id: IDS.guild, name: 'papers', position: 0, permission_overwrites: [], nsfw: false, parent_id: null, topic: null, last_message_id: null, rate_limit_per_user: 0 };
}

/** GUILD_CREATE for the fake guild: roles (one with Manage Channels), channels, paperboy as member. */
export function guildPayload() {
  return {
    id: IDS.guild,
    name: 'Reading group',
    icon: null,
    owner_id: IDS.alice,
    unavailable: false,
    member_count: 3,
    large: false,
    joined_at: '2026-01-01T00:00:00.000Z',
    features: [],
    emojis: [],
    stickers: [],
    roles: [
      { id: IDS.everyoneRole, name: '@everyone', permissions: String(PERMS.viewSendReact), position: 0, color: 0, hoist: false, managed: false, mentionable: false, flags: 0 },
      { id: IDS.modRole, name: 'mods', permissions: String(PERMS.viewSendReact | PERMS.manageChannels), position: 1, color: 0, hoist: false, managed: false, mentionable: false, flags: 0 },
    ],
    channels: [channelPayload(), { ...channelPayload(), id: IDS.forbidden, name: 'announcements' }],
    members: [
      { user: user(IDS.bot, 'paperboy', true), roles: [], joined_at: '2026-01-01T00:00:00.000Z', deaf: false, mute: false, flags: 0 },
    ],
    threads: [],
    voice_states: [],
    presences: [],
    stage_instances: [],
    guild_scheduled_events: [],
    soundboard_sounds: [],
  };
}

/** A member as sent in interactions: `permissions` are their computed permissions in the channel. */
export function member(id: string, name: string, canManage: boolean) {
  const permissions = PERMS.viewSendReact | (canManage ? PERMS.manageChannels : 0n);
  return { user: user(id, name), roles: canManage ? [IDS.modRole] : [], permissions: String(permissions), joined_at: '2026-01-01T00:00:00.000Z', deaf: false, mute: false, flags: 0 };
}

let interactionSeq = 0;

function interactionBase(userId: string, name: string, canManage: boolean) {
  interactionSeq++;
  return {
    id: `40000000000000000${String(interactionSeq).padStart(2, '0')}`,
    application_id: IDS.app,
    token: `itoken-${interactionSeq}`,
    version: 1,
    guild_id: IDS.guild,
    channel_id: IDS.channel,
    channel: channelPayload(),
    member: member(userId, name, canManage),
    app_permissions: String(PERMS.viewSendReact),
    locale: 'en-US',
    guild_locale: 'en-US',
    entitlements: [],
    authorizing_integration_owners: { '0': IDS.guild },
    context: 0,
  };
}

/** INTERACTION_CREATE for `/paper <sub> …` with typed options (3 string, 4 integer, 5 boolean). */
export function slashCommand(sub: string, options: { name: string; type: number; value: unknown }[] = [], who = { id: IDS.alice as string, name: 'alice', canManage: true }) {
  return {
    ...interactionBase(who.id, who.name, who.canManage),
    type: 2,
    data: { id: '5000000000000000001', name: 'paper', type: 1, options: [{ type: 1, name: sub, options }] },
  };
}

/** INTERACTION_CREATE for a button press on one of paperboy's messages. */
export function buttonPress(customId: string, messageId: string, who = { id: IDS.bob as string, name: 'bob', canManage: false }) {
  return {
    ...interactionBase(who.id, who.name, who.canManage),
    type: 3,
    data: { custom_id: customId, component_type: 2 },
    message: { id: messageId, channel_id: IDS.channel, author: user(IDS.bot, 'paperboy', true), content: '', embeds: [], components: [], attachments: [], type: 0, timestamp: new Date().toISOString(), flags: 0, tts: false, mention_everyone: false, mentions: [], mention_roles: [], pinned: false },
  };
}

/** MESSAGE_REACTION_ADD / _REMOVE payload (ADD carries the member, REMOVE does not, as on Discord). */
export function reactionEvent(added: boolean, messageId: string, emoji: string, userId: string = IDS.bob) {
  return {
    user_id: userId,
    channel_id: IDS.channel,
    message_id: messageId,
    guild_id: IDS.guild,
    emoji: { id: null, name: emoji },
    burst: false,
    type: 0,
    ...(added ? { member: member(userId, userId === IDS.bot ? 'paperboy' : 'bob', false), message_author_id: IDS.bot } : {}),
  };
}
