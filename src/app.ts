// createApp: the one place that wires config, logger, store, clock, sources, services and adapters.
import type { App, AppServices, Clock, DeliveryOutcome } from './app-services.ts';
import { systemClock } from './app-services.ts';
import type { ChatAdapter, ChannelRef, Platform } from './chat.ts';
import type { Config } from './config.ts';
import type { Logger } from './logger.ts';
import type { Stores } from './store/stores.ts';
import type { Paper } from './papers/paper.ts';
import { openStores } from './store/open-stores.ts';
import { createHttpClient } from './papers/http.ts';
import { createHfClient } from './papers/hf-client.ts';
import { createArxivClient } from './papers/arxiv-client.ts';
import { createPaperService } from './papers/paper-service.ts';
import { parsePaperRef } from './papers/arxiv-id.ts';
import { createDigestService } from './digest/digest-service.ts';
import { createCommandHandler } from './handlers/command-handler.ts';
import { createReactionHandler } from './handlers/reaction-handler.ts';
import { paperCommands } from '../commands/index.ts';
import { createRanking } from './rank/ranking.ts';
import { createSearchService } from './search/search-service.ts';
import { createDelivery } from './digest/delivery-wiring.ts';

export interface CreateAppOptions {
  config: Config;
  logger: Logger;
  /** Defaults to the store named by config.storeUrl. */
  stores?: Stores;
  clock?: Clock;
  /** Builds the chat adapters once the app exists (they need its handlers). */
  adapters?: (app: App) => ChatAdapter[];
  /** Run the daily scheduler on start (default true; the CLI previews turn it off). */
  scheduler?: boolean;
}

/** The app plus its life cycle. */
export interface RunningApp extends App {
  readonly adapters: readonly ChatAdapter[];
  /** Bring the search index up to date with the store (start does it). */
  warmUp(): Promise<void>;
  /**
   * Ready the index, connect the adapters, start the scheduler. Once `signal` is aborted (a signal came during
   * start-up) it goes no further: nothing more connects, catches up or posts. `stop` undoes what it did, even
   * after it failed midway.
   */
  start(opts?: { signal?: AbortSignal }): Promise<void>;
  stop(): Promise<void>;
}

/** Build paperboy. Nothing listens or ticks until `start()`. */
export async function createApp(opts: CreateAppOptions): Promise<RunningApp> {
  const { config, logger } = opts;
  const clock = opts.clock ?? systemClock;
  const stores = opts.stores ?? (await openStores(config.storeUrl, { logger }));
  const ownsStores = !opts.stores;

  const http = createHttpClient({ logger, timeoutMs: config.http.timeoutMs, retries: config.http.retries });
  // A look-up by id waits at most 5 s for Hugging Face before arXiv is asked, and no longer than HTTP_TIMEOUT.
  const hf = createHfClient({ baseUrl: config.hfApiUrl, http, logger, lookupTimeoutMs: Math.min(config.http.timeoutMs, 5000) });
  const arxiv = createArxivClient({ baseUrl: config.arxivApiUrl, http, logger });

  const ranking = createRanking({ stores, logger, clock });
  // Late-bound: the search service and the paper service feed each other.
  let onStored: (papers: Paper[]) => void = () => {};
  const papers = createPaperService({ hf, arxiv, store: stores.papers, logger, onStored: (p) => onStored(p) });
  const search = createSearchService({
    papers: stores.papers,
    lookup: (ref) => papers.lookup(ref),
    hfSearch: (q, signal) => hf.search(q, signal),
    parseRef: parsePaperRef,
    logger,
    ranking,
    snapshotFile: config.searchSnapshot,
  });
  onStored = (p) => {
    search.index(p);
    ranking.addPapers(p);
  };
  const digests = createDigestService({ papers, rank: ranking.rankDigest });

  const adapters = new Map<Platform, ChatAdapter>();
  const base: AppServices = { config, logger, clock, stores, papers, search, digests };
  const delivery = createDelivery({ services: base, adapters });
  // Commands see the subscription store that tells the scheduler about changes.
  const services: AppServices = { ...base, stores: { ...stores, subscriptions: delivery.subscriptions } };

  const partial: Omit<App, 'handleCommand'> = {
    ...services,
    commands: paperCommands,
    deliverNow: (ref: ChannelRef, o?: { date?: string }): Promise<DeliveryOutcome> => delivery.deliverNow(ref, o),
    // Commands use it too (/paper unsave takes a save off as a removed reaction would).
    handleReaction: createReactionHandler(services, logger, (save, added) => ranking.onSignal(save, added)),
  };
  const app: App = { ...partial, handleCommand: createCommandHandler(partial, logger, delivery.observeCommand) };
  for (const adapter of opts.adapters?.(app) ?? []) adapters.set(adapter.platform, adapter);

  let warm: Promise<void> | undefined;
  let saving: Promise<unknown> = Promise.resolve();
  /** Save the search snapshot (after start-up and at stop), one write at a time; a failure only costs the next start-up time. */
  const saveSnapshot = (): Promise<unknown> =>
    (saving = saving
      .then(() => search.saveSnapshot())
      .then((r) => r && logger.info({ file: config.searchSnapshot, bytes: r.bytes, ms: r.ms }, 'search snapshot saved'))
      .catch((err: unknown) => logger.warn({ err: (err as Error)?.message, file: config.searchSnapshot }, 'could not save the search snapshot')));
  /**
   * Ready the index. The snapshot is written again here (before any adapter connects: writing it
   * holds the event loop for seconds at 100,000 papers) when it was missing or more than 1 % of the
   * papers changed since; a few changes are cheap to index again, and `stop` saves them.
   */
  const warmUp = () =>
    (warm ??= search.startUp().then(async (r) => {
      logger.info({ papers: r.count, ms: r.ms, from: r.from, ...(r.from === 'snapshot' ? { changed: r.changed } : { snapshot: r.snapshot?.miss }) }, 'search index ready');
      if (r.from === 'store' || r.changed > Math.max(100, r.count / 100)) await saveSnapshot();
    }));

  // What start() began, for stop() to end (an adapter that failed to start included: it may hold a socket or a timer).
  const began: ChatAdapter[] = [];
  let delivering = false;
  return {
    ...app,
    adapters: [...adapters.values()],
    warmUp,
    async start(o = {}) {
      const stopped = () => o.signal?.aborted === true;
      await warmUp();
      for (const adapter of adapters.values()) {
        if (stopped()) return;
        began.push(adapter);
        await adapter.start();
      }
      if (stopped()) return;
      if (opts.scheduler !== false) {
        delivering = true;
        await delivery.start();
      }
      logger.info({ adapters: [...adapters.keys()] }, 'paperboy started');
    },
    async stop() {
      if (delivering) await delivery.stop();
      delivering = false;
      for (const adapter of began.splice(0)) await adapter.stop().catch((err: unknown) => logger.warn({ err, platform: adapter.platform }, 'adapter did not stop cleanly'));
      if (warm) {
        await warm.catch(() => {});
        await saveSnapshot();
      }
      if (ownsStores) await stores.close();
    },
  };
}
