// Prepared deliveries: lease held, papers chosen and intent written before the due time; changes in between honoured.
import { describe, expect, it } from 'vitest';
import type { KeyvStores } from '../../src/store/open-stores.ts';
import { createDeliveryService, LEASE_HELD } from '../../src/digest/delivery.ts';
import { silentLogger } from '../../src/logger.ts';
import type { ChatAdapter, Platform } from '../../src/chat.ts';
import { FakeClock, RecordingAdapter, fakeDigests, seedDay, storeBackends, subscription, cleanupAfterEach } from '../schedule/harness.ts';

const logger = silentLogger();
const config = { digest: { time: '09:00', timezone: 'UTC', size: 3, graceMs: 6 * 3_600_000, lookbackDays: 3 } };
const DAY = '2026-11-23';
const DUE = new Date(`${DAY}T09:00:00Z`);
const ref = { platform: 'slack' as const, channelId: 'C1' };

const { cleanups } = cleanupAfterEach();

const backends = storeBackends('prepared', cleanups);

/** Stores with DAY's listing, a subscription of C1 (size 3), and two services over them (two processes). */
async function setup(open: () => Promise<KeyvStores>, clockAt = `${DAY}T08:59:00Z`) {
  const stores = await open();
  cleanups.push(() => stores.close());
  const papers = await seedDay(stores, DAY, 8);
  const sub = subscription('slack', 'C1');
  await stores.subscriptions.put(sub);
  const adapter = new RecordingAdapter('slack');
  const clock = new FakeClock(Date.parse(clockAt));
  const service = () =>
    createDeliveryService({ stores, digests: fakeDigests(), adapters: new Map<Platform, ChatAdapter>([['slack', adapter]]), logger, clock, config, options: { leaseTtlMs: 60_000, retryBaseMs: 5, retryMaxMs: 20 } });
  return { stores, papers, sub, adapter, clock, delivery: service(), other: service() };
}

describe.each(backends)('prepared deliveries on %s', (_name, open) => {
  it('hold the lease and write the intent, due at its time; then post what was chosen, even if the listing changed since', async () => {
    const { stores, papers, sub, adapter, clock, delivery, other } = await setup(open);
    const prepared = await delivery.prepare(sub, DAY, DUE);
    expect(prepared).toBeDefined();
    expect(await stores.deliveries.get('slack', 'C1', DAY)).toMatchObject({ status: 'intent', paperIds: papers.slice(0, 3).map((p) => p.id), dueAt: DUE.toISOString(), reason: 'posting:header', messages: [] });
    expect((await stores.deliveries.unfinished()).map((r) => r.channelId)).toEqual(['C1']);
    expect(adapter.posts).toEqual([]);
    expect(await other.deliver(ref, DAY)).toMatchObject({ status: 'skipped', reason: LEASE_HELD });
    // A paper listed after the preparation, ranked above the others: a minor loss, by design.
    clock.t += 120_000;
    await seedDay(stores, DAY, 1, 'late');
    await stores.papers.putMany([{ ...(await stores.papers.get('late.00001'))!, upvotes: 1000 }]);
    await stores.papers.setDay(DAY, ['late.00001', ...papers.map((p) => p.id)]);
    expect(await delivery.deliver(ref, DAY, { scheduledAt: new Date(`${DAY}T09:00:00Z`), prepared })).toEqual({ status: 'done', posted: 3 });
    expect(adapter.papersIn('C1')).toEqual(papers.slice(0, 3).map((p) => p.id));
    expect((await stores.deliveries.get('slack', 'C1', DAY))?.status).toBe('done');
  });

  it('choose again when the subscription changed since', async () => {
    const { stores, sub, adapter, delivery } = await setup(open);
    const prepared = await delivery.prepare(sub, DAY, DUE);
    await stores.subscriptions.put({ ...sub, size: 2, topics: ['paper 5'], updatedAt: `${DAY}T08:59:30.000Z` });
    expect(await delivery.deliver(ref, DAY, { prepared })).toEqual({ status: 'done', posted: 1 });
    expect(adapter.papersIn('C1')).toEqual(['20261123.00005']);
    expect((await stores.deliveries.get('slack', 'C1', DAY))?.paperIds).toEqual(['20261123.00005']);
  });

  it('remove the intent and give the lease back when the channel unsubscribed since, or when cancelled', async () => {
    const { stores, sub, adapter, delivery, other } = await setup(open);
    let prepared = await delivery.prepare(sub, DAY, DUE);
    await stores.subscriptions.delete('slack', 'C1');
    expect(await delivery.deliver(ref, DAY, { prepared })).toEqual({ status: 'skipped', posted: 0, reason: 'not subscribed' });
    expect(await stores.deliveries.get('slack', 'C1', DAY)).toBeUndefined();
    await stores.subscriptions.put(sub);
    prepared = await delivery.prepare(sub, DAY, DUE);
    expect(prepared).toBeDefined();
    await prepared!.cancel();
    expect(await stores.deliveries.get('slack', 'C1', DAY)).toBeUndefined();
    expect(await stores.deliveries.unfinished()).toEqual([]);
    expect(await other.deliver(ref, DAY)).toEqual({ status: 'done', posted: 3 });
    expect(adapter.papersIn('C1')).toHaveLength(3);
    // A cancelled preparation delivers nothing of its own: the record says done.
    expect(await delivery.deliver(ref, DAY, { prepared })).toMatchObject({ status: 'done', posted: 0 });
    expect(adapter.papersIn('C1')).toHaveLength(3);
  });

  it('is nothing to prepare when the digest has a record or another process holds the lease', async () => {
    const { sub, delivery, other } = await setup(open);
    const held = await other.prepare(sub, DAY, DUE);
    expect(held).toBeDefined();
    expect(await delivery.prepare(sub, DAY, DUE)).toBeUndefined();
    await other.deliver(ref, DAY, { prepared: held });
    expect(await delivery.prepare(sub, DAY, DUE)).toBeUndefined();
  });

  it('choose again when an on-demand digest ran in the channel since: no paper twice', async () => {
    // Due at midnight: prepared on the day before, when /paper digest takes the other day's lease.
    const { stores, adapter, delivery } = await setup(open, `${DAY}T23:59:00Z`);
    const sub = { ...subscription('slack', 'C1'), time: '00:00' };
    await stores.subscriptions.put(sub);
    const prepared = await delivery.prepare(sub, '2026-11-24', new Date('2026-11-24T00:00:00Z'));
    expect(await delivery.deliverNow(ref)).toMatchObject({ status: 'done', posted: 3 });
    expect(await delivery.deliver(ref, '2026-11-24', { prepared })).toEqual({ status: 'done', posted: 3 });
    const posted = adapter.papersIn('C1');
    expect(posted).toHaveLength(6);
    expect(new Set(posted).size).toBe(6);
  });
});
