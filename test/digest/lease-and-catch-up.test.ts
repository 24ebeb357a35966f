// Leases that must not outlive a store error or a clock step, and catch-up that posts what was promised and no more.
import { expect, it, vi } from 'vitest';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openStores, type KeyvStores } from '../../src/store/open-stores.ts';
import { createDeliveryService, LEASE_HELD, STORE_DOWN } from '../../src/digest/delivery.ts';
import { createScheduler, LAST_TICK_KEY } from '../../src/schedule/scheduler.ts';
import { nextDigest } from '../../src/schedule/next-digest.ts';
import { silentLogger } from '../../src/logger.ts';
import type { ChatAdapter, Platform } from '../../src/chat.ts';
import type { Pacer } from '../../src/schedule/pacer.ts';
import { FakeClock, RecordingAdapter, cleanupAfterEach, fakeDigests, seedDay, subscription } from '../schedule/harness.ts';

const logger = silentLogger();
const config = { digest: { time: '09:00', timezone: 'UTC', size: 3, graceMs: 6 * 3_600_000, lookbackDays: 3 } };
const DAY = '2026-11-23';
const ref = { platform: 'slack' as const, channelId: 'C1' };
/** Posts go straight out: the pacer would serialise two deliveries' posts and hide the overlap. */
const direct: Pacer = { send: (_p, _c, post) => post(), holdOff: () => {}, pending: 0 };

const { cleanups, memoryStores } = cleanupAfterEach();

it('/paper digest whose channel lease cannot be taken (a store blip) gives the day lease back, and says the store did not answer', async () => {
  const stores = await memoryStores();
  await seedDay(stores, DAY, 6);
  await stores.subscriptions.put(subscription('slack', 'C1'));
  const adapter = new RecordingAdapter('slack');
  const clock = new FakeClock(Date.parse(`${DAY}T08:30:00Z`));
  const delivery = createDeliveryService({ stores, digests: fakeDigests(), adapters: new Map<Platform, ChatAdapter>([['slack', adapter]]), logger, clock, config, pacer: direct, options: { leaseTtlMs: 150, retryBaseMs: 5, retryMaxMs: 20, nowDeadlineMs: 50 } });
  // Redis answers the day lease's SET NX, then drops the connection for the channel lease's.
  const setIfAbsent = stores.meta.setIfAbsent.bind(stores.meta);
  let blip = true;
  stores.meta.setIfAbsent = async (key, value, ttl) => {
    if (blip && key.startsWith('lease:channel:')) {
      blip = false;
      throw new Error('Socket closed unexpectedly');
    }
    return setIfAbsent(key, value, ttl);
  };
  // The delivery service promises an outcome, never a throw.
  const outcome = await delivery.deliverNow(ref).catch((err: Error) => ({ status: 'threw', posted: 0, reason: err.message }));
  expect(outcome).toMatchObject({ status: 'failed', reason: STORE_DOWN });
  // Past the lease's 150 ms life: a day lease left behind, renewed by a timer never cleared, would still be held, and the
  // 09:00 digest would be told another process is delivering it for as long as this process lives.
  await new Promise((r) => setTimeout(r, 600));
  clock.set(`${DAY}T09:00:00Z`);
  expect(await delivery.deliver(ref, DAY, { scheduledAt: new Date(`${DAY}T09:00:00Z`) })).not.toMatchObject({ reason: LEASE_HELD });
});

it('two processes on one SQLite file: when the wall clock steps forward past the lease life and the other takes the lease, the holder stops (no paper twice)', async () => {
  vi.useFakeTimers({ toFake: ['Date'], now: Date.parse(`${DAY}T09:00:00Z`) });
  const dir = mkdtempSync(join(tmpdir(), 'paperboy-review-'));
  cleanups.push(() => rmSync(dir, { recursive: true, force: true }));
  const url = `sqlite://${join(dir, 'store.sqlite')}`;
  const a = await openStores(url, { logger });
  cleanups.push(() => a.close());
  const b = await openStores(url, { logger });
  cleanups.push(() => b.close());
  await seedDay(a, DAY, 6);
  await a.subscriptions.put(subscription('slack', 'C1'));
  const adapter = new RecordingAdapter('slack');
  const clock = { now: () => new Date() };
  const service = (stores: KeyvStores) =>
    createDeliveryService({ stores, digests: fakeDigests(), adapters: new Map<Platform, ChatAdapter>([['slack', adapter]]), logger, clock, config, pacer: direct, options: { leaseTtlMs: 60_000, retryBaseMs: 5, retryMaxMs: 20 } });
  const inA = service(a);
  const inB = service(b);
  const post = adapter.post.bind(adapter);
  let stepped = false;
  let other: Promise<unknown> | undefined;
  adapter.post = async (channelId, view) => {
    const sent = await post(channelId, view);
    if (!stepped) {
      stepped = true;
      // Right after A's header: NTP steps the clock two minutes forward. SQLite expires leases on the wall clock, so
      // process B's scheduled retry of the same digest (LEASE_HELD, every 30 s) now wins the lease and resumes it.
      vi.setSystemTime(Date.now() + 2 * 60_000);
      other = inB.deliver(ref, DAY, { scheduledAt: new Date(`${DAY}T09:00:00Z`) });
      await other;
    }
    return sent;
  };
  await inA.deliver(ref, DAY, { scheduledAt: new Date(`${DAY}T09:00:00Z`) });
  await other;
  const posted = adapter.papersIn('C1');
  expect(posted.length).toBeGreaterThan(0);
  expect(new Set(posted).size).toBe(posted.length);
});

it('catch-up posts the digest "Next digest" promised after a failure and a new subscription, across a restart', async () => {
  const stores = await memoryStores();
  await seedDay(stores, DAY, 6);
  // 09:00: the digest failed (paperboy not invited), the subscription was paused. 09:30: the team invites paperboy
  // and subscribes again for 10:00; /paper subscribe says "Next digest: today at 10:00 UTC".
  await stores.deliveries.put({ platform: 'slack', channelId: 'C1', day: DAY, status: 'failed', paperIds: [], messages: [], reason: 'channel unavailable: channel_not_found', startedAt: `${DAY}T09:00:00.000Z`, updatedAt: `${DAY}T09:00:05.000Z` });
  const sub = subscription('slack', 'C1', { time: '10:00', updatedAt: `${DAY}T09:30:00.000Z` });
  await stores.subscriptions.put(sub);
  expect((await nextDigest(sub, new Date(`${DAY}T09:30:00Z`), stores.deliveries))?.at.toISOString()).toBe(`${DAY}T10:00:00.000Z`);
  // A deploy: the process stops at 09:55 and is back at 10:05.
  await stores.meta.set(LAST_TICK_KEY, `${DAY}T09:55:00.000Z`);
  const clock = new FakeClock(Date.parse(`${DAY}T10:05:00Z`));
  const adapter = new RecordingAdapter('slack');
  const delivery = createDeliveryService({ stores, digests: fakeDigests(), adapters: new Map<Platform, ChatAdapter>([['slack', adapter]]), logger, clock, config, options: { retryBaseMs: 5, leaseTtlMs: 2000 } });
  const scheduler = createScheduler({ stores, delivery, logger, clock, config });
  cleanups.push(() => scheduler.stop(1000));
  await scheduler.catchUp();
  await scheduler.idle();
  // As the tick would (closesDay: the failed record predates the subscription); catch-up skipped any day with a record.
  expect(adapter.papersIn('C1')).toHaveLength(3);
});

it('with DIGEST_GRACE over a day, catch-up posts only the latest digest when the older one was only prepared (intent, nothing posted)', async () => {
  const stores = await memoryStores();
  await seedDay(stores, '2026-11-22', 6);
  await seedDay(stores, DAY, 6);
  await stores.subscriptions.put(subscription('slack', 'C1'));
  // Sunday 08:59:10: the 09:00 digest was prepared (intent, due 09:00), then the process died until Monday 10:00.
  const ids = (await stores.papers.getDay('2026-11-22'))!.slice(0, 3);
  await stores.deliveries.put({ platform: 'slack', channelId: 'C1', day: '2026-11-22', status: 'intent', paperIds: ids, reasons: ['a', 'b', 'c'], messages: [], reason: 'posting:header', dueAt: '2026-11-22T09:00:00.000Z', startedAt: '2026-11-22T08:59:10.000Z', updatedAt: '2026-11-22T08:59:10.000Z' });
  await stores.meta.set(LAST_TICK_KEY, '2026-11-22T08:59:02.000Z');
  const long = { digest: { ...config.digest, graceMs: 48 * 3_600_000 } };
  const clock = new FakeClock(Date.parse(`${DAY}T10:00:00Z`));
  const adapter = new RecordingAdapter('slack');
  const delivery = createDeliveryService({ stores, digests: fakeDigests(), adapters: new Map<Platform, ChatAdapter>([['slack', adapter]]), logger, clock, config: long, options: { retryBaseMs: 5, leaseTtlMs: 2000 } });
  const scheduler = createScheduler({ stores, delivery, logger, clock, config: long });
  cleanups.push(() => scheduler.stop(1000));
  await scheduler.catchUp();
  await scheduler.idle();
  // README: "of several a channel missed within it, only the latest is posted and the older ones are recorded as skipped".
  // Monday's three papers only; Sunday's prepared digest is recorded as superseded.
  expect(adapter.papersIn('C1')).toHaveLength(3);
  expect(await stores.deliveries.get('slack', 'C1', '2026-11-22')).toMatchObject({ status: 'skipped', reason: expect.stringMatching(/superseded by the digest of 2026-11-23/) });
});
