// What a delivery checks before posting: a fresh listing (retried while Hugging Face is down), the
// channel's candidates, and whether an unsure post already went out.
import type { DigestService, PaperService, Clock } from '../app-services.ts';
import type { ChatAdapter, PostedMessage } from '../chat.ts';
import type { Logger } from '../logger.ts';
import type { Paper } from '../papers/paper.ts';
import type { DeliveryRecord, Stores, Subscription } from '../store/stores.ts';
import type { PaperCard } from '../views.ts';
import type { Metrics } from '../observability/metrics.ts';
import { addDays } from '../schedule/due.ts';
import { lookback, sleep, type Part } from './delivery-parts.ts';

/** Optional adapter capability: list what paperboy posted to a channel since an instant. */
export interface ChannelHistory {
  recentPosts(channelId: string, since: Date): Promise<PostedMessage[]>;
}

interface CandidateDeps {
  stores: Stores;
  digests: DigestService;
  papers?: PaperService;
  logger: Logger;
  clock: Clock;
  config: { digest: { lookbackDays: number } };
  metrics?: Metrics;
  retry: { backoff: (attempt: number) => number; listingTtlMs: number };
}

/**
 * Choosing a channel's papers. Listings are fetched once per `listingTtlMs` for every channel
 * (1,000 channels due at 09:00 share one request), and the listed papers read once a minute.
 */
export function createCandidates(deps: CandidateDeps) {
  const { stores, logger, metrics } = deps;
  const now = () => deps.clock.now().getTime();
  const listings = new Map<string, { at: number; done: Promise<boolean> }>();
  const listedCache = new Map<string, { at: number; papers: Promise<Paper[]> }>();

  /** Fetch a listing day (shared); false when the source failed. */
  const refresh = (day: string, sub: Pick<Subscription, 'topics' | 'size'>): Promise<boolean> => {
    const hit = listings.get(day);
    if (hit && now() - hit.at < deps.retry.listingTtlMs) return hit.done;
    const fetch = deps.papers ? deps.papers.fetchDay(day) : deps.digests.build({ date: day, topics: sub.topics, size: sub.size });
    const done = fetch.then(
      () => {
        listedCache.clear();
        return true;
      },
      (err: unknown) => {
        listings.delete(day);
        metrics?.sourceErrors.inc({ source: 'huggingface' });
        logger.warn({ day, err: err instanceof Error ? err.message : String(err) }, 'could not fetch the daily listing');
        return false;
      },
    );
    listings.set(day, { at: now(), done });
    return done;
  };

  /** Papers listed on some days (cached for a minute). */
  const listed = (days: string[]): Promise<Paper[]> => {
    const key = days.join(',');
    const hit = listedCache.get(key);
    if (hit && now() - hit.at < 60_000) return hit.papers;
    const papers = (async () => {
      const ids = new Set<string>();
      for (const d of days) for (const id of (await stores.papers.getDay(d)) ?? []) ids.add(id);
      return [...(await stores.papers.getMany([...ids])).values()];
    })();
    papers.catch(() => listedCache.delete(key));
    if (listedCache.size > 100) listedCache.clear();
    listedCache.set(key, { at: now(), papers });
    return papers;
  };

  /**
   * Papers chosen by the channel's deliveries that are not finished (prepared, or posting when a crash or an
   * outage stopped them: they are resumed), except the one for `own`: an on-demand digest or another day's must
   * not choose them too. Their days are those whose candidates overlap this day's (and the day after, as a
   * channel's local day may run ahead of the one asked for).
   */
  const reserved = async (sub: Subscription, day: string, own: string | undefined): Promise<Set<string>> => {
    const days = [addDays(day, 1), ...lookback(day, 2 * deps.config.digest.lookbackDays)].filter((d) => d !== own);
    const records = await Promise.all(days.map((d) => stores.deliveries.get(sub.platform, sub.channelId, d)));
    return new Set(records.flatMap((r) => (r && (r.status === 'intent' || r.status === 'posting') ? r.paperIds : [])));
  };

  /** Papers on the lookback days (or `days`) the channel was never sent nor has an unfinished delivery of, ranked for it. */
  const pick = async (sub: Subscription, day: string, days: string[] | undefined, own: string | undefined): Promise<PaperCard[]> => {
    const [sent, held] = await Promise.all([stores.deliveries.sentPapers(sub.platform, sub.channelId), reserved(sub, day, own)]);
    for (const id of held) sent.add(id);
    const papers = (await listed(days ?? lookback(day, deps.config.digest.lookbackDays))).filter((p) => !sent.has(p.id));
    if (!papers.length) return [];
    const channel = { platform: sub.platform, channelId: sub.channelId, workspaceId: sub.workspaceId };
    return deps.digests.rank(papers, { channel, date: day, topics: sub.topics, size: sub.size, exclude: sent });
  };

  /** Refresh the listings of `days` (default: the day and the day before) once; false when every fetch failed. */
  const fetchOnce = async (sub: Subscription, day: string, days?: string[]): Promise<boolean> => {
    const fresh = await Promise.all((days ?? [day, addDays(day, -1)]).map((d) => refresh(d, sub)));
    return fresh.some(Boolean);
  };

  return {
    fetchOnce,
    /**
     * Refresh the day's listing and the day before (the listing fills during the day; a channel
     * east of UTC may be due before its day's listing exists), retrying with backoff until the
     * deadline while both fail; false when the source stayed down (the cards then come from what is stored).
     * `beforeRetry` runs after each wait, before trying again (it may throw to stop).
     */
    async fetch(sub: Subscription, day: string, deadline: number, days?: string[], beforeRetry?: () => Promise<void>): Promise<boolean> {
      for (let attempt = 0; ; attempt++) {
        if (await fetchOnce(sub, day, days)) return true;
        const wait = deps.retry.backoff(attempt);
        if (now() + wait > deadline) {
          logger.warn({ channel: `${sub.platform}:${sub.channelId}`, day, attempts: attempt + 1 }, 'Hugging Face still failing; digest from stored listings');
          return false;
        }
        logger.info({ day, attempt: attempt + 1, waitMs: wait }, 'Hugging Face failing; retrying the daily listing');
        await sleep(wait);
        await beforeRetry?.();
      }
    },
    /**
     * The channel's cards from the stored listings. `own`: the day of the scheduled delivery choosing (an
     * on-demand one has none), whose record holds nothing back. Two deliveries to one channel must not pick at
     * once (each would miss what the other is about to post): the caller holds the channel's lease.
     */
    pick,
  };
}

/**
 * Decide whether an unsure part (marked `posting:` but without its id) went out; true when it did,
 * and it is then recorded. Checks the delivery log, then the channel (ChannelHistory), then falls
 * back to the policy.
 */
export async function resolveUnsure(
  ctx: { stores: Stores; logger: Logger; unsure: 'at-most-once' | 'at-least-once' },
  sub: Subscription,
  rec: DeliveryRecord,
  part: Part,
  adapter: ChatAdapter,
): Promise<boolean> {
  const { stores } = ctx;
  const log = ctx.logger.child({ channel: `${sub.platform}:${sub.channelId}`, day: rec.day, part: part.key });
  if (part.paperId && (await stores.deliveries.sentPapers(sub.platform, sub.channelId)).has(part.paperId)) {
    rec.messages.push({ messageId: 'unknown', paperId: part.paperId });
    log.info('unsure post found in the delivery log; not posting it again');
    return true;
  }
  const history = adapter as Partial<ChannelHistory>;
  if (typeof history.recentPosts === 'function') {
    try {
      const known = new Set(rec.messages.map((m) => m.messageId));
      const recent = (await history.recentPosts(sub.channelId, new Date(Date.parse(rec.startedAt) - 60_000))).filter((m) => !known.has(m.messageId));
      const hit = recent.find((m) => (part.paperId ? m.paperId === part.paperId : !m.paperId));
      if (hit) {
        if (part.paperId) await stores.deliveries.recordMessage(sub.platform, sub.channelId, hit.messageId, part.paperId);
        rec.messages.push({ messageId: hit.messageId, ...(part.paperId ? { paperId: part.paperId } : {}) });
        log.info('unsure post found in the channel; not posting it again');
        return true;
      }
      log.info('unsure post not in the channel; posting it');
      return false;
    } catch (err) {
      log.warn({ err: (err as Error).message }, 'could not read the channel to check an unsure post');
    }
  }
  if (ctx.unsure === 'at-least-once') {
    log.warn('unsure whether a message went out; posting it again (at-least-once)');
    return false;
  }
  log.warn('unsure whether a message went out and cannot check; not posting it again (at-most-once), it may be missing');
  rec.messages.push({ messageId: 'unknown', ...(part.paperId ? { paperId: part.paperId } : {}) });
  if (part.paperId) await stores.deliveries.recordMessage(sub.platform, sub.channelId, `unknown:${rec.day}:${part.paperId}`, part.paperId);
  return true;
}
