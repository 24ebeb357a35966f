// Fan-out of one digest to 1,000 channels per platform against fake servers that enforce the limits.
//
// Slack: 1 message per second per channel. Discord: 5 per 5 s per channel and 50 per second in all.
// The fakes answer 429 (with the wait) when a limit is crossed. The real scheduler, delivery
// service and pacer run over a memory store; each fake server runs in its own process (as the real
// platforms are elsewhere, and so that its work does not slow the poster); the adapter is a minimal HTTP poster
// (test/schedule/http-chat-adapter.ts), because the Slack and Discord fakes in test/fakes/ do not
// enforce rate limits. Env: FANOUT_CHANNELS (default 1000), FANOUT_SIZE (papers, default 5),
// FANOUT_PLATFORMS (default "slack,discord"), FANOUT_CONCURRENCY (posts in flight per platform, default the pacer's).
import { fork, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import type { ChatAdapter, Platform, PostLimits } from '../src/chat.ts';
import { openStores } from '../src/store/open-stores.ts';
import { createDeliveryService } from '../src/digest/delivery.ts';
import { createScheduler } from '../src/schedule/scheduler.ts';
import { createPacer } from '../src/schedule/pacer.ts';
import { createMetrics } from '../src/observability/metrics.ts';
import { silentLogger } from '../src/logger.ts';
import { FakeChatServer } from '../test/schedule/fake-chat-server.ts';
import { HttpChatAdapter } from '../test/schedule/http-chat-adapter.ts';
import { fakeDigests, seedDay, subscription } from '../test/schedule/harness.ts';

const CHANNELS = Number(process.env.FANOUT_CHANNELS ?? 1000);
const SIZE = Number(process.env.FANOUT_SIZE ?? 5);
const CONCURRENCY = process.env.FANOUT_CONCURRENCY ? Number(process.env.FANOUT_CONCURRENCY) : undefined;
const PLATFORMS = (process.env.FANOUT_PLATFORMS ?? 'slack,discord').split(',') as Platform[];
const LIMITS: Record<string, PostLimits> = {
  slack: { perChannel: { count: 1, intervalMs: 1000 } },
  discord: { perChannel: { count: 5, intervalMs: 5000 }, global: { count: 50, intervalMs: 1000 } },
};
const DAY = '2026-11-23';
const logger = silentLogger();

/** The least time the limits allow for `channels` × `perChannel` messages, first to last post. */
function leastMs(limits: PostLimits, channels: number, perChannel: number): number {
  const per = Math.floor((perChannel - 1) / limits.perChannel.count) * limits.perChannel.intervalMs;
  const global = limits.global ? Math.floor((channels * perChannel - 1) / limits.global.count) * limits.global.intervalMs : 0;
  return Math.max(per, global);
}

/** What the server process reports at the end. */
interface ServerStats {
  posts: number;
  unique: number;
  duplicates: number;
  rateLimited: number;
  firstAt: number;
  lastAt: number;
  /** From the first header to the last one: how long the first message takes to reach every channel. */
  firstWaveMs: number;
  /** Mean time between two posts to one channel. */
  meanGapMs: number;
}

/** Server mode: serve the fake for one platform, answer `stats` requests over IPC. */
async function serve(platform: string) {
  const server = new FakeChatServer({ limits: LIMITS[platform] });
  await server.start();
  process.on('message', (msg) => {
    if (msg !== 'stats') return;
    const p = server.posts;
    const stats: ServerStats = {
      posts: p.length,
      unique: new Set(p.map((x) => `${x.channel}:${x.paperId ?? 'header'}`)).size,
      duplicates: server.duplicates().length,
      rateLimited: server.rateLimited,
      firstAt: p[0]?.at ?? 0,
      lastAt: p.at(-1)?.at ?? 0,
      ...waves(p),
    };
    process.send!(stats, () => void server.close().then(() => process.exit(0)));
  });
  process.send!({ url: server.url });
}

function waves(posts: { channel: string; kind: string; at: number }[]) {
  const headers = posts.filter((p) => p.kind === 'text').map((p) => p.at);
  const last = new Map<string, number>();
  let gaps = 0;
  let sum = 0;
  for (const p of posts) {
    const prev = last.get(p.channel);
    if (prev !== undefined) {
      gaps++;
      sum += p.at - prev;
    }
    last.set(p.channel, p.at);
  }
  return { firstWaveMs: headers.length ? Math.max(...headers) - Math.min(...headers) : 0, meanGapMs: gaps ? sum / gaps : 0 };
}

/** Start the fake for a platform in its own process. */
async function startServer(platform: Platform): Promise<{ url: string; stats(): Promise<ServerStats>; child: ChildProcess }> {
  const child = fork(fileURLToPath(import.meta.url), [], { execArgv: ['--import', 'tsx'], env: { ...process.env, FANOUT_SERVE: platform } });
  const url = await new Promise<string>((resolve, reject) => {
    child.once('message', (m) => resolve((m as { url: string }).url));
    child.once('exit', (code) => reject(new Error(`fake server exited with ${code}`)));
  });
  return {
    url,
    child,
    stats: () =>
      new Promise<ServerStats>((resolve) => {
        child.once('message', (m) => resolve(m as ServerStats));
        child.send('stats');
      }),
  };
}

async function run(platform: Platform) {
  const limits = LIMITS[platform]!;
  const server = await startServer(platform);
  const stores = await openStores('memory://', { logger });
  await seedDay(stores, DAY, SIZE + 5);
  for (let i = 0; i < CHANNELS; i++) await stores.subscriptions.put(subscription(platform, `${platform}-${i}`, { size: SIZE }));
  const adapter = new HttpChatAdapter(platform, server.url, limits);
  const clock = { t: Date.parse(`${DAY}T08:59:30Z`), now() { return new Date(this.t); } };
  const metrics = createMetrics();
  const config = { digest: { time: '09:00', timezone: 'UTC', size: SIZE, graceMs: 6 * 3_600_000, lookbackDays: 3 } };
  const pacer = createPacer({ limits: { [platform]: limits }, concurrency: CONCURRENCY, onRateLimited: () => metrics.rateLimited.inc({ platform }) });
  const delivery = createDeliveryService({ stores, digests: fakeDigests(), adapters: new Map<Platform, ChatAdapter>([[platform, adapter]]), logger, clock, config, metrics, pacer });
  const scheduler = createScheduler({ stores, delivery, logger, clock, config });
  await scheduler.catchUp();

  clock.t = Date.parse(`${DAY}T09:00:00Z`);
  const start = performance.now();
  const tick = await scheduler.tick();
  await scheduler.idle();
  const totalMs = performance.now() - start;

  const s = await server.stats();
  const spanMs = s.lastAt - s.firstAt;
  const expected = CHANNELS * (SIZE + 1);
  const least = leastMs(limits, CHANNELS, SIZE + 1);
  await stores.close();
  return {
    platform,
    channels: CHANNELS,
    due: tick.due,
    messages: s.posts,
    'total s': +(totalMs / 1000).toFixed(2),
    'first→last post s': +(spanMs / 1000).toFixed(2),
    'least s': least / 1000,
    'over least': `${(((spanMs - least) / least) * 100).toFixed(1)} %`,
    'first wave s': +(s.firstWaveMs / 1000).toFixed(2),
    'mean gap ms': Math.round(s.meanGapMs),
    '429s': s.rateLimited,
    'adapter 429s': adapter.rateLimited,
    duplicates: s.duplicates,
    missing: expected - s.unique,
    digests: metrics.digestsSent.get({ platform }),
  };
}

if (process.env.FANOUT_SERVE) {
  await serve(process.env.FANOUT_SERVE);
} else {
  const rows = [];
  for (const platform of PLATFORMS) rows.push(await run(platform));
  console.table(rows);
  const bad = rows.filter((r) => r.duplicates || r.missing);
  process.exit(bad.length ? 1 : 0);
}
