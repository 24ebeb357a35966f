// The neutral contract between the core and the chat platforms: what comes in, what goes out.
import type { View } from './views.ts';

/** The places paperboy talks. */
export type Platform = 'slack' | 'discord' | 'console';

/** Where a message lives: a platform's channel. `workspaceId` is the Slack team or Discord guild. */
export interface ChannelRef {
  platform: Platform;
  channelId: string;
  workspaceId?: string;
}

/** `platform:channelId`, the key of everything stored per channel. */
export function channelKey(ref: Pick<ChannelRef, 'platform' | 'channelId'>): string {
  return `${ref.platform}:${ref.channelId}`;
}

/** A person ran `/paper <name> …`. Adapters build this from their payloads. */
export interface CommandInvocation extends ChannelRef {
  userId: string;
  /** Subcommand name (`search`, `show`, …); unknown names are answered with help. */
  name: string;
  /**
   * Options, either already typed by the platform (Discord) or as raw text after the
   * subcommand (Slack, console) in `text`; the command registry parses and validates both.
   */
  options?: Record<string, unknown>;
  text?: string;
  /** Whether this person may change the channel's subscription (Discord: Manage Channels). */
  canManageChannel: boolean;
  /**
   * When the platform tells that paperboy itself cannot post digests in this channel (Discord sends the app's
   * permissions with each command): what to grant. Unset when it can, or when the platform does not say.
   */
  cannotPost?: string;
}

/** A person added or removed a reaction (or pressed a Save / Not-for-us button). */
export interface Reaction extends ChannelRef {
  userId: string;
  messageId: string;
  /** Emoji name without colons (`bookmark`, `🔖`, `-1`, `👎`) or a button's action id. */
  emoji: string;
  added: boolean;
  /** Set by buttons, which carry the paper id themselves; reactions leave it to the delivery log. */
  paperId?: string;
  /**
   * The platform's id of the event, the same when it delivers the event again (Slack's `event_id`): a repeat is
   * dropped, or handled late it would undo what came after it (an add after its removal).
   */
  eventId?: string;
}

/** One message a platform accepted. */
export interface PostedMessage {
  messageId: string;
  /** The paper the message shows, when it shows exactly one. */
  paperId?: string;
}

/** A post that failed after some of its messages went out: they are in `posted`, so the delivery records them and posts only the rest. */
export type PartialPostError = Error & { posted?: PostedMessage[] };

/** `err`, carrying the messages that went out before it (when any did). */
export function withPosted<E extends Error>(err: E, posted: PostedMessage[]): E {
  if (posted.length) (err as PartialPostError).posted = posted;
  return err;
}

/**
 * What every adapter provides (Hubot's send/run/close, in our words). Incoming events reach the
 * core through the handlers the app gives the adapter when it is created.
 */
export interface ChatAdapter {
  readonly platform: Platform;
  /** The platform's posting limits; the delivery pacer keeps under them. */
  readonly limits?: PostLimits;
  start(): Promise<void>;
  stop(): Promise<void>;
  /**
   * Post a view to a channel; one PostedMessage per message sent, in order. Honours 429s itself;
   * throws ChannelUnavailableError when the channel is gone or forbids posting, and a failure after
   * some messages went out carries them (withPosted).
   */
  post(channelId: string, view: View): Promise<PostedMessage[]>;
  /**
   * Whether this process delivers scheduled digests to the channel. Optional: without it, every
   * channel of the platform is served. The Discord adapter answers from its shards (a guild's
   * channels belong to one shard); the scheduler leaves the others to the process that owns them.
   */
  servesChannel?(ref: ChannelRef): boolean;
}

/** At most `count` messages per `intervalMs`, per channel and over all channels. */
export interface PostLimits {
  perChannel: WindowLimit;
  global?: WindowLimit;
  /**
   * Posts sent and not yet answered, at most (default 64): a fan-out's pace is this many posts a network
   * round trip, so a platform whose only limits are per channel needs more in flight the more channels
   * it serves at once and the farther away it is.
   */
  inFlight?: number;
}

/** One limit: at most `count` messages in any `intervalMs`. */
export interface WindowLimit {
  count: number;
  intervalMs: number;
  /**
   * Where a message's place in the window starts: 'answered' (default) from the platform's answer,
   * so that no window of the platform's can see more than `count` whatever the network's delay;
   * 'sent' from the request, for a limit the platform enforces with room for short bursts (Slack),
   * where a late arrival cannot trip it and waiting for answers would only slow every channel.
   */
  from?: 'sent' | 'answered';
}
