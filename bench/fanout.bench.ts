// Fan-out of one digest to 1,000 channels per platform, through paperboy's real adapters, against fakes that enforce the limits.
//
// What runs: createApp with the real SlackAdapter (Bolt; posts go out as JSON POSTs over undici to
// SLACK_API_URL) or the real DiscordAdapter (discord.js; logs in to the fake gateway, posts through
// @discordjs/rest at DISCORD_API_URL), production settings; the real scheduler, delivery service and
// its default pacer (built from the adapters' limits); the store STORE_URL names in production
// (SQLite, WAL, synchronous=FULL) in a temporary file. Digests are ranked by upvotes (the ranker is
// not what this measures). The fakes are test/fakes' Slack and Discord, each in its own process
// (bench/fanout-server.ts), with limits on; they count every message for duplicates and missing.
// Env: FANOUT_CHANNELS (default 1000), FANOUT_SIZE (papers, default 5), FANOUT_PLATFORMS (default
// "slack,discord"), FANOUT_STORE (a STORE_URL instead of the temporary SQLite file),
// FANOUT_SLACK_BURST (the Slack fake's bucket size, default 2), FANOUT_RTT_MS (a network round trip the Slack
// fake adds to each call, default 0: on 127.0.0.1 answers come at once, as Slack's do not), FANOUT_MORNINGS (default 2: the first
// fan-out after start-up, whose code runs cold, then the next morning's, as a running bot's are, on new
// connections),
// FANOUT_PROFILE (a path prefix: each morning's first FANOUT_PROFILE_MS ms, default 600, profiled
// to <prefix>-<morning>.cpuprofile).
import { fork } from 'node:child_process';
import { performance } from 'node:perf_hooks';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { ChatAdapter, Platform } from '../src/chat.ts';
import { createApp } from '../src/app.ts';
import { loadConfig } from '../src/config.ts';
import { openStores } from '../src/store/open-stores.ts';
import { createDeliveryService } from '../src/digest/delivery.ts';
import { createScheduler } from '../src/schedule/scheduler.ts';
import { createMetrics } from '../src/observability/metrics.ts';
import { silentLogger } from '../src/logger.ts';
import { createSlackAdapter } from '../adapters/slack/slack-adapter.ts';
import { createDiscordAdapter } from '../adapters/discord/discord-adapter.ts';
import { FAKE_BOT_TOKEN } from '../test/fakes/slack-api.ts';
import { IDS } from '../test/fakes/discord-server.ts';
import { FakeClock, fakeDigests, seedDay, subscription } from '../test/schedule/harness.ts';
import { addDays } from '../src/schedule/due.ts';
import { DISCORD_FAKE_LIMITS, SLACK_FAKE_LIMIT, type FanoutStats } from './fanout-server.ts';

const CHANNELS = Number(process.env.FANOUT_CHANNELS ?? 1000);
const SIZE = Number(process.env.FANOUT_SIZE ?? 5);
const PLATFORMS = (process.env.FANOUT_PLATFORMS ?? 'slack,discord').split(',') as Platform[];
const MORNINGS = Math.max(1, Number(process.env.FANOUT_MORNINGS ?? 2));
const DAY = '2026-11-23';
/** How long idle kept-alive connections outlive their last request, at most (undici's 4 s, Node's HTTP server's 5 s). */
const IDLE_CONNECTIONS_MS = 5_500;
const logger = silentLogger();

/**
 * The least time, first post to last, that the nominal limits allow for `perChannel` messages to
 * each of `channels` channels: Slack 1 a second per channel ((perChannel − 1) s; the fake's bucket
 * burst is jitter room the pacer does not spend); Discord 5 per 5 s per channel and 50 a second in
 * all (⌊(all − 1) / 50⌋ s).
 */
function leastMs(platform: Platform, channels: number, perChannel: number): number {
  if (platform === 'slack') return (perChannel - 1) * 1000;
  const { perChannel: c, global: g } = DISCORD_FAKE_LIMITS;
  return Math.max(Math.floor((perChannel - 1) / c.count) * c.intervalMs, Math.floor((channels * perChannel - 1) / g.count) * g.intervalMs);
}

const ENFORCED: Record<string, string> = {
  slack: `chat.postMessage per channel: token bucket, ${SLACK_FAKE_LIMIT.perSecond}/s, burst ${SLACK_FAKE_LIMIT.burst}; 429 + Retry-After (whole s)`,
  discord: 'POST messages per channel: 5 per 5 s sliding; every request: 50 per 1 s sliding; 429 + retry_after/global, Retry-After, X-RateLimit-*',
};

/** Start the fake for a platform in its own process. */
async function startFake(platform: Platform): Promise<{ url: string; stats(): Promise<FanoutStats>; reset(): Promise<unknown>; close(): void }> {
  const child = fork(fileURLToPath(new URL('./fanout-server.ts', import.meta.url)), [], { execArgv: ['--import', 'tsx'], env: { ...process.env, FANOUT_SERVE: platform } });
  const url = await new Promise<string>((resolve, reject) => {
    child.once('message', (m) => resolve((m as { url: string }).url));
    child.once('exit', (code) => reject(new Error(`fake ${platform} exited with ${code}`)));
  });
  const ask = <T>(what: string) =>
    new Promise<T>((resolve) => {
      child.once('message', (m) => resolve(m as T));
      child.send(what);
    });
  return { url, stats: () => ask<FanoutStats>('stats'), reset: () => ask<unknown>('reset'), close: () => void child.send('close') };
}

function platformEnv(platform: Platform, url: string): Record<string, string> {
  return platform === 'slack'
    ? { SLACK_BOT_TOKEN: FAKE_BOT_TOKEN, SLACK_SIGNING_SECRET: 'bench-secret', SLACK_API_URL: url }
    : { DISCORD_TOKEN: 'bench-token', DISCORD_APPLICATION_ID: IDS.app, DISCORD_API_URL: url };
}

async function run(platform: Platform) {
  const fake = await startFake(platform);
  const dir = mkdtempSync(join(tmpdir(), 'paperboy-fanout-'));
  const storeUrl = process.env.FANOUT_STORE ?? `sqlite://${join(dir, 'paperboy.sqlite')}`;
  const stores = await openStores(storeUrl, { logger, redisPrefix: `fanout-${process.pid}:` });
  await seedDay(stores, DAY, SIZE + 5);
  for (let i = 0; i < CHANNELS; i++) await stores.subscriptions.put(subscription(platform, `${100_000_000 + i}`, { size: SIZE }));
  const env = { STORE_URL: storeUrl, LOG_LEVEL: 'silent', HF_API_URL: 'http://127.0.0.1:9', ARXIV_API_URL: 'http://127.0.0.1:9', ...platformEnv(platform, fake.url) };
  const config = { ...loadConfig(env), digest: { time: '09:00', timezone: 'UTC', size: SIZE, graceMs: 6 * 3_600_000, lookbackDays: 3 } };
  const clock = new FakeClock(Date.parse(`${DAY}T08:59:30Z`));
  const app = await createApp({
    config,
    logger,
    stores,
    clock,
    scheduler: false,
    adapters: (a) => [platform === 'slack' ? createSlackAdapter(a, { port: 0, host: '127.0.0.1' }) : createDiscordAdapter(a, { registerOnStart: false })!],
  });
  await app.start();
  const adapters = new Map<Platform, ChatAdapter>(app.adapters.map((a) => [a.platform, a]));
  const limits = adapters.get(platform)!.limits;
  const windowsMs = Math.max(limits?.perChannel?.intervalMs ?? 0, limits?.global?.intervalMs ?? 0);
  const metrics = createMetrics();
  const delivery = createDeliveryService({ stores, digests: fakeDigests(), adapters, logger, clock, config, metrics });
  const scheduler = createScheduler({ stores, delivery, logger, clock, config });
  await scheduler.catchUp();

  const rows = [];
  for (let morning = 0; morning < MORNINGS; morning++) {
    const day = addDays(DAY, morning);
    // A day passes between mornings, but the pacer's windows run on real time: without this pause the
    // last posts of the morning before (a moment ago) would hold back this morning's first ones. It also
    // outlasts idle connections (undici keeps them 4 s, the fakes 5 s), as a night does: each morning
    // opens its connections anew (kept, they made the next morning's first wave 0.05-0.1 s shorter).
    if (morning) await new Promise((resolve) => setTimeout(resolve, Math.max(windowsMs, IDLE_CONNECTIONS_MS) + 500));
    if (morning) await seedDay(stores, day, SIZE + 5);
    await fake.reset();
    // The tick a minute before (the first morning: half a minute, the start) prepares the digests.
    if (morning) clock.t = Date.parse(`${day}T08:59:00Z`);
    const before = performance.now();
    const { preparing } = await scheduler.tick();
    await scheduler.idle();
    const prepareMs = performance.now() - before;
    clock.t = Date.parse(`${day}T09:00:00Z`);
    rows.push({ ...(await measure(platform, morning ? 'next morning' : 'first after start', scheduler, fake, metrics)), prepared: preparing, 'prepare s': +(prepareMs / 1000).toFixed(2) });
  }
  await app.stop();
  await stores.close();
  fake.close();
  rmSync(dir, { recursive: true, force: true });
  return rows.map((r) => ({ platform, store: storeUrl.split(':')[0], ...r }));
}

/**
 * One morning's fan-out: the scheduler's tick at 09:00, the digests' due time, until every delivery
 * is done, and what the fake received. The tick a minute before prepared them (not counted here).
 */
async function measure(platform: Platform, morning: string, scheduler: ReturnType<typeof createScheduler>, fake: Awaited<ReturnType<typeof startFake>>, metrics: ReturnType<typeof createMetrics>) {
  // Starting the profiler takes a while: start it, pause, then measure, so its start stays out of the window.
  const prof = process.env.FANOUT_PROFILE ? await startProfile() : undefined;
  if (prof) await new Promise((resolve) => setTimeout(resolve, 300));
  const limited = metrics.rateLimited.get({ platform });
  const sent = metrics.digestsSent.get({ platform });
  const start = performance.now();
  const startedAt = Date.now();
  const elu = performance.eventLoopUtilization();
  const cpu = process.cpuUsage();
  const pf = process.resourceUsage().minorPageFault;
  const tick = await scheduler.tick();
  if (prof) setTimeout(() => void prof(`${process.env.FANOUT_PROFILE}-${morning.replace(/ /g, '_')}.cpuprofile`), Number(process.env.FANOUT_PROFILE_MS ?? 600));
  await scheduler.idle();
  const totalMs = performance.now() - start;
  const busy = performance.eventLoopUtilization(elu);
  const cpuUsed = process.cpuUsage(cpu);
  const s = await fake.stats();
  const spanMs = s.lastAt - s.firstAt;
  const least = leastMs(platform, CHANNELS, SIZE + 1);
  return {
    morning,
    channels: CHANNELS,
    due: tick.due,
    messages: s.messages,
    'total s': +(totalMs / 1000).toFixed(2),
    'first→last post s': +(spanMs / 1000).toFixed(2),
    'least s': least / 1000,
    'ratio': +(spanMs / least).toFixed(3),
    'total ratio': +(totalMs / least).toFixed(3),
    'to first post s': +((s.firstAt - startedAt) / 1000).toFixed(2),
    'first wave s': +(s.firstWaveMs / 1000).toFixed(2),
    'mean gap ms': Math.round(s.meanGapMs),
    'loop busy s': +(busy.active / 1000).toFixed(2),
    'cpu s': +((cpuUsed.user + cpuUsed.system) / 1e6).toFixed(2),
    'faults MB': Math.round(((process.resourceUsage().minorPageFault - pf) * 4) / 1024),
    'fake cpu s': +(s.cpuMs / 1000).toFixed(2),
    '429s': s.rateLimited,
    'paced 429s': metrics.rateLimited.get({ platform }) - limited,
    duplicates: s.duplicates,
    missing: CHANNELS * (SIZE + 1) - s.unique,
    digests: metrics.digestsSent.get({ platform }) - sent,
  };
}

/** Start a CPU profile of this thread; the function returned stops it and writes it to a file. */
async function startProfile() {
  const { Session } = await import('node:inspector');
  const { writeFileSync } = await import('node:fs');
  const session = new Session();
  session.connect();
  const post = (method: string, params: object = {}) => new Promise<any>((resolve, reject) => session.post(method, params, (err, r) => (err ? reject(err) : resolve(r))));
  await post('Profiler.enable');
  await post('Profiler.setSamplingInterval', { interval: 200 });
  await post('Profiler.start');
  return async (file: string) => {
    const { profile } = await post('Profiler.stop');
    writeFileSync(file, JSON.stringify(profile));
    session.disconnect();
  };
}

const rows = [];
for (const platform of PLATFORMS) rows.push(...(await run(platform)));
console.table(rows);
for (const p of PLATFORMS) console.log(`${p} fake enforces: ${ENFORCED[p]}`);
console.log('least: Slack (messages per channel − 1) × 1 s; Discord max(per-channel windows, ⌊(all messages − 1) / 50⌋ × 1 s); ratio = first→last post / least; total ratio = from the scheduler tick at the due time to the last delivery done / least (target ≤ 1.10); the digests were prepared by the tick a minute before (prepare s, not counted)');
process.exit(rows.some((r) => r.duplicates || r.missing) ? 1 : 0);
