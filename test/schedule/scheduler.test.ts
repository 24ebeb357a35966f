// The scheduler: minute ticks across DST, catch-up within and beyond grace, resume, cheap ticks.
import { describe, expect, it, vi } from 'vitest';
import type { KeyvStores } from '../../src/store/open-stores.ts';
import { createScheduler, notifyOnChange, LAST_TICK_KEY } from '../../src/schedule/scheduler.ts';
import { createDeliveryService, type DeliveryService } from '../../src/digest/delivery.ts';
import { silentLogger } from '../../src/logger.ts';
import type { ChannelRef } from '../../src/chat.ts';
import type { Subscription } from '../../src/store/stores.ts';
import { FakeClock, RecordingAdapter, cleanupAfterEach, fakeDigests, seedDay, subscription } from './harness.ts';

const logger = silentLogger();
const config = { digest: { time: '09:00', timezone: 'UTC', size: 3, graceMs: 6 * 3_600_000, lookbackDays: 3 } };
const MINUTE = 60_000;

const { cleanups, memoryStores } = cleanupAfterEach();

/** A delivery service stand-in that records what it was asked to deliver, and when. */
function recordingDelivery(clock: FakeClock) {
  const calls: { channel: string; day: string; scheduledAt?: string; at: string }[] = [];
  const delivery: DeliveryService = {
    pacer: { send: (_p, _c, post) => post(), holdOff: () => {}, pending: 0 },
    serves: () => true,
    async deliver(target: Subscription | ChannelRef, day, opts = {}) {
      calls.push({ channel: target.channelId, day, scheduledAt: opts.scheduledAt?.toISOString(), at: clock.now().toISOString() });
      return { status: 'done', posted: 1 };
    },
    deliverNow: async () => ({ status: 'done', posted: 0 }),
    resume: async () => ({ status: 'done', posted: 0 }),
    recordSkipped: async () => true,
    prepare: async () => undefined,
  };
  return { calls, delivery };
}

describe('minute ticks with fake timers across the 2026 DST changes', () => {
  it.each([
    ['Europe/Berlin', '02:30', '2026-03-28T22:00:00Z', '2026-03-29T01:00:00.000Z', '2026-03-29'],
    ['Europe/Berlin', '02:30', '2026-10-24T22:00:00Z', '2026-10-25T00:30:00.000Z', '2026-10-25'],
    ['America/New_York', '02:15', '2026-03-08T04:00:00Z', '2026-03-08T07:00:00.000Z', '2026-03-08'],
    ['America/New_York', '01:30', '2026-11-01T03:00:00Z', '2026-11-01T05:30:00.000Z', '2026-11-01'],
  ])('%s at %s fires once, at the right instant', async (timezone, time, start, expectedAt, day) => {
    vi.useFakeTimers({ toFake: ['Date'] });
    vi.setSystemTime(new Date(start));
    const clock = { now: () => new Date() };
    const stores = await memoryStores();
    await stores.subscriptions.put(subscription('slack', 'C1', { timezone, time }));
    await stores.subscriptions.put(subscription('slack', 'C2', { timezone, time: '09:00' }));
    const { calls, delivery } = recordingDelivery({ now: clock.now } as FakeClock);
    const scheduler = createScheduler({ stores, delivery, logger, clock, config });
    await scheduler.catchUp();
    // Six hours of minute ticks through the change.
    for (let i = 0; i < 6 * 60; i++) {
      vi.setSystemTime(new Date(Date.now() + MINUTE));
      await scheduler.tick();
    }
    await scheduler.idle();
    const c1 = calls.filter((c) => c.channel === 'C1');
    expect(c1).toEqual([{ channel: 'C1', day, scheduledAt: expectedAt, at: expectedAt }]);
    expect(calls.filter((c) => c.channel === 'C2')).toEqual([]);
  });

  it('ticks a week of Mon–Fri digests in Berlin across the spring change: five, each on its day', async () => {
    vi.useFakeTimers({ toFake: ['Date'] });
    vi.setSystemTime(new Date('2026-03-26T00:00:00Z'));
    const stores = await memoryStores();
    await stores.subscriptions.put(subscription('discord', 'D1', { timezone: 'Europe/Berlin', days: [1, 2, 3, 4, 5] }));
    const clock = { now: () => new Date() };
    const { calls, delivery } = recordingDelivery(clock as FakeClock);
    const scheduler = createScheduler({ stores, delivery, logger, clock, config });
    await scheduler.catchUp();
    for (let i = 0; i < 7 * 24 * 60; i++) {
      vi.setSystemTime(new Date(Date.now() + MINUTE));
      await scheduler.tick();
    }
    expect(calls.map((c) => `${c.day} ${c.at}`)).toEqual([
      '2026-03-26 2026-03-26T08:00:00.000Z',
      '2026-03-27 2026-03-27T08:00:00.000Z',
      '2026-03-30 2026-03-30T07:00:00.000Z',
      '2026-03-31 2026-03-31T07:00:00.000Z',
      '2026-04-01 2026-04-01T07:00:00.000Z',
    ]);
  });
});

describe('start-up', () => {
  it('on a first start (no tick ever recorded) catches up nothing', async () => {
    const stores = await memoryStores();
    await stores.subscriptions.put(subscription('slack', 'C1', { time: '09:00' }));
    const clock = new FakeClock(Date.parse('2026-11-23T10:00:00Z'));
    const { calls, delivery } = recordingDelivery(clock);
    expect(await createScheduler({ stores, delivery, logger, clock, config }).catchUp()).toEqual({ resumed: 0, delivered: 0, skipped: 0 });
    expect(calls).toEqual([]);
    expect(await stores.meta.get(LAST_TICK_KEY)).toBe('2026-11-23T10:00:00.000Z');
  });

  async function realDelivery(stores: KeyvStores, clock: FakeClock) {
    const adapter = new RecordingAdapter('slack');
    const delivery = createDeliveryService({ stores, digests: fakeDigests(), adapters: new Map([['slack', adapter]]), logger, clock, config, options: { retryBaseMs: 5, leaseTtlMs: 2000 } });
    return { adapter, delivery };
  }

  it('catches up a digest missed within DIGEST_GRACE and skips one beyond it, with a record', async () => {
    const stores = await memoryStores();
    await seedDay(stores, '2026-11-23', 4);
    const clock = new FakeClock(Date.parse('2026-11-23T11:00:00Z'));
    await stores.subscriptions.put(subscription('slack', 'late2h', { time: '09:00' }));
    await stores.subscriptions.put(subscription('slack', 'late9h', { time: '02:00' }));
    await stores.subscriptions.put(subscription('slack', 'new', { time: '09:00', createdAt: '2026-11-23T10:00:00Z', updatedAt: '2026-11-23T10:00:00Z' }));
    await stores.subscriptions.put(subscription('slack', 'later', { time: '12:00' }));
    // paperboy last ticked two days ago.
    await stores.meta.set(LAST_TICK_KEY, '2026-11-21T11:00:00.000Z');
    const { adapter, delivery } = await realDelivery(stores, clock);
    const scheduler = createScheduler({ stores, delivery, logger, clock, config });
    const result = await scheduler.catchUp();
    await scheduler.idle();
    // Skipped: late9h today, late2h and later yesterday (late2h's today is within grace).
    expect(result).toMatchObject({ delivered: 1, skipped: 3 });
    expect((await stores.deliveries.get('slack', 'late2h', '2026-11-22'))?.status).toBe('skipped');
    expect(adapter.papersIn('late2h')).toHaveLength(3);
    expect(adapter.papersIn('late9h')).toEqual([]);
    expect(adapter.posts.filter((p) => p.channelId !== 'late2h')).toEqual([]);
    expect((await stores.deliveries.get('slack', 'late9h', '2026-11-23'))?.status).toBe('skipped');
    // Older missed days are counted, not recorded: one skipped record per channel says what happened.
    expect(await stores.deliveries.get('slack', 'late9h', '2026-11-22')).toBeUndefined();
    expect((await stores.deliveries.get('slack', 'later', '2026-11-22'))?.status).toBe('skipped');
    expect((await stores.deliveries.get('slack', 'late2h', '2026-11-23'))?.status).toBe('done');
    expect(await stores.deliveries.get('slack', 'new', '2026-11-23')).toBeUndefined();
    // A second start-up does nothing more.
    const again = await createScheduler({ stores, delivery, logger, clock, config }).catchUp();
    expect(again).toEqual({ resumed: 0, delivered: 0, skipped: 0 });
  });

  it('with DIGEST_GRACE over a day, catches up only the latest digest a channel missed, and records the older one as skipped', async () => {
    const stores = await memoryStores();
    await seedDay(stores, '2026-11-22', 6);
    await seedDay(stores, '2026-11-23', 6);
    await stores.subscriptions.put(subscription('slack', 'C1'));
    // Down from Sunday 08:00 to Monday 10:00: Sunday's and Monday's 09:00 digests are both within 48 h.
    await stores.meta.set(LAST_TICK_KEY, '2026-11-22T08:00:00.000Z');
    const clock = new FakeClock(Date.parse('2026-11-23T10:00:00Z'));
    const long = { digest: { ...config.digest, graceMs: 48 * 3_600_000 } };
    const adapter = new RecordingAdapter('slack');
    const delivery = createDeliveryService({ stores, digests: fakeDigests(), adapters: new Map([['slack', adapter]]), logger, clock, config: long, options: { retryBaseMs: 5, leaseTtlMs: 2000 } });
    const scheduler = createScheduler({ stores, delivery, logger, clock, config: long });
    expect(await scheduler.catchUp()).toEqual({ resumed: 0, delivered: 1, skipped: 1 });
    await scheduler.idle();
    expect(adapter.posts.filter((p) => p.view.kind === 'text')).toHaveLength(1);
    const posted = adapter.papersIn('C1');
    expect(posted).toHaveLength(3);
    expect(new Set(posted).size).toBe(3);
    expect((await stores.deliveries.get('slack', 'C1', '2026-11-23'))?.status).toBe('done');
    expect(await stores.deliveries.get('slack', 'C1', '2026-11-22')).toMatchObject({ status: 'skipped', reason: expect.stringContaining('2026-11-23') });
  });

  it('does not move the last tick past a digest still being handed over, so a crash cannot hide it', async () => {
    const stores = await memoryStores();
    await stores.subscriptions.put(subscription('slack', 'C1', { time: '09:00' }));
    await stores.meta.set(LAST_TICK_KEY, '2026-11-23T08:00:00.000Z');
    const clock = new FakeClock(Date.parse('2026-11-23T09:30:00Z'));
    const { delivery } = recordingDelivery(clock);
    const deliver = vi.fn(() => new Promise<never>(() => {})); // never finishes (the process dies)
    await createScheduler({ stores, delivery: { ...delivery, deliver }, logger, clock, config }).catchUp();
    await new Promise((r) => setTimeout(r, 10));
    expect(deliver).toHaveBeenCalledTimes(1);
    expect(await stores.meta.get(LAST_TICK_KEY)).toBe('2026-11-23T08:59:59.999Z');
  });

  it('resumes an unfinished delivery', async () => {
    const stores = await memoryStores();
    const ids = (await seedDay(stores, '2026-11-23', 3)).map((p) => p.id);
    const clock = new FakeClock(Date.parse('2026-11-23T09:05:00Z'));
    await stores.subscriptions.put(subscription('slack', 'C1'));
    await stores.deliveries.put({ platform: 'slack', channelId: 'C1', day: '2026-11-23', status: 'posting', paperIds: ids, messages: [{ messageId: 'h' }], startedAt: '2026-11-23T09:00:00Z', updatedAt: '2026-11-23T09:00:00Z' });
    const { adapter, delivery } = await realDelivery(stores, clock);
    const scheduler = createScheduler({ stores, delivery, logger, clock, config });
    expect((await scheduler.catchUp()).resumed).toBe(1);
    await scheduler.idle();
    expect(adapter.papersIn('C1')).toEqual(ids);
    expect((await stores.deliveries.get('slack', 'C1', '2026-11-23'))?.status).toBe('done');
  });

  it('does not finish a digest cut off mid-post longer ago than DIGEST_GRACE: it is recorded as skipped', async () => {
    const stores = await memoryStores();
    const ids = (await seedDay(stores, '2026-11-23', 3)).map((p) => p.id);
    await seedDay(stores, '2026-11-26', 3, 'thu');
    await stores.subscriptions.put(subscription('slack', 'C1'));
    // Monday 09:00:01: the header and the first paper went out, then the process died; it is back on Thursday 10:00.
    await stores.deliveries.put({
      platform: 'slack',
      channelId: 'C1',
      day: '2026-11-23',
      status: 'posting',
      paperIds: ids,
      reasons: ['a', 'b', 'c'],
      messages: [{ messageId: 'h' }, { messageId: 'p1', paperId: ids[0] }],
      reason: `posting:${ids[1]}`,
      startedAt: '2026-11-23T09:00:00.000Z',
      updatedAt: '2026-11-23T09:00:01.000Z',
    });
    await stores.meta.set(LAST_TICK_KEY, '2026-11-23T09:00:00.000Z');
    const clock = new FakeClock(Date.parse('2026-11-26T10:00:00Z'));
    const { adapter, delivery } = await realDelivery(stores, clock);
    const scheduler = createScheduler({ stores, delivery, logger, clock, config });
    expect((await scheduler.catchUp()).resumed).toBe(0);
    await scheduler.idle();
    // Monday's leftovers are not posted on Thursday (Thursday's own digest, within the grace, is).
    expect(adapter.papersIn('C1').filter((id) => ids.includes(id))).toEqual([]);
    expect(await stores.deliveries.get('slack', 'C1', '2026-11-23')).toMatchObject({ status: 'skipped', reason: 'partially posted, beyond DIGEST_GRACE' });
    expect(await stores.deliveries.unfinished()).toEqual([]);
  });
});

describe('cheap ticks', () => {
  it('does not list subscriptions on ticks with nothing changed, and hands over only the due ones', async () => {
    const stores = await memoryStores();
    for (let i = 0; i < 2000; i++) await stores.subscriptions.put(subscription('slack', `C${i}`, { time: `${String(i % 24).padStart(2, '0')}:${String(i % 60).padStart(2, '0')}` }));
    const clock = new FakeClock(Date.parse('2026-11-23T00:00:30Z'));
    const { calls, delivery } = recordingDelivery(clock);
    const list = vi.spyOn(stores.subscriptions, 'list');
    const scheduler = createScheduler({ stores, delivery, logger, clock, config, options: { reloadEveryMs: 3_600_000 } });
    await scheduler.catchUp();
    await scheduler.idle();
    expect(scheduler.size).toBe(2000);
    calls.length = 0; // catch-up handed over those of the last six hours
    for (let i = 0; i < 30; i++) {
      clock.t += MINUTE;
      await scheduler.tick();
    }
    expect(list).toHaveBeenCalledTimes(1);
    // 00:01 … 00:30 are due for subscriptions i where i % 24 == 0 and i % 60 in 1..30.
    const expected = Array.from({ length: 2000 }, (_, i) => i).filter((i) => i % 24 === 0 && i % 60 >= 1 && i % 60 <= 30);
    expect(calls.map((c) => c.channel).sort()).toEqual(expected.map((i) => `C${i}`).sort());
  });

  it('picks up a subscription changed in another process through the shared version key', async () => {
    const stores = await memoryStores();
    const clock = new FakeClock(Date.parse('2026-11-23T08:50:00Z'));
    const { calls, delivery } = recordingDelivery(clock);
    const here = createScheduler({ stores, delivery, logger, clock, config, options: { reloadEveryMs: 3_600_000 } });
    const there = createScheduler({ stores, delivery: recordingDelivery(clock).delivery, logger, clock, config });
    await here.catchUp();
    await stores.subscriptions.put(subscription('slack', 'new', { time: '09:00' }));
    await there.refresh('slack', 'new');
    for (let i = 0; i < 15; i++) {
      clock.t += MINUTE;
      await here.tick();
    }
    expect(calls).toEqual([{ channel: 'new', day: '2026-11-23', scheduledAt: '2026-11-23T09:00:00.000Z', at: '2026-11-23T09:00:00.000Z' }]);
  });

  it('does not post at the old time a digest another process moved just before it was due', async () => {
    const stores = await memoryStores();
    const clock = new FakeClock(Date.parse('2026-11-23T08:50:00Z'));
    const { calls, delivery } = recordingDelivery(clock);
    await stores.subscriptions.put(subscription('slack', 'C1', { time: '09:00' }));
    const here = createScheduler({ stores, delivery, logger, clock, config, options: { reloadEveryMs: 3_600_000, prepareAheadMs: 0 } });
    const there = createScheduler({ stores, delivery: recordingDelivery(clock).delivery, logger, clock, config });
    await here.catchUp();
    clock.t = Date.parse('2026-11-23T08:59:30Z');
    await stores.subscriptions.put(subscription('slack', 'C1', { time: '10:00' }));
    await there.refresh('slack', 'C1');
    for (let t = Date.parse('2026-11-23T09:00:00Z'); t <= Date.parse('2026-11-23T10:00:00Z'); t += MINUTE) {
      clock.t = t;
      await here.tick();
    }
    expect(calls.map((c) => c.at)).toEqual(['2026-11-23T10:00:00.000Z']);
  });

  it('delivers at the next tick a digest whose tick could not read the store', async () => {
    const stores = await memoryStores();
    const clock = new FakeClock(Date.parse('2026-11-23T08:58:00Z'));
    const { calls, delivery } = recordingDelivery(clock);
    await stores.subscriptions.put(subscription('slack', 'C1', { time: '09:00' }));
    const scheduler = createScheduler({ stores, delivery, logger, clock, config, options: { reloadEveryMs: 3_600_000, prepareAheadMs: 0 } });
    await scheduler.catchUp();
    const get = vi.spyOn(stores.meta, 'get').mockRejectedValueOnce(new Error('store unreachable'));
    clock.t = Date.parse('2026-11-23T09:00:00Z');
    expect(await scheduler.tick()).toEqual({ due: 0, skipped: 0, preparing: 0 });
    expect(get).toHaveBeenCalled();
    expect(calls).toEqual([]);
    clock.t = Date.parse('2026-11-23T09:01:00Z');
    expect((await scheduler.tick()).due).toBe(1);
    await scheduler.idle();
    expect(calls).toEqual([{ channel: 'C1', day: '2026-11-23', scheduledAt: '2026-11-23T09:00:00.000Z', at: '2026-11-23T09:01:00.000Z' }]);
  });
});

describe('notifyOnChange', () => {
  it('schedules a subscription written through it from the next tick, and drops one deleted', async () => {
    const stores = await memoryStores();
    const clock = new FakeClock(Date.parse('2026-11-23T08:58:00Z'));
    const { calls, delivery } = recordingDelivery(clock);
    const scheduler = createScheduler({ stores, delivery, logger, clock, config, options: { reloadEveryMs: 3_600_000 } });
    await scheduler.catchUp();
    const subs = notifyOnChange(stores.subscriptions, (p, c) => scheduler.refresh(p, c));
    await subs.put(subscription('slack', 'kept', { time: '09:00' }));
    await subs.put(subscription('slack', 'dropped', { time: '09:00' }));
    expect(scheduler.size).toBe(2);
    expect(await subs.delete('slack', 'dropped')).toBe(true);
    expect(scheduler.size).toBe(1);
    for (let i = 0; i < 3; i++) {
      clock.t += MINUTE;
      await scheduler.tick();
    }
    expect(calls.map((c) => c.channel)).toEqual(['kept']);
  });

  it('leaves alone the platforms this process has no adapter for', async () => {
    const stores = await memoryStores();
    await stores.subscriptions.put(subscription('discord', 'D1'));
    await stores.subscriptions.put(subscription('slack', 'S1'));
    const clock = new FakeClock(Date.parse('2026-11-23T08:00:00Z'));
    const { delivery } = recordingDelivery(clock);
    const scheduler = createScheduler({ stores, delivery: { ...delivery, serves: (p) => p === 'slack' }, logger, clock, config });
    await scheduler.catchUp();
    expect(scheduler.size).toBe(1);
  });
});

describe('preparing the next minute', () => {
  async function setup(leaseTtlMs = 60_000) {
    const stores = await memoryStores();
    const papers = await seedDay(stores, '2026-11-23', 5);
    const clock = new FakeClock(Date.parse('2026-11-23T08:58:30Z'));
    const adapter = new RecordingAdapter('slack');
    const delivery = createDeliveryService({ stores, digests: fakeDigests(), adapters: new Map([['slack', adapter]]), logger, clock, config, options: { retryBaseMs: 5, leaseTtlMs } });
    const scheduler = createScheduler({ stores, delivery, logger, clock, config, options: { reloadEveryMs: 3_600_000 } });
    const subs = notifyOnChange(stores.subscriptions, (p, c) => scheduler.refresh(p, c));
    await subs.put(subscription('slack', 'C1', { time: '09:00' }));
    await scheduler.catchUp();
    return { stores, papers, clock, adapter, delivery, scheduler, subs };
  }

  it('the tick before prepares the digest (its lease taken, its intent written, nothing posted); at its time it posts', async () => {
    const { stores, papers, clock, adapter, delivery, scheduler } = await setup();
    clock.t = Date.parse('2026-11-23T08:59:00Z');
    expect(await scheduler.tick()).toEqual({ due: 0, skipped: 0, preparing: 1 });
    await scheduler.idle();
    expect(adapter.posts).toEqual([]);
    expect(await stores.deliveries.get('slack', 'C1', '2026-11-23')).toMatchObject({ status: 'intent', dueAt: '2026-11-23T09:00:00.000Z' });
    expect(await delivery.prepare(subscription('slack', 'C1'), '2026-11-23', new Date('2026-11-23T09:00:00Z'))).toBeUndefined(); // the lease is held
    clock.t = Date.parse('2026-11-23T09:00:00Z');
    expect(await scheduler.tick()).toEqual({ due: 1, skipped: 0, preparing: 0 });
    await scheduler.idle();
    expect(adapter.papersIn('C1')).toEqual(papers.slice(0, 3).map((p) => p.id));
  });

  it('gives the lease back and removes the intent at the old time when the subscription moved since, and delivers at the new one', async () => {
    const { stores, papers, clock, adapter, scheduler, subs } = await setup();
    clock.t = Date.parse('2026-11-23T08:59:00Z');
    await scheduler.tick();
    await scheduler.idle();
    await subs.put(subscription('slack', 'C1', { time: '09:01', size: 2, updatedAt: '2026-11-23T08:59:10.000Z' }));
    clock.t = Date.parse('2026-11-23T09:00:00Z');
    expect((await scheduler.tick()).due).toBe(0);
    await scheduler.idle();
    await vi.waitFor(async () => expect(await stores.deliveries.get('slack', 'C1', '2026-11-23')).toBeUndefined());
    clock.t = Date.parse('2026-11-23T09:01:00Z');
    expect((await scheduler.tick()).due).toBe(1);
    await scheduler.idle();
    // Had the lease stayed held (60 s of real time), the delivery would wait for a retry instead;
    // had the intent stayed, it would post the three papers chosen for the old subscription.
    expect(adapter.papersIn('C1')).toEqual(papers.slice(0, 2).map((p) => p.id));
  });

  it('stop removes the intents of prepared digests and gives back their leases', async () => {
    const { stores, clock, delivery, scheduler } = await setup();
    clock.t = Date.parse('2026-11-23T08:59:00Z');
    await scheduler.tick();
    await scheduler.idle();
    expect(await stores.deliveries.unfinished()).toHaveLength(1);
    await scheduler.stop();
    expect(await stores.deliveries.unfinished()).toEqual([]);
    expect(await stores.deliveries.get('slack', 'C1', '2026-11-23')).toBeUndefined();
    expect(await delivery.prepare((await stores.subscriptions.get('slack', 'C1'))!, '2026-11-23', new Date('2026-11-23T09:00:00Z'))).toBeDefined();
  });
});

describe('a day of ticks with real deliveries', () => {
  const DAY = '2026-11-23';

  async function world(start: string) {
    const raw = await memoryStores();
    for (const d of ['2026-11-20', '2026-11-21', '2026-11-22', DAY, '2026-11-24']) await seedDay(raw, d, 8);
    const clock = new FakeClock(Date.parse(start));
    const adapter = new RecordingAdapter('slack');
    const hook: { refresh?: (p: 'slack', c: string) => Promise<void> } = {};
    const subscriptions = notifyOnChange(raw.subscriptions, (p, c) => hook.refresh?.(p as 'slack', c));
    const stores = { ...raw, subscriptions };
    const delivery = createDeliveryService({ stores, digests: fakeDigests(), adapters: new Map([['slack', adapter]]), logger, clock, config, options: { retryBaseMs: 5, leaseTtlMs: 60_000 } });
    const scheduler = createScheduler({ stores, delivery, logger, clock, config });
    hook.refresh = (p, c) => scheduler.refresh(p, c);
    cleanups.push(() => scheduler.stop(1000));
    const tickUntil = async (iso: string) => {
      while (clock.t < Date.parse(iso)) {
        clock.t += MINUTE;
        await scheduler.tick();
        await scheduler.idle();
      }
    };
    return { raw, clock, adapter, scheduler, tickUntil, put: (s: Subscription) => subscriptions.put(s) };
  }

  const at = (iso: string) => ({ createdAt: iso, updatedAt: iso });

  it('posts at 09:00 for a channel subscribed at 08:59:59, after the digests due then were prepared', async () => {
    const w = await world(`${DAY}T08:58:00Z`);
    await w.scheduler.catchUp();
    await w.tickUntil(`${DAY}T08:59:00Z`);
    w.clock.set(`${DAY}T08:59:59Z`);
    await w.put(subscription('slack', 'C1', at(`${DAY}T08:59:59Z`)));
    w.clock.set(`${DAY}T08:59:00Z`);
    await w.tickUntil(`${DAY}T09:00:00Z`);
    expect(w.adapter.papersIn('C1')).toHaveLength(3);
  });

  it.each([
    ['the time to 15:00', { time: '15:00' }],
    ['the timezone to America/Los_Angeles', { timezone: 'America/Los_Angeles' }],
    ['the days', { days: [1, 2, 3, 4, 5, 6, 0] }],
  ])('after today’s digest went, changing %s posts no second digest today', async (_what, change) => {
    const w = await world(`${DAY}T08:58:00Z`);
    await w.put(subscription('slack', 'C1', at(`${DAY}T08:00:00Z`)));
    await w.scheduler.catchUp();
    await w.tickUntil(`${DAY}T10:00:00Z`);
    expect(w.adapter.papersIn('C1')).toHaveLength(3);
    await w.put(subscription('slack', 'C1', { ...at(`${DAY}T08:00:00Z`), ...change, updatedAt: `${DAY}T10:00:00Z` }));
    await w.tickUntil(`${DAY}T23:00:00Z`);
    expect(w.adapter.papersIn('C1')).toHaveLength(3);
  });

  it('fires once at the right instant in Asia/Kathmandu (+05:45) and Australia/Lord_Howe (+11, a 30-minute DST)', async () => {
    const w = await world('2026-11-22T12:00:00Z');
    await w.put(subscription('slack', 'K', { timezone: 'Asia/Kathmandu', ...at('2026-11-01T00:00:00Z') }));
    await w.put(subscription('slack', 'L', { timezone: 'Australia/Lord_Howe', ...at('2026-11-01T00:00:00Z') }));
    await w.scheduler.catchUp();
    await w.tickUntil(`${DAY}T04:00:00Z`);
    const headers = (c: string) => w.adapter.posts.filter((p) => p.channelId === c && p.view.kind === 'text').length;
    expect([headers('K'), headers('L')]).toEqual([1, 1]);
    // Each prepared a minute ahead of its time: 09:00 +05:45 is 03:15Z, 09:00 +11 is 22:00Z the day before.
    expect((await w.raw.deliveries.get('slack', 'K', DAY))?.dueAt).toBe('2026-11-23T03:15:00.000Z');
    expect((await w.raw.deliveries.get('slack', 'L', DAY))?.dueAt).toBe('2026-11-22T22:00:00.000Z');
  });
});
