// The services createApp wires together, as the interfaces commands and adapters depend on.
import type { Config } from './config.ts';
import type { Logger } from './logger.ts';
import type { Paper } from './papers/paper.ts';
import type { Stores } from './store/stores.ts';
import type { ChannelRef, CommandInvocation, Reaction } from './chat.ts';
import type { DigestView, PaperCard, Reply, TextView } from './views.ts';
import type { CommandSpec } from '../commands/command.ts';

/** Time, injectable so tests can move it. */
export interface Clock {
  now(): Date;
}

export const systemClock: Clock = { now: () => new Date() };

/** Fetching and remembering papers. */
export interface PaperService {
  /** Fetch a day's listing from Hugging Face (every page), merge it into the store and the index. */
  fetchDay(date: string): Promise<Paper[]>;
  /** Stored papers of a day, without fetching; empty when never fetched. */
  storedDay(date: string): Promise<Paper[]>;
  /**
   * Find a paper from what a person pasted (id, arXiv/HF URL, old-style id): the store, then
   * Hugging Face, then arXiv. Throws UserInputError for text that is no paper reference.
   */
  lookup(ref: string): Promise<Paper | undefined>;
}

/** One search result. */
export interface SearchHit {
  paper: Paper;
  score: number;
  why: string;
}

export interface SearchService {
  /** Full-text search over every stored paper (an id or URL goes to lookup instead). */
  search(query: string, opts?: { limit?: number }): Promise<SearchHit[]>;
}

/** Options for building a digest. */
export interface DigestRequest {
  channel?: ChannelRef;
  /** Listing day (YYYY-MM-DD). */
  date: string;
  topics: string[];
  size: number;
  /** Papers to leave out (already sent to the channel). */
  exclude?: Set<string>;
}

export interface DigestService {
  /** Rank the day's papers for a channel; fetches the day when it is not stored yet. */
  build(req: DigestRequest): Promise<DigestView>;
  /** The cards alone (for previews and evaluation). */
  rank(papers: Paper[], req: DigestRequest): Promise<PaperCard[]>;
}

/** Everything a command handler or an adapter may use. */
export interface AppServices {
  config: Config;
  logger: Logger;
  clock: Clock;
  stores: Stores;
  papers: PaperService;
  search: SearchService;
  digests: DigestService;
}

/** Result of posting a channel's digest now (or on schedule). */
export interface DeliveryOutcome {
  status: 'done' | 'empty' | 'skipped' | 'failed';
  posted: number;
  reason?: string;
}

/**
 * The running application as adapters see it: the services, plus one entry point per kind of
 * incoming event. Each entry point is a catch point: it logs failures with context and answers
 * kindly; it never throws.
 */
export interface App extends AppServices {
  /** Answer a `/paper …` command. */
  handleCommand(inv: CommandInvocation): Promise<Reply>;
  /**
   * A reaction or Save/Not-for-us button: save or unsave the paper for the person, or mark it
   * "not for us" for the channel. Returns a confirmation to show privately (buttons), if any.
   */
  handleReaction(reaction: Reaction): Promise<TextView | undefined>;
  /** Post a channel's digest now through its adapter, recording every message (`/paper digest`). */
  deliverNow(ref: ChannelRef, opts?: { date?: string }): Promise<DeliveryOutcome>;
  /** The `/paper` subcommands, for adapters that register or render them. */
  commands: readonly CommandSpec<any>[];
}
