// The small storage interfaces the core depends on; keyv implements them (see keyv-stores.ts).
import type { Paper } from '../papers/paper.ts';
import type { Platform } from '../chat.ts';

/** Papers, and which papers each day's listing held. */
export interface PaperStore {
  get(id: string): Promise<Paper | undefined>;
  getMany(ids: string[]): Promise<Map<string, Paper>>;
  /** Insert or replace papers (callers merge with what is stored first; see mergePaper). */
  putMany(papers: Paper[]): Promise<void>;
  /** Ids listed on a day, in listing order; undefined when the day was never fetched. */
  getDay(date: string): Promise<string[] | undefined>;
  setDay(date: string, ids: string[]): Promise<void>;
  /** Every stored paper, for rebuilding the search index at start-up. */
  all(): AsyncIterable<Paper>;
  /**
   * Every stored paper's row unparsed, a page at a time, when the store has rows (readPaperRow reads
   * one): a rebuild's worker thread parses them, so the main thread never holds the abstracts.
   */
  rows?(): AsyncIterable<PaperRow[]>;
  /** How many papers are stored, roughly (unreadable rows count too), when the backend can tell without reading them. */
  count?(): Promise<number | undefined>;
}

/** A stored paper as its backend holds it: the id in its key and the stored text. */
export interface PaperRow {
  id: string;
  text: string;
}

/** A channel's daily digest settings. */
export interface Subscription {
  platform: Platform;
  channelId: string;
  workspaceId?: string;
  topics: string[];
  /** Local time HH:MM. */
  time: string;
  /** IANA timezone, e.g. Europe/Berlin. */
  timezone: string;
  /** Weekdays, 0 = Sunday … 6 = Saturday. */
  days: number[];
  /** Papers per digest. */
  size: number;
  /** With no relevant papers: post nothing (true) or one short line (false). */
  quiet: boolean;
  /** Set when posting failed for good (channel gone, no permission). */
  paused?: { reason: string; at: string };
  createdBy?: string;
  createdAt: string;
  updatedAt: string;
}

export interface SubscriptionStore {
  get(platform: Platform, channelId: string): Promise<Subscription | undefined>;
  put(sub: Subscription): Promise<void>;
  delete(platform: Platform, channelId: string): Promise<boolean>;
  list(): Promise<Subscription[]>;
}

/** A person's save of a paper, or a channel's "not for us". */
export interface Save {
  platform: Platform;
  channelId: string;
  userId: string;
  paperId: string;
  kind: 'save' | 'dismiss';
  /** ISO date-time. */
  at: string;
}

export interface SaveStore {
  /** Record a save or dismissal; returns false when it was already there. */
  add(save: Save): Promise<boolean>;
  /** Remove it; returns false when there was nothing to remove. */
  remove(save: Pick<Save, 'platform' | 'channelId' | 'userId' | 'paperId' | 'kind'>): Promise<boolean>;
  /** A person's saves on a platform, newest first (kind 'save' only). */
  byUser(platform: Platform, userId: string): Promise<Save[]>;
  /** A channel's saves and dismissals, newest first: the signals its ranking learns from. */
  byChannel(platform: Platform, channelId: string): Promise<Save[]>;
}

/** How a (channel, day) delivery ended, as MonitoRSS records ArticleDeliveryStatus. */
export type DeliveryStatus = 'intent' | 'posting' | 'done' | 'empty' | 'skipped' | 'failed';

/** One scheduled (or on-demand) digest to one channel. */
export interface DeliveryRecord {
  platform: Platform;
  channelId: string;
  /** The scheduled local day (YYYY-MM-DD) in the channel's timezone. */
  day: string;
  status: DeliveryStatus;
  /** Papers chosen, in order, fixed at intent time so a resumed delivery posts the same ones. */
  paperIds: string[];
  /** Why each paper was picked, parallel to paperIds: a resumed delivery still says why. */
  reasons?: string[];
  /** Messages that went out: header first (no paperId), then one per paper. */
  messages: { messageId: string; paperId?: string }[];
  reason?: string;
  /** A digest prepared ahead (DeliveryService.prepare): when it is due. Nothing is posted or resumed before. */
  dueAt?: string;
  startedAt: string;
  updatedAt: string;
}

export interface DeliveryLog {
  get(platform: Platform, channelId: string, day: string): Promise<DeliveryRecord | undefined>;
  /** Write a record; its messages' papers join the channel's sent papers and their links are recorded with it. */
  put(record: DeliveryRecord): Promise<void>;
  /** Forget a record that nothing was posted under (a prepared digest that was cancelled). */
  remove(platform: Platform, channelId: string, day: string): Promise<void>;
  /** Deliveries not yet done/empty/skipped/failed, for resuming after a crash. */
  unfinished(): Promise<DeliveryRecord[]>;
  /** Remember that a message shows a paper (so reactions on it can be resolved). */
  recordMessage(platform: Platform, channelId: string, messageId: string, paperId: string): Promise<void>;
  paperForMessage(platform: Platform, channelId: string, messageId: string): Promise<string | undefined>;
  /** Every paper ever posted to the channel. */
  sentPapers(platform: Platform, channelId: string): Promise<Set<string>>;
}

/** A small key-value area for bookkeeping (command registration hashes, leases in one process). */
export interface MetaStore {
  get<T>(key: string): Promise<T | undefined>;
  set<T>(key: string, value: T, ttlMs?: number): Promise<void>;
  delete(key: string): Promise<boolean>;
  /** Set only when absent (a lease). True when this call set it. On Redis this is SET NX PX. */
  setIfAbsent(key: string, value: string, ttlMs: number): Promise<boolean>;
  /** Extend a lease only while it still holds `token`; false when it was lost (expired, or taken by another). Atomic on Redis and SQLite. */
  renewIfHolds(key: string, token: string, ttlMs: number): Promise<boolean>;
  /** Free a lease only while it still holds `token`. Atomic on Redis and SQLite. */
  deleteIfHolds(key: string, token: string): Promise<boolean>;
}

/** Everything paperboy remembers. */
export interface Stores {
  papers: PaperStore;
  subscriptions: SubscriptionStore;
  saves: SaveStore;
  deliveries: DeliveryLog;
  meta: MetaStore;
  /** Whether the backing store answers (for /healthz). */
  ping(): Promise<boolean>;
  close(): Promise<void>;
}
