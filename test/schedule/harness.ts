// Shared pieces for scheduler and delivery tests: papers, subscriptions, a simple DigestService, a clock.
import type { Clock, DigestRequest, DigestService } from '../../src/app-services.ts';
import type { ChatAdapter, Platform, PostedMessage } from '../../src/chat.ts';
import type { Paper } from '../../src/papers/paper.ts';
import type { Stores, Subscription } from '../../src/store/stores.ts';
import type { PaperCard, View } from '../../src/views.ts';
import { afterEach, vi } from 'vitest';
import { ChannelUnavailableError, UpstreamError } from '../../src/errors.ts';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomUUID } from 'node:crypto';
import { silentLogger } from '../../src/logger.ts';
import { openStores, type KeyvStores } from '../../src/store/open-stores.ts';
import { dropRedisKeys } from '../store/redis-keys.ts';

/** A clock tests move by hand. */
export class FakeClock implements Clock {
  constructor(public t: number) {}
  now(): Date {
    return new Date(this.t);
  }
  set(iso: string): void {
    this.t = Date.parse(iso);
  }
}

/** A synthetic paper. */
export function paper(id: string, title: string, upvotes: number, day: string): Paper {
  return { id, title, summary: `About ${title}.`, authors: ['A. Author'], upvotes, keywords: [], listedOn: [day], source: 'hf', updatedAt: `${day}T00:00:00.000Z` };
}

/** Store `count` papers listed on `day` (ids `<prefix>.<n>`, upvotes count..1). */
export async function seedDay(stores: Stores, day: string, count: number, prefix = day.replace(/-/g, '')): Promise<Paper[]> {
  const papers = Array.from({ length: count }, (_, i) => paper(`${prefix}.${String(i + 1).padStart(5, '0')}`, `Paper ${i + 1} of ${day}`, count - i, day));
  await stores.papers.putMany(papers);
  await stores.papers.setDay(day, papers.map((p) => p.id));
  return papers;
}

/** A subscription with the defaults and what the test gives. */
export function subscription(platform: Platform, channelId: string, over: Partial<Subscription> = {}): Subscription {
  return {
    platform,
    channelId,
    topics: [],
    time: '09:00',
    timezone: 'UTC',
    days: [0, 1, 2, 3, 4, 5, 6],
    size: 3,
    quiet: false,
    createdAt: '2026-01-01T00:00:00.000Z',
    updatedAt: '2026-01-01T00:00:00.000Z',
    ...over,
  };
}

/** Ranks by upvotes (topics: title must contain one); `failures` build() calls throw first (HF down). */
export function fakeDigests(opts: { failures?: number } = {}): DigestService & { builds: number } {
  let failures = opts.failures ?? 0;
  const rank = async (papers: Paper[], req: DigestRequest): Promise<PaperCard[]> =>
    papers
      .filter((p) => !req.exclude?.has(p.id))
      .filter((p) => !req.topics.length || req.topics.some((t) => p.title.toLowerCase().includes(t.toLowerCase())))
      .sort((a, b) => b.upvotes - a.upvotes || a.id.localeCompare(b.id))
      .slice(0, req.size)
      .map((paper, i) => ({ paper, rank: i + 1, score: paper.upvotes, why: `${paper.upvotes} upvotes` }));
  const svc = {
    builds: 0,
    rank,
    async build(req: DigestRequest) {
      svc.builds++;
      if (failures > 0) {
        failures--;
        throw new UpstreamError('huggingface', 'fake outage', 503);
      }
      return { kind: 'digest' as const, date: req.date, topics: req.topics, cards: await rank([], req) };
    },
  };
  return svc;
}

/** An in-process adapter that records every post (used where HTTP adds nothing). */
export class RecordingAdapter implements ChatAdapter {
  readonly posts: { channelId: string; view: View; messageId: string }[] = [];
  gone = new Set<string>();
  /** The next this many posts fail (a 5xx the adapter gave up on). */
  failures = 0;
  constructor(readonly platform: Platform) {}
  async start(): Promise<void> {}
  async stop(): Promise<void> {}
  async post(channelId: string, view: View): Promise<PostedMessage[]> {
    if (this.gone.has(channelId)) throw new ChannelUnavailableError(this.platform, channelId, 'channel_not_found');
    if (this.failures > 0) {
      this.failures--;
      throw new UpstreamError(this.platform, 'post failed: 500', 500);
    }
    const messageId = `${this.platform}-${this.posts.length + 1}`;
    this.posts.push({ channelId, view, messageId });
    return [{ messageId, ...(view.kind === 'paper' ? { paperId: view.card.paper.id } : {}) }];
  }
  /** Paper ids posted to a channel, in order. */
  papersIn(channelId: string): string[] {
    return this.posts.filter((p) => p.channelId === channelId && p.view.kind === 'paper').map((p) => (p.view as { card: PaperCard }).card.paper.id);
  }
}

/**
 * The stores the delivery tests run on: memory://, a real SQLite file, and a real Redis when REDIS_URL
 * is set; each opener registers its clean-up in `cleanups` (run them after each test).
 */
export function storeBackends(name: string, cleanups: (() => Promise<void> | void)[]): [string, () => Promise<KeyvStores>][] {
  const logger = silentLogger();
  return [
    ['memory', () => openStores('memory://', { logger })],
    [
      'sqlite',
      async () => {
        const dir = mkdtempSync(join(tmpdir(), `paperboy-${name}-`));
        cleanups.push(() => rmSync(dir, { recursive: true, force: true }));
        return openStores(`sqlite://${join(dir, 'store.sqlite')}`, { logger });
      },
    ],
    ...(process.env.REDIS_URL
      ? [
          [
            'redis',
            () => {
              const prefix = `paperboy-${name}-test:${randomUUID()}:`;
              cleanups.push(() => dropRedisKeys(process.env.REDIS_URL!, prefix));
              return openStores(process.env.REDIS_URL!, { logger, redisPrefix: prefix });
            },
          ] as [string, () => Promise<KeyvStores>],
        ]
      : []),
  ];
}

/**
 * Clean-ups run after each test of the file that calls this (fake timers made real again first), and
 * memory:// stores that close themselves then.
 */
export function cleanupAfterEach(): { cleanups: (() => Promise<void> | void)[]; memoryStores: () => Promise<KeyvStores> } {
  const cleanups: (() => Promise<void> | void)[] = [];
  afterEach(async () => {
    vi.useRealTimers();
    while (cleanups.length) await cleanups.pop()!();
  });
  const memoryStores = async (): Promise<KeyvStores> => {
    const stores = await openStores('memory://', { logger: silentLogger() });
    cleanups.push(() => stores.close());
    return stores;
  };
  return { cleanups, memoryStores };
}
