// Digests that fall in a gap: a process down while another (serving other channels) ticks on, a whole
// process suspended past a day, a subscription change that lands while the list is being reloaded.
import { expect, it } from 'vitest';
import { createScheduler, LAST_TICK_KEY, notifyOnChange } from '../../src/schedule/scheduler.ts';
import { createDeliveryService } from '../../src/digest/delivery.ts';
import { scopeOf } from '../../src/digest/delivery-wiring.ts';
import { nextDigest } from '../../src/schedule/next-digest.ts';
import { silentLogger } from '../../src/logger.ts';
import type { ChatAdapter, Platform } from '../../src/chat.ts';
import type { Stores, Subscription } from '../../src/store/stores.ts';
import { FakeClock, RecordingAdapter, cleanupAfterEach, fakeDigests, seedDay, subscription } from './harness.ts';

const logger = silentLogger();
const config = { digest: { time: '09:00', timezone: 'UTC', size: 3, graceMs: 6 * 3_600_000, lookbackDays: 3 } };
const DAY = '2026-11-23';
const fast = { leaseTtlMs: 2000, retryBaseMs: 5, retryMaxMs: 20, nowDeadlineMs: 200 };
const { cleanups, memoryStores: emptyStores } = cleanupAfterEach();

async function memoryStores() {
  const stores = await emptyStores();
  await seedDay(stores, DAY, 5);
  await seedDay(stores, '2026-11-24', 5);
  return stores;
}

/** The whole process suspended at D 08:00, waking at D+1 10:00 and ticking on for an hour. */
async function suspendAndWake(clock: FakeClock, scheduler: { tick(): Promise<unknown>; idle(): Promise<void> }) {
  for (let t = Date.parse('2026-11-24T10:00:00Z'); t <= Date.parse('2026-11-24T11:00:00Z'); t += 60_000) {
    clock.t = t;
    await scheduler.tick();
  }
  await scheduler.idle();
}

/** One paperboy process serving one platform, as createApp wires it (its scope named after what it serves). */
function processOn(stores: Stores, clock: FakeClock, platform: Platform, options: { prepareAheadMs?: number; leaseRetryMs?: number } = {}, settings = config) {
  const adapter = new RecordingAdapter(platform);
  const delivery = createDeliveryService({ stores, digests: fakeDigests(), adapters: new Map<Platform, ChatAdapter>([[platform, adapter]]), logger, clock, config: settings, options: fast });
  const scheduler = createScheduler({ stores, delivery, logger, clock, config: settings, options: { scope: scopeOf([platform]), ...options } });
  cleanups.push(() => scheduler.stop(1000));
  return { adapter, scheduler };
}

it('names a process’s scope by its platforms and Discord shards', () => {
  expect(scopeOf(['slack', 'discord'])).toBe('discord+slack');
  expect(scopeOf(['discord'], { ids: [3, 1], count: 4 })).toBe('discord[1,3/4]');
});

it('catches up a process that was down while another, serving other channels, ticked on', async () => {
  const stores = await memoryStores();
  await stores.subscriptions.put(subscription('slack', 'S1'));
  await stores.subscriptions.put(subscription('discord', 'D1'));
  const clock = new FakeClock(Date.parse(`${DAY}T08:00:00Z`));
  const slack = processOn(stores, clock, 'slack');
  const discord = processOn(stores, clock, 'discord');
  await slack.scheduler.catchUp();
  await discord.scheduler.catchUp();
  await discord.scheduler.tick();
  // The Discord process stops at 08:00; the Slack one ticks every minute until 10:00.
  await discord.scheduler.stop(1000);
  for (let t = Date.parse(`${DAY}T08:01:00Z`); t <= Date.parse(`${DAY}T10:00:00Z`); t += 60_000) {
    clock.t = t;
    await slack.scheduler.tick();
  }
  await slack.scheduler.idle();
  expect(slack.adapter.papersIn('S1')).toHaveLength(3);
  // Each scope keeps its own last tick, and any process's is kept too (for a scope not seen before).
  expect(await stores.meta.get(`${LAST_TICK_KEY}:slack`)).toBe(`${DAY}T10:00:00.000Z`);
  expect(await stores.meta.get(`${LAST_TICK_KEY}:discord`)).toBe(`${DAY}T08:00:00.000Z`);
  expect(await stores.meta.get(LAST_TICK_KEY)).toBe(`${DAY}T10:00:00.000Z`);
  // Back at 10:00, an hour late and within the grace: the Discord digest goes out.
  const back = processOn(stores, clock, 'discord');
  expect(await back.scheduler.catchUp()).toEqual({ resumed: 0, delivered: 1, skipped: 0 });
  await back.scheduler.idle();
  expect((await stores.deliveries.get('discord', 'D1', DAY))?.status).toBe('done');
  expect(back.adapter.papersIn('D1')).toHaveLength(3);
});

it('after the whole process was suspended past a day, skips the digest beyond the grace and posts the one within it', async () => {
  const stores = await memoryStores();
  await stores.subscriptions.put(subscription('slack', 'C1'));
  const clock = new FakeClock(Date.parse(`${DAY}T08:00:00Z`));
  const { adapter, scheduler } = processOn(stores, clock, 'slack');
  await scheduler.catchUp();
  await scheduler.tick();
  await suspendAndWake(clock, scheduler);
  expect((await stores.deliveries.get('slack', 'C1', DAY))?.status).toBe('skipped');
  expect((await stores.deliveries.get('slack', 'C1', '2026-11-24'))?.status).toBe('done');
  expect(adapter.papersIn('C1')).toHaveLength(3);
});

it('after the whole process was suspended past a day, with DIGEST_GRACE over a day, posts only the latest digest', async () => {
  const stores = await memoryStores();
  await stores.subscriptions.put(subscription('slack', 'C1'));
  const clock = new FakeClock(Date.parse(`${DAY}T08:00:00Z`));
  const { adapter, scheduler } = processOn(stores, clock, 'slack', { leaseRetryMs: 10 }, { digest: { ...config.digest, graceMs: 48 * 3_600_000 } });
  await scheduler.catchUp();
  await scheduler.tick();
  await suspendAndWake(clock, scheduler);
  expect((await stores.deliveries.get('slack', 'C1', DAY))?.status).toBe('skipped');
  expect((await stores.deliveries.get('slack', 'C1', '2026-11-24'))?.status).toBe('done');
  expect(adapter.posts.filter((p) => p.view.kind === 'text')).toHaveLength(1);
  expect(adapter.papersIn('C1')).toHaveLength(3);
});

it('after the wall clock steps back an hour, a channel subscribing in the stretch lived again gets its digest, and no digest goes twice', async () => {
  const raw = await memoryStores();
  await raw.subscriptions.put(subscription('slack', 'C0', { time: '09:28' }));
  const hook: { refresh?: (p: Platform, c: string) => Promise<void> } = {};
  const subscriptions = notifyOnChange(raw.subscriptions, (p, c) => hook.refresh!(p, c));
  const clock = new FakeClock(Date.parse(`${DAY}T09:25:00Z`));
  const { adapter, scheduler } = processOn({ ...raw, subscriptions }, clock, 'slack');
  hook.refresh = (p, c) => scheduler.refresh(p, c);
  await scheduler.catchUp();
  for (; clock.t < Date.parse(`${DAY}T09:30:00Z`); clock.t += 60_000) await scheduler.tick();
  // NTP steps the clock back to 08:30; at 08:40 a channel subscribes for 08:50.
  clock.set(`${DAY}T08:30:00Z`);
  await scheduler.idle();
  expect(adapter.papersIn('C0')).toHaveLength(3);
  for (; clock.t <= Date.parse(`${DAY}T09:40:00Z`); clock.t += 60_000) {
    if (clock.t === Date.parse(`${DAY}T08:40:00Z`)) await subscriptions.put(subscription('slack', 'C1', { time: '08:50', createdAt: `${DAY}T08:40:00Z`, updatedAt: `${DAY}T08:40:00Z` }));
    await scheduler.tick();
    await scheduler.idle();
  }
  expect(adapter.papersIn('C1')).toHaveLength(3);
  expect((await raw.deliveries.get('slack', 'C1', DAY))?.status).toBe('done');
  // C0's 09:28 digest, due again in the stretch lived again, is not posted twice.
  expect(adapter.posts.filter((p) => p.channelId === 'C0')).toHaveLength(4);
});

it('moving today’s digest to a time already past posts none today: the next goes out when /paper subscribe says', async () => {
  const raw = await memoryStores();
  const hook: { refresh?: (p: Platform, c: string) => Promise<void> } = {};
  const subscriptions = notifyOnChange(raw.subscriptions, (p, c) => hook.refresh!(p, c));
  const clock = new FakeClock(Date.parse(`${DAY}T08:00:00Z`));
  const { adapter, scheduler } = processOn({ ...raw, subscriptions }, clock, 'slack');
  hook.refresh = (p, c) => scheduler.refresh(p, c);
  await subscriptions.put(subscription('slack', 'C1', { createdAt: `${DAY}T07:00:00Z`, updatedAt: `${DAY}T07:00:00Z` }));
  await scheduler.catchUp();
  // 08:30 UTC, half an hour before the 09:00 UTC digest: "tz Europe/Berlin", where it is 09:30 already.
  clock.set(`${DAY}T08:30:00Z`);
  const moved = subscription('slack', 'C1', { timezone: 'Europe/Berlin', createdAt: `${DAY}T07:00:00Z`, updatedAt: `${DAY}T08:30:00Z` });
  await subscriptions.put(moved);
  const said = await nextDigest(moved, clock.now(), raw.deliveries);
  expect(said?.at.toISOString()).toBe('2026-11-24T08:00:00.000Z');
  for (; clock.t < Date.parse('2026-11-24T09:00:00Z'); clock.t += 60_000) {
    await scheduler.tick();
    await scheduler.idle();
  }
  expect(await raw.deliveries.get('slack', 'C1', DAY)).toBeUndefined();
  expect((await raw.deliveries.get('slack', 'C1', '2026-11-24'))?.dueAt).toBe(said?.at.toISOString());
  expect(adapter.papersIn('C1')).toHaveLength(3);
});

it('keeps an unsubscribe that lands while a reload is reading the subscriptions: no digest for that channel', async () => {
  const raw = await memoryStores();
  await raw.subscriptions.put(subscription('slack', 'C1'));
  let gate: Promise<void> | undefined;
  const hook: { refresh?: (p: Platform, c: string) => Promise<void> } = {};
  // The list is read before the unsubscribe and answered after it.
  const slow = Object.assign(Object.create(raw.subscriptions) as typeof raw.subscriptions, {
    list: async (): Promise<Subscription[]> => {
      const listed = await raw.subscriptions.list();
      if (gate) await gate;
      return listed;
    },
  });
  const subscriptions = notifyOnChange(slow, (p, c) => hook.refresh!(p, c));
  const clock = new FakeClock(Date.parse(`${DAY}T08:54:00Z`));
  const { adapter, scheduler } = processOn({ ...raw, subscriptions }, clock, 'slack', { prepareAheadMs: 0 });
  hook.refresh = (p, c) => scheduler.refresh(p, c);
  await scheduler.catchUp();
  // The 08:59 tick reloads (5 minutes since the last); the channel unsubscribes while the list is read.
  clock.t = Date.parse(`${DAY}T08:59:00Z`);
  let open!: () => void;
  gate = new Promise((resolve) => (open = resolve));
  const tick = scheduler.tick();
  await new Promise((r) => setTimeout(r, 10));
  expect(await subscriptions.delete('slack', 'C1')).toBe(true);
  open();
  gate = undefined;
  await tick;
  clock.t = Date.parse(`${DAY}T09:00:00Z`);
  await scheduler.tick();
  await scheduler.idle();
  expect(adapter.posts).toEqual([]);
  expect(scheduler.size).toBe(0);
});
