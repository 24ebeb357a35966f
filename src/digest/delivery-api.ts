// What the delivery service offers and needs: its interface, options and dependencies, and the outcome reasons
// the scheduler reads (delivery.ts builds it).
import type { DeliveryOutcome, DigestService, PaperService, Clock } from '../app-services.ts';
import type { ChannelRef, ChatAdapter, Platform } from '../chat.ts';
import type { Config } from '../config.ts';
import type { Logger } from '../logger.ts';
import type { DeliveryRecord, Subscription, Stores } from '../store/stores.ts';
import type { Metrics } from '../observability/metrics.ts';
import type { Pacer } from '../schedule/pacer.ts';

/** The outcome reason when the channel belongs to another process (a Discord guild on another shard). */
export const NOT_SERVED = 'another process serves this channel';

/** The outcome reason when another process (or a running on-demand digest) holds the lease. */
export const LEASE_HELD = 'another process is delivering it';

/** The outcome reason when the store did not answer as the digest began (the scheduler tries again, as for LEASE_HELD). */
export const STORE_DOWN = 'the store did not answer; try again in a moment';

export interface DeliveryOptions {
  /** Lease time to live; renewed every third of it while posting (default 60 s). */
  leaseTtlMs?: number;
  /** First wait before retrying Hugging Face or a failed post, doubled each time (default 30 s). */
  retryBaseMs?: number;
  /** Longest wait between retries (default 10 min). */
  retryMaxMs?: number;
  /** How long an on-demand digest keeps retrying (default 20 s). */
  nowDeadlineMs?: number;
  /** What to do with a post that may have gone out without its id recorded (see the file comment). */
  unsure?: 'at-most-once' | 'at-least-once';
  /** How long a fetched listing counts as fresh, so 1,000 channels share one fetch (default 10 min). */
  listingTtlMs?: number;
}

export interface DeliveryDeps {
  stores: Stores;
  digests: DigestService;
  /** Refreshes the day's listing at digest time; without it, DigestService.build fetches missing days. */
  papers?: PaperService;
  adapters: Map<Platform, ChatAdapter>;
  logger: Logger;
  clock: Clock;
  config: Pick<Config, 'digest'>;
  /** Default: a pacer over the adapters' limits. */
  pacer?: Pacer;
  metrics?: Metrics;
  options?: DeliveryOptions;
}

/** What to deliver: a subscription, or a channel (whose subscription is looked up). */
export type DeliveryTarget = Subscription | ChannelRef;

/**
 * A scheduled digest made ready ahead of its due time (DeliveryService.prepare): its lease is held,
 * no record existed under it, the papers are chosen and its intent is written (with the instant it
 * is due, before which nothing is posted or resumed). Cancelling removes the intent.
 */
export interface PreparedDelivery {
  readonly day: string;
  /** Remove the intent and give the lease back without delivering (the digest was not dispatched after all). */
  cancel(): Promise<void>;
}

export interface DeliveryService {
  /**
   * Deliver the digest of `day` (the channel's local day) to a channel, once. With `now`, an
   * on-demand digest (see deliverNow). `scheduledAt` starts the grace window for retries.
   */
  deliver(target: DeliveryTarget, day: string, opts?: { now?: boolean; scheduledAt?: Date; prepared?: PreparedDelivery }): Promise<DeliveryOutcome>;
  /**
   * Before a scheduled digest is due (at `dueAt`): take its lease, check it has no record, choose
   * its papers (one try at the listing) and write its intent, due at `dueAt`. `deliver` with the
   * result then only posts; it chooses again (and writes the intent again) if the subscription
   * changed or an on-demand digest ran in the channel since. Undefined when there is nothing to
   * prepare (lease held elsewhere, a record exists, the listing could not be fetched, paused, not
   * served): `deliver` then does all the work.
   */
  prepare(sub: Subscription, day: string, dueAt: Date): Promise<PreparedDelivery | undefined>;
  /**
   * `/paper digest`: post now, recording each message (reactions, never-twice) but no (channel, day)
   * record, so the scheduled digest still goes out (with papers not yet sent). With `date`, that
   * listing day only; without, the lookback window ending today.
   */
  deliverNow(ref: ChannelRef, opts?: { date?: string }): Promise<DeliveryOutcome>;
  /** Finish an unfinished record (after a crash), posting only what is missing. */
  resume(record: DeliveryRecord): Promise<DeliveryOutcome>;
  /** Record a scheduled digest as skipped (too late) unless a record exists; true when written. */
  recordSkipped(sub: Subscription, day: string, reason: string): Promise<boolean>;
  /**
   * Whether this process has an adapter for the platform and, given a channel, whether that adapter
   * serves it (ChatAdapter.servesChannel: Discord shards). The scheduler leaves the others alone.
   */
  serves(platform: Platform, channel?: ChannelRef): boolean;
  /** The pacer in use (shared with the bench and the scheduler's stats). */
  readonly pacer: Pacer;
}
