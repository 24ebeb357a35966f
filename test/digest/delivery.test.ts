// The delivery service: once per (channel, day), resumable, never a paper twice, faults contained.
import { describe, expect, it, vi } from 'vitest';
import { randomUUID } from 'node:crypto';
import { openStores, type KeyvStores } from '../../src/store/open-stores.ts';
import { dropRedisKeys } from '../store/redis-keys.ts';
import { createDeliveryService, LEASE_HELD, type DeliveryOptions } from '../../src/digest/delivery.ts';
import { silentLogger } from '../../src/logger.ts';
import { createMetrics } from '../../src/observability/metrics.ts';
import { createPacer, type Pacer } from '../../src/schedule/pacer.ts';
import type { ChatAdapter, Platform } from '../../src/chat.ts';
import type { Stores } from '../../src/store/stores.ts';
import { FakeClock, RecordingAdapter, cleanupAfterEach, fakeDigests, seedDay, storeBackends, subscription } from '../schedule/harness.ts';
import { FakeChatServer } from '../schedule/fake-chat-server.ts';
import { HttpChatAdapter } from '../schedule/http-chat-adapter.ts';

const logger = silentLogger();
const config = { digest: { time: '09:00', timezone: 'UTC', size: 3, graceMs: 6 * 3_600_000, lookbackDays: 3 } };
const fast: DeliveryOptions = { leaseTtlMs: 2000, retryBaseMs: 5, retryMaxMs: 20, nowDeadlineMs: 200 };
const DAY = '2026-11-23';

const { cleanups } = cleanupAfterEach();

const backends = storeBackends('sched', cleanups);

async function setup(open: () => Promise<KeyvStores>, opts: { adapter?: ChatAdapter; failures?: number; options?: DeliveryOptions; pacer?: Pacer } = {}) {
  const stores = await open();
  cleanups.push(() => stores.close());
  const adapter = opts.adapter ?? new RecordingAdapter('slack');
  const clock = new FakeClock(Date.parse(`${DAY}T09:00:00Z`));
  const digests = fakeDigests({ failures: opts.failures });
  const metrics = createMetrics();
  const service = (s: Stores = stores) =>
    createDeliveryService({ stores: s, digests, adapters: new Map<Platform, ChatAdapter>([[adapter.platform, adapter]]), logger, clock, config, metrics, pacer: opts.pacer, options: { ...fast, ...opts.options } });
  return { stores, adapter, clock, digests, metrics, delivery: service(), service };
}

/** Run `change` (what the channel does meanwhile) as the first fetch of the listing starts. */
function duringFirstFetch(digests: ReturnType<typeof fakeDigests>, change: () => Promise<unknown>): void {
  const build = digests.build.bind(digests);
  digests.build = async (req) => {
    if (digests.builds === 0) await change();
    return build(req);
  };
}

describe.each(backends)('delivery on %s', (_name, open) => {
  it('posts a header and the top papers once, and records every message', async () => {
    const { stores, adapter, delivery, metrics } = await setup(open);
    const papers = await seedDay(stores, DAY, 5);
    const sub = subscription('slack', 'C1');
    await stores.subscriptions.put(sub);

    const first = await delivery.deliver(sub, DAY, { scheduledAt: new Date(`${DAY}T09:00:00Z`) });
    expect(first).toEqual({ status: 'done', posted: 3 });
    const again = await delivery.deliver(sub, DAY, {});
    expect(again.posted).toBe(0);

    const a = adapter as RecordingAdapter;
    expect(a.posts).toHaveLength(4);
    expect(a.posts[0]!.view.kind).toBe('text');
    expect(a.papersIn('C1')).toEqual(papers.slice(0, 3).map((p) => p.id));
    const rec = await stores.deliveries.get('slack', 'C1', DAY);
    expect(rec?.status).toBe('done');
    expect(rec?.paperIds).toEqual(papers.slice(0, 3).map((p) => p.id));
    // The reasons are recorded with the papers (for a resume) and match what went out.
    expect(rec?.reasons).toEqual(a.posts.slice(1).map((p) => (p.view.kind === 'paper' ? p.view.card.why : undefined)));
    expect(rec?.reasons?.every((w) => w.length > 0)).toBe(true);
    expect(rec?.messages.map((m) => m.messageId)).toEqual(a.posts.map((p) => p.messageId));
    expect(await stores.deliveries.paperForMessage('slack', 'C1', a.posts[1]!.messageId)).toBe(papers[0]!.id);
    expect(await stores.deliveries.unfinished()).toEqual([]);
    expect(metrics.digestsSent.get({ platform: 'slack' })).toBe(1);
    expect(metrics.papersPosted.get({ platform: 'slack' })).toBe(3);
  });

  it('writes the record once per message: the intent names the header, the write that holds a message id names the next part', async () => {
    const { stores, delivery } = await setup(open);
    const papers = await seedDay(stores, DAY, 5);
    const sub = subscription('slack', 'C1');
    await stores.subscriptions.put(sub);
    const writes: string[] = [];
    const put = stores.deliveries.put.bind(stores.deliveries);
    stores.deliveries.put = (rec) => {
      writes.push(`${rec.status} ${rec.reason ?? '-'} ${rec.messages.length}`);
      return put(rec);
    };
    await delivery.deliver(sub, DAY, { scheduledAt: new Date(`${DAY}T09:00:00Z`) });
    const [p1, p2, p3] = papers.map((p) => p.id);
    expect(writes).toEqual(['intent posting:header 0', `posting posting:${p1} 1`, `posting posting:${p2} 2`, `posting posting:${p3} 3`, 'done - 4']);
  });

  it('never posts a paper twice: the next day picks from the lookback window what was not sent', async () => {
    const { stores, adapter, delivery } = await setup(open);
    const day1 = await seedDay(stores, '2026-11-22', 4);
    const sub = subscription('slack', 'C1');
    await stores.subscriptions.put(sub);
    await delivery.deliver(sub, '2026-11-22', {});
    const day2 = await seedDay(stores, DAY, 1);
    await delivery.deliver(sub, DAY, {});
    const posted = (adapter as RecordingAdapter).papersIn('C1');
    expect(posted).toEqual([...day1.map((p) => p.id), day2[0]!.id]);
    expect(new Set(posted).size).toBe(posted.length);
  });

  it('resumes an unfinished record, posting only what is missing', async () => {
    const { stores, adapter, delivery } = await setup(open);
    const papers = await seedDay(stores, DAY, 5);
    const sub = subscription('slack', 'C1');
    await stores.subscriptions.put(sub);
    const ids = papers.slice(0, 3).map((p) => p.id);
    await stores.deliveries.put({
      platform: 'slack', channelId: 'C1', day: DAY, status: 'posting', paperIds: ids, reasons: ['why 0', 'why 1', 'why 2'],
      messages: [{ messageId: 'old-header' }, { messageId: 'old-1', paperId: ids[0] }],
      startedAt: `${DAY}T09:00:00.000Z`, updatedAt: `${DAY}T09:00:01.000Z`,
    });
    expect(await stores.deliveries.unfinished()).toHaveLength(1);
    const [rec] = await stores.deliveries.unfinished();
    expect(await delivery.resume(rec!)).toMatchObject({ status: 'done', posted: 3 });
    expect((adapter as RecordingAdapter).papersIn('C1')).toEqual(ids.slice(1));
    // Each resumed message still says why its paper was picked.
    const whys = (adapter as RecordingAdapter).posts.flatMap((p) => (p.view.kind === 'paper' ? [p.view.card.why] : []));
    expect(whys).toEqual(['why 1', 'why 2']);
    expect(await stores.deliveries.unfinished()).toEqual([]);
  });
});

describe('unsure posts (a crash between a post and its id)', () => {
  const unsureRecord = (ids: string[]) => ({
    platform: 'slack' as const, channelId: 'C1', day: DAY, status: 'posting' as const, paperIds: ids,
    messages: [{ messageId: 'h' }, { messageId: 'p1', paperId: ids[0] }], reason: `posting:${ids[1]}`,
    startedAt: `${DAY}T09:00:00.000Z`, updatedAt: `${DAY}T09:00:01.000Z`,
  });

  it('at-most-once by default when the channel cannot be checked: the unsure paper is not reposted', async () => {
    const { stores, adapter, delivery } = await setup(backends[0]![1]);
    const ids = (await seedDay(stores, DAY, 3)).map((p) => p.id);
    await stores.subscriptions.put(subscription('slack', 'C1'));
    await stores.deliveries.put(unsureRecord(ids));
    await delivery.resume(unsureRecord(ids));
    expect((adapter as RecordingAdapter).papersIn('C1')).toEqual([ids[2]]);
    expect((await stores.deliveries.sentPapers('slack', 'C1')).has(ids[1]!)).toBe(true);
  });

  it('at-least-once when configured: the unsure paper is posted again', async () => {
    const { stores, adapter, delivery } = await setup(backends[0]![1], { options: { unsure: 'at-least-once' } });
    const ids = (await seedDay(stores, DAY, 3)).map((p) => p.id);
    await stores.subscriptions.put(subscription('slack', 'C1'));
    await stores.deliveries.put(unsureRecord(ids));
    await delivery.resume(unsureRecord(ids));
    expect((adapter as RecordingAdapter).papersIn('C1')).toEqual([ids[1], ids[2]]);
  });

  it('checks the channel when the adapter can list recent posts', async () => {
    const server = new FakeChatServer();
    await server.start();
    cleanups.push(() => server.close());
    const adapter = new HttpChatAdapter('slack', server.url);
    const { stores, delivery } = await setup(backends[0]![1], { adapter });
    const ids = (await seedDay(stores, DAY, 3)).map((p) => p.id);
    await stores.subscriptions.put(subscription('slack', 'C1'));
    // The unsure post did go out (the server has it); the one after it did not.
    await fetch(`${server.url}/channels/C1/messages`, { method: 'POST', body: JSON.stringify({ kind: 'paper', paperId: ids[1] }) });
    await stores.deliveries.put(unsureRecord(ids));
    await delivery.resume(unsureRecord(ids));
    expect(server.posts.map((p) => p.paperId)).toEqual([ids[1], ids[2]]);
    const rec = await stores.deliveries.get('slack', 'C1', DAY);
    expect(rec?.messages.find((m) => m.paperId === ids[1])?.messageId).toBe('m1');
  });

  it('a crash right after the intent: the channel tells whether the header went out', async () => {
    const server = new FakeChatServer();
    await server.start();
    cleanups.push(() => server.close());
    const { stores, delivery } = await setup(backends[0]![1], { adapter: new HttpChatAdapter('slack', server.url) });
    const ids = (await seedDay(stores, DAY, 3)).map((p) => p.id);
    await stores.subscriptions.put(subscription('slack', 'C1'));
    const intent = (channelId: string) => ({ ...unsureRecord(ids), channelId, status: 'intent' as const, messages: [], reason: 'posting:header' });
    // In C1 the header went out before the crash; in C2 it did not.
    await fetch(`${server.url}/channels/C1/messages`, { method: 'POST', body: JSON.stringify({ kind: 'text' }) });
    await stores.subscriptions.put(subscription('slack', 'C2'));
    for (const channel of ['C1', 'C2']) {
      await stores.deliveries.put(intent(channel));
      expect(await delivery.resume(intent(channel))).toMatchObject({ status: 'done', posted: 3 });
    }
    const headers = (channel: string) => server.posts.filter((p) => p.channel === channel && !p.paperId).length;
    expect([headers('C1'), headers('C2')]).toEqual([1, 1]);
    expect(server.posts.filter((p) => p.paperId).map((p) => p.paperId)).toEqual([...ids, ...ids]);
  });
});

describe('empty days, outages and gone channels', () => {
  const open = backends[0]![1];

  it('posts one short line when nothing is new, and nothing when the channel chose quiet', async () => {
    const { stores, adapter, delivery } = await setup(open);
    await stores.subscriptions.put(subscription('slack', 'C1'));
    await stores.subscriptions.put(subscription('slack', 'C2', { quiet: true }));
    expect(await delivery.deliver(subscription('slack', 'C1'), DAY, {})).toEqual({ status: 'empty', posted: 0 });
    expect(await delivery.deliver(subscription('slack', 'C2', { quiet: true }), DAY, {})).toEqual({ status: 'empty', posted: 0 });
    const a = adapter as RecordingAdapter;
    expect(a.posts.map((p) => [p.channelId, p.view.kind])).toEqual([['C1', 'text']]);
    expect((await stores.deliveries.get('slack', 'C2', DAY))?.status).toBe('empty');
  });

  it('retries Hugging Face with backoff, then delivers', async () => {
    // Each attempt fetches the day and the day before; both fail on the first two attempts.
    const { stores, adapter, delivery, digests, metrics } = await setup(open, { failures: 4 });
    await seedDay(stores, DAY, 3);
    await stores.subscriptions.put(subscription('slack', 'C1'));
    expect(await delivery.deliver(subscription('slack', 'C1'), DAY, {})).toMatchObject({ status: 'done', posted: 3 });
    expect(digests.builds).toBe(6);
    expect(metrics.sourceErrors.get({ source: 'huggingface' })).toBe(4);
    expect((adapter as RecordingAdapter).papersIn('C1')).toHaveLength(3);
  });

  it('when Hugging Face stays down past the grace window: stored listings, or a failed record and no crash', async () => {
    const { stores, adapter, delivery, clock } = await setup(open, { failures: 1000 });
    await stores.subscriptions.put(subscription('slack', 'C1'));
    const late = new Date(clock.t - config.digest.graceMs);
    expect(await delivery.deliver(subscription('slack', 'C1'), DAY, { scheduledAt: late })).toMatchObject({ status: 'failed' });
    expect((await stores.deliveries.get('slack', 'C1', DAY))?.status).toBe('failed');
    await seedDay(stores, '2026-11-22', 2);
    expect(await delivery.deliver(subscription('slack', 'C1'), '2026-11-24', { scheduledAt: late })).toMatchObject({ status: 'done', posted: 2 });
    expect((adapter as RecordingAdapter).papersIn('C1')).toHaveLength(2);
  });

  it('retries a post the adapter gave up on, without posting anything twice', async () => {
    const adapter = new RecordingAdapter('slack');
    adapter.failures = 2;
    const { stores, delivery } = await setup(open, { adapter });
    const ids = (await seedDay(stores, DAY, 3)).map((p) => p.id);
    await stores.subscriptions.put(subscription('slack', 'C1'));
    expect(await delivery.deliver({ platform: 'slack', channelId: 'C1' }, DAY, {})).toMatchObject({ status: 'done', posted: 3 });
    expect(adapter.papersIn('C1')).toEqual(ids);
    expect(adapter.posts).toHaveLength(4);
  });

  it('stops a digest waiting for Hugging Face when the channel unsubscribes meanwhile: nothing is posted', async () => {
    const { stores, adapter, delivery, digests } = await setup(open, { failures: 4 });
    await seedDay(stores, DAY, 6);
    await stores.subscriptions.put(subscription('slack', 'C1'));
    // "/paper unsubscribe" while the first try at the listing fails.
    duringFirstFetch(digests, () => stores.subscriptions.delete('slack', 'C1'));
    expect(await delivery.deliver({ platform: 'slack', channelId: 'C1' }, DAY, { scheduledAt: new Date(`${DAY}T09:00:00Z`) })).toMatchObject({ status: 'skipped', reason: expect.stringContaining('unsubscribed') });
    expect((adapter as RecordingAdapter).posts).toEqual([]);
    expect(await stores.deliveries.get('slack', 'C1', DAY)).toBeUndefined();
  });

  it('picks for the new size when the channel changes it while its digest waits for Hugging Face', async () => {
    const { stores, adapter, delivery, digests } = await setup(open, { failures: 4 });
    await seedDay(stores, DAY, 6);
    await stores.subscriptions.put(subscription('slack', 'C1'));
    duringFirstFetch(digests, () => stores.subscriptions.put(subscription('slack', 'C1', { size: 1, updatedAt: `${DAY}T09:00:01.000Z` })));
    expect(await delivery.deliver({ platform: 'slack', channelId: 'C1' }, DAY, { scheduledAt: new Date(`${DAY}T09:00:00Z`) })).toMatchObject({ status: 'done', posted: 1 });
    expect((adapter as RecordingAdapter).papersIn('C1')).toHaveLength(1);
  });

  it('chooses again when the channel changes its topics while its first post waits to be retried', async () => {
    const adapter = new RecordingAdapter('slack');
    const { stores, delivery } = await setup(open, { adapter });
    await seedDay(stores, DAY, 6);
    await stores.subscriptions.put(subscription('slack', 'C1'));
    // The header's post fails (Slack answering 500), and the channel narrows its topics meanwhile.
    adapter.failures = 1;
    const post = adapter.post.bind(adapter);
    let changed = false;
    adapter.post = async (channelId, view) => {
      if (!changed) {
        changed = true;
        await stores.subscriptions.put(subscription('slack', 'C1', { topics: ['Paper 5'], updatedAt: `${DAY}T09:00:01.000Z` }));
      }
      return post(channelId, view);
    };
    expect(await delivery.deliver({ platform: 'slack', channelId: 'C1' }, DAY, { scheduledAt: new Date(`${DAY}T09:00:00Z`) })).toMatchObject({ status: 'done', posted: 1 });
    expect(adapter.posts.map((p) => (p.view.kind === 'paper' ? p.view.card.paper.title : p.view.kind))).toEqual(['text', `Paper 5 of ${DAY}`]);
    expect((await stores.deliveries.get('slack', 'C1', DAY))?.paperIds).toHaveLength(1);
  });

  it('stops posting when the channel unsubscribes while a post waits to be retried; what went out stays recorded', async () => {
    const adapter = new RecordingAdapter('slack');
    const { stores, delivery } = await setup(open, { adapter });
    const ids = (await seedDay(stores, DAY, 6)).map((p) => p.id);
    await stores.subscriptions.put(subscription('slack', 'C1'));
    // After the header and the first paper, a post fails and the channel unsubscribes.
    const post = adapter.post.bind(adapter);
    let unsubscribed = false;
    adapter.post = async (channelId, view) => {
      if (adapter.posts.length === 2 && !unsubscribed) {
        unsubscribed = true;
        adapter.failures = 1;
        await stores.subscriptions.delete('slack', 'C1');
      }
      return post(channelId, view);
    };
    expect(await delivery.deliver({ platform: 'slack', channelId: 'C1' }, DAY, { scheduledAt: new Date(`${DAY}T09:00:00Z`) })).toMatchObject({ status: 'skipped', reason: expect.stringContaining('unsubscribed') });
    expect(adapter.papersIn('C1')).toEqual([ids[0]]);
    expect(await stores.deliveries.get('slack', 'C1', DAY)).toMatchObject({ status: 'skipped', messages: [{}, { paperId: ids[0] }] });
    expect(await stores.deliveries.unfinished()).toEqual([]);
  });

  it('pauses a channel that is gone and goes on with the others', async () => {
    const adapter = new RecordingAdapter('discord');
    adapter.gone.add('gone');
    const { stores, delivery } = await setup(open, { adapter });
    await seedDay(stores, DAY, 3);
    await stores.subscriptions.put(subscription('discord', 'gone'));
    await stores.subscriptions.put(subscription('discord', 'ok'));
    const [a, b] = await Promise.all([delivery.deliver({ platform: 'discord', channelId: 'gone' }, DAY, {}), delivery.deliver({ platform: 'discord', channelId: 'ok' }, DAY, {})]);
    // The reason says why (the adapter's words), for /paper digest's answer.
    expect(a).toMatchObject({ status: 'failed', reason: expect.stringContaining('channel_not_found') });
    expect(b).toMatchObject({ status: 'done', posted: 3 });
    expect((await stores.subscriptions.get('discord', 'gone'))?.paused?.reason).toContain('channel_not_found');
    expect(await delivery.deliver({ platform: 'discord', channelId: 'gone' }, '2026-11-24', {})).toMatchObject({ status: 'skipped' });
  });

  it('gives a channel paused by a failed digest, and subscribed again the same day, that day’s digest', async () => {
    const adapter = new RecordingAdapter('slack');
    adapter.gone.add('C1'); // paperboy was not invited yet
    const { stores, delivery, clock } = await setup(open, { adapter });
    await seedDay(stores, DAY, 5);
    await stores.subscriptions.put(subscription('slack', 'C1'));
    expect(await delivery.deliver({ platform: 'slack', channelId: 'C1' }, DAY, {})).toMatchObject({ status: 'failed' });
    expect((await stores.deliveries.get('slack', 'C1', DAY))?.status).toBe('failed');
    // Without a change since, the failed record is the day's.
    clock.t += 30 * 60_000;
    expect(await delivery.deliver({ platform: 'slack', channelId: 'C1' }, DAY, {})).toMatchObject({ status: 'skipped' });
    // 09:30: the team invites paperboy and subscribes again ("Paused: … Subscribe again to resume."), for 10:00.
    adapter.gone.delete('C1');
    const { paused: _paused, ...rest } = (await stores.subscriptions.get('slack', 'C1'))!;
    await stores.subscriptions.put({ ...rest, time: '10:00', updatedAt: clock.now().toISOString() });
    clock.t += 30 * 60_000;
    expect(await delivery.deliver({ platform: 'slack', channelId: 'C1' }, DAY, {})).toMatchObject({ status: 'done', posted: 3 });
    expect(adapter.papersIn('C1')).toHaveLength(3);
    expect((await stores.deliveries.get('slack', 'C1', DAY))?.status).toBe('done');
  });

  it('deliverNow records messages but leaves the scheduled day to the scheduler, which posts other papers', async () => {
    const { stores, adapter, delivery } = await setup(open);
    const papers = await seedDay(stores, DAY, 6);
    await stores.subscriptions.put(subscription('slack', 'C1'));
    expect(await delivery.deliverNow({ platform: 'slack', channelId: 'C1' }, { date: DAY })).toMatchObject({ status: 'done', posted: 3 });
    expect(await stores.deliveries.get('slack', 'C1', DAY)).toBeUndefined();
    const a = adapter as RecordingAdapter;
    expect(await stores.deliveries.paperForMessage('slack', 'C1', a.posts[1]!.messageId)).toBe(papers[0]!.id);
    expect(await delivery.deliver(subscription('slack', 'C1'), DAY, {})).toMatchObject({ status: 'done', posted: 3 });
    expect(a.papersIn('C1')).toEqual(papers.map((p) => p.id));
  });

  it('works with adapters registered after the service was built (as createApp does)', async () => {
    const stores = await open();
    cleanups.push(() => stores.close());
    await seedDay(stores, DAY, 3);
    await stores.subscriptions.put(subscription('discord', 'D1'));
    const adapters = new Map<Platform, ChatAdapter>();
    const clock = new FakeClock(Date.parse(`${DAY}T09:00:00Z`));
    const delivery = createDeliveryService({ stores, digests: fakeDigests(), adapters, logger, clock, config, options: fast });
    expect(delivery.serves('discord')).toBe(false);
    expect((await delivery.deliver({ platform: 'discord', channelId: 'D1' }, DAY, {})).status).toBe('skipped');
    const adapter = new RecordingAdapter('discord');
    adapters.set('discord', Object.assign(adapter, { limits: { perChannel: { count: 5, intervalMs: 5000 } } }));
    expect(await delivery.deliver({ platform: 'discord', channelId: 'D1' }, DAY, {})).toMatchObject({ status: 'done', posted: 3 });
    expect(adapter.papersIn('D1')).toHaveLength(3);
  });

  it('never runs an on-demand and a scheduled digest to one channel at once', async () => {
    const adapter = new RecordingAdapter('slack');
    let open!: () => void;
    const gate = new Promise<void>((r) => (open = r));
    const post = adapter.post.bind(adapter);
    adapter.post = async (channelId, view) => {
      await gate;
      return post(channelId, view);
    };
    const { stores, delivery } = await setup(backends[0]![1], { adapter });
    await seedDay(stores, DAY, 6);
    await stores.subscriptions.put(subscription('slack', 'C1'));
    const now = delivery.deliverNow({ platform: 'slack', channelId: 'C1' });
    await new Promise((r) => setTimeout(r, 20));
    expect(await delivery.deliver({ platform: 'slack', channelId: 'C1' }, DAY, {})).toEqual({ status: 'skipped', posted: 0, reason: LEASE_HELD });
    expect(await delivery.deliverNow({ platform: 'slack', channelId: 'C1' })).toMatchObject({ status: 'skipped' });
    open();
    expect(await now).toMatchObject({ status: 'done', posted: 3 });
    expect(await delivery.deliver({ platform: 'slack', channelId: 'C1' }, DAY, {})).toMatchObject({ status: 'done', posted: 3 });
    expect(new Set(adapter.papersIn('C1')).size).toBe(6);
  });

  it('two services on one store deliver each digest once (the lease)', async () => {
    const { stores, adapter, service } = await setup(open);
    await seedDay(stores, DAY, 3);
    const subs = Array.from({ length: 20 }, (_, i) => subscription('slack', `C${i}`));
    for (const s of subs) await stores.subscriptions.put(s);
    const [one, two] = [service(), service()];
    await Promise.all(subs.flatMap((s) => [one.deliver(s, DAY, {}), two.deliver(s, DAY, {})]));
    const a = adapter as RecordingAdapter;
    for (const s of subs) expect(a.papersIn(s.channelId)).toHaveLength(3);
    expect(a.posts).toHaveLength(subs.length * 4);
  });
  it('stops when the wall clock steps forward past its lease’s life mid-post (SQLite and memory expire leases by it), and is finished later without a paper twice', async () => {
    vi.useFakeTimers({ toFake: ['Date'], now: Date.parse(`${DAY}T09:00:00Z`) });
    const adapter = new RecordingAdapter('slack');
    const { stores, delivery } = await setup(open, { adapter, options: { leaseTtlMs: 60_000 } });
    await seedDay(stores, DAY, 5);
    await stores.subscriptions.put(subscription('slack', 'C1'));
    const post = adapter.post.bind(adapter);
    adapter.post = async (channelId, view) => {
      const sent = await post(channelId, view);
      // NTP steps the clock two minutes forward right after the header went out.
      if (adapter.posts.length === 1) vi.setSystemTime(Date.now() + 2 * 60_000);
      return sent;
    };
    const first = await delivery.deliver(subscription('slack', 'C1'), DAY, { scheduledAt: new Date(`${DAY}T09:00:00Z`) });
    // Another process may hold the lease now: this one stops before its next post.
    expect(first.status).not.toBe('done');
    expect(adapter.papersIn('C1').length).toBeLessThan(3);
    const record = (await stores.deliveries.get('slack', 'C1', DAY))!;
    expect(await delivery.resume(record)).toMatchObject({ status: 'done' });
    expect(adapter.papersIn('C1')).toHaveLength(3);
    expect(new Set(adapter.papersIn('C1')).size).toBe(3);
  });
});

describe.each(backends.filter(([n]) => n === 'redis'))('two processes on one %s', (_name, open) => {
  it('two app instances with their own connections deliver each digest once', async () => {
    const prefix = `paperboy-sched-test:${randomUUID()}:`;
    cleanups.push(() => dropRedisKeys(process.env.REDIS_URL!, prefix));
    const first = await openStores(process.env.REDIS_URL!, { logger, redisPrefix: prefix });
    const second = await openStores(process.env.REDIS_URL!, { logger, redisPrefix: prefix });
    cleanups.push(() => first.close(), () => second.close());
    void open;
    const server = new FakeChatServer();
    await server.start();
    cleanups.push(() => server.close());
    await seedDay(first, DAY, 4);
    const subs = Array.from({ length: 30 }, (_, i) => subscription('discord', `D${i}`));
    for (const s of subs) await first.subscriptions.put(s);
    const clock = new FakeClock(Date.parse(`${DAY}T09:00:00Z`));
    const make = (stores: Stores) =>
      createDeliveryService({ stores, digests: fakeDigests(), adapters: new Map([['discord', new HttpChatAdapter('discord', server.url)]]), logger, clock, config, options: fast });
    const [a, b] = [make(first), make(second)];
    await Promise.all(subs.flatMap((s) => [a.deliver(s, DAY, {}), b.deliver({ platform: 'discord', channelId: s.channelId }, DAY, {})]));
    expect(server.duplicates()).toEqual([]);
    expect(server.posts).toHaveLength(subs.length * 4);
    for (const s of subs) expect((await second.deliveries.get('discord', s.channelId, DAY))?.status).toBe('done');
  });
});

describe('with the real Slack adapter against the fake Slack Web API', () => {
  async function slackSetup() {
    const { FakeSlack, FAKE_BOT_TOKEN } = await import('../fakes/slack-api.ts');
    const { createSlackAdapter } = await import('../../adapters/slack/slack-adapter.ts');
    const { loadConfig } = await import('../../src/config.ts');
    const slack = await new FakeSlack().start();
    cleanups.push(() => slack.stop());
    const appConfig = loadConfig({ STORE_URL: 'memory://', LOG_LEVEL: 'silent', SLACK_BOT_TOKEN: FAKE_BOT_TOKEN, SLACK_SIGNING_SECRET: 'test-secret', SLACK_API_URL: slack.apiUrl });
    // post() needs only the config and the logger of the app. Slack's 1 s per channel is paced by
    // the pacer (tested there); here the windows are shrunk to keep the test quick.
    const app = { config: appConfig, logger } as unknown as Parameters<typeof createSlackAdapter>[0];
    const adapter = createSlackAdapter(app, { port: 0, host: '127.0.0.1', posting: { minIntervalMs: 0, backoffMs: 5 } });
    const pacer = createPacer({ limits: { slack: { perChannel: { count: 1, intervalMs: 10 } } } });
    return { slack, ...(await setup(backends[0]![1], { adapter, pacer })), adapter };
  }

  it('delivers each paper as its own message, and pauses a channel Slack says is gone', async () => {
    const { slack, stores, delivery } = await slackSetup();
    const papers = await seedDay(stores, DAY, 4);
    slack.unavailable.set('CGONE', 'channel_not_found');
    await stores.subscriptions.put(subscription('slack', 'COK'));
    await stores.subscriptions.put(subscription('slack', 'CGONE'));
    expect(await delivery.deliver({ platform: 'slack', channelId: 'COK' }, DAY, {})).toEqual({ status: 'done', posted: 3 });
    expect((await delivery.deliver({ platform: 'slack', channelId: 'CGONE' }, DAY, {})).status).toBe('failed');
    const inOk = slack.messages.filter((m) => m.channel === 'COK');
    expect(inOk).toHaveLength(4);
    expect(inOk.slice(1).map((m) => m.metadata?.event_payload.paper_id)).toEqual(papers.slice(0, 3).map((p) => p.id));
    const rec = await stores.deliveries.get('slack', 'COK', DAY);
    expect(rec?.messages.map((m) => m.messageId)).toEqual(inOk.map((m) => m.ts));
    expect((await stores.subscriptions.get('slack', 'CGONE'))?.paused?.reason).toMatch(/^channel_not_found: .*\/invite @paperboy/);
  });

  it('resuming, finds an unsure post in the channel history instead of posting it twice', async () => {
    const { slack, stores, delivery, adapter } = await slackSetup();
    const papers = await seedDay(stores, DAY, 3);
    const ids = papers.map((p) => p.id);
    await stores.subscriptions.put(subscription('slack', 'C1'));
    // Before the "crash": the header and the first paper went out and the second too, but its id was not recorded.
    const header = await adapter.post('C1', { kind: 'text', text: 'header' });
    const first = await adapter.post('C1', { kind: 'paper', card: { paper: papers[0]! } });
    await adapter.post('C1', { kind: 'paper', card: { paper: papers[1]! } });
    await stores.deliveries.put({
      platform: 'slack', channelId: 'C1', day: DAY, status: 'posting', paperIds: ids,
      messages: [{ messageId: header[0]!.messageId }, { messageId: first[0]!.messageId, paperId: ids[0] }],
      reason: `posting:${ids[1]}`, startedAt: new Date(Date.now() - 5000).toISOString(), updatedAt: new Date().toISOString(),
    });
    expect(await delivery.resume((await stores.deliveries.unfinished())[0]!)).toMatchObject({ status: 'done', posted: 3 });
    const paperIds = slack.messages.filter((m) => m.channel === 'C1').map((m) => m.metadata?.event_payload.paper_id).filter(Boolean);
    expect(paperIds).toEqual(ids);
  });
});

describe('with the real Discord adapter against the fake Discord', () => {
  it('delivers through REST with one message per paper, and pauses a forbidden channel (403)', async () => {
    const { FakeDiscord, IDS } = await import('../fakes/discord-server.ts');
    const { createDiscordAdapter } = await import('../../adapters/discord/discord-adapter.ts');
    const { loadConfig } = await import('../../src/config.ts');
    const discord = await FakeDiscord.start();
    cleanups.push(() => discord.close());
    const stores = await openStores('memory://', { logger });
    cleanups.push(() => stores.close());
    const appConfig = loadConfig({ STORE_URL: 'memory://', DISCORD_TOKEN: 'test-token', DISCORD_APPLICATION_ID: IDS.app, DISCORD_GUILD_ID: IDS.guild, DISCORD_API_URL: discord.apiUrl });
    const app = { config: appConfig, logger, stores, commands: [] } as unknown as Parameters<typeof createDiscordAdapter>[0];
    const adapter = createDiscordAdapter(app, { tuning: { rest: { timeout: 1_000, retries: 1, offset: 0 }, waitGuildTimeout: 2_000 }, registerOnStart: false })!;
    await adapter.start();
    cleanups.push(() => adapter.stop());
    const papers = await seedDay(stores, DAY, 4);
    await stores.subscriptions.put(subscription('discord', IDS.channel));
    await stores.subscriptions.put(subscription('discord', IDS.forbidden));
    const clock = new FakeClock(Date.parse(`${DAY}T09:00:00Z`));
    const delivery = createDeliveryService({ stores, digests: fakeDigests(), adapters: new Map([['discord', adapter]]), logger, clock, config, options: fast });
    const [ok, forbidden] = await Promise.all([
      delivery.deliver({ platform: 'discord', channelId: IDS.channel }, DAY, {}),
      delivery.deliver({ platform: 'discord', channelId: IDS.forbidden }, DAY, {}),
    ]);
    expect(ok).toEqual({ status: 'done', posted: 3 });
    expect(forbidden.status).toBe('failed');
    const sent = discord.messages.get(IDS.channel) ?? [];
    expect(sent).toHaveLength(4);
    for (const m of sent) expect(m.body.allowed_mentions).toEqual({ parse: [] });
    const rec = await stores.deliveries.get('discord', IDS.channel, DAY);
    expect(rec?.messages.map((m) => m.messageId)).toEqual(sent.map((m) => m.id));
    expect(rec?.messages.slice(1).map((m) => m.paperId)).toEqual(papers.slice(0, 3).map((p) => p.id));
    expect((await stores.subscriptions.get('discord', IDS.forbidden))?.paused?.reason).toContain('403');
  });
});
