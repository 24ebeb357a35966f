// A paper is never posted twice to a channel, even when an on-demand digest runs while another delivery
// of the channel holds chosen papers it has not posted yet (failed midway, or prepared in another process).
import { expect, it } from 'vitest';
import { openStores } from '../../src/store/open-stores.ts';
import { createDeliveryService, LEASE_HELD } from '../../src/digest/delivery.ts';
import { silentLogger } from '../../src/logger.ts';
import type { ChatAdapter, Platform, PostedMessage } from '../../src/chat.ts';
import type { View } from '../../src/views.ts';
import { UpstreamError } from '../../src/errors.ts';
import type { Pacer } from '../../src/schedule/pacer.ts';
import { FakeClock, RecordingAdapter, fakeDigests, seedDay, subscription, cleanupAfterEach } from '../schedule/harness.ts';

const logger = silentLogger();
const config = { digest: { time: '09:00', timezone: 'UTC', size: 3, graceMs: 6 * 3_600_000, lookbackDays: 3 } };
const DAY = '2026-11-23';
const ref = { platform: 'slack' as const, channelId: 'C1' };
const { cleanups } = cleanupAfterEach();

/** Fails every post of the papers in `failFor` (Slack answering 500). */
class FlakyAdapter extends RecordingAdapter {
  failFor = new Set<string>();
  override async post(channelId: string, view: View): Promise<PostedMessage[]> {
    if (view.kind === 'paper' && this.failFor.has(view.card.paper.id)) throw new UpstreamError('slack', 'post failed: 500', 500);
    return super.post(channelId, view);
  }
}

async function setUp(sub = subscription('slack', 'C1'), at = `${DAY}T09:00:00Z`) {
  const stores = await openStores('memory://', { logger });
  cleanups.push(() => stores.close());
  const papers = await seedDay(stores, DAY, 8);
  await stores.subscriptions.put(sub);
  const adapter = new FlakyAdapter('slack');
  const clock = new FakeClock(Date.parse(at));
  const service = (pacer?: Pacer) =>
    createDeliveryService({ stores, digests: fakeDigests(), adapters: new Map<Platform, ChatAdapter>([['slack', adapter]]), logger, clock, config, pacer, options: { leaseTtlMs: 60_000, retryBaseMs: 5, retryMaxMs: 20, nowDeadlineMs: 50 } });
  return { stores, papers, adapter, clock, service };
}

it('an on-demand digest between a scheduled delivery that failed midway and its resume leaves the unposted papers to the resume', async () => {
  const { stores, papers, adapter, service } = await setUp();
  const delivery = service();
  const sub = (await stores.subscriptions.get('slack', 'C1'))!;
  adapter.failFor.add(papers[1]!.id);
  // Slack keeps refusing paper 2 past the grace: the delivery stays unfinished, to be resumed.
  const out = await delivery.deliver(sub, DAY, { scheduledAt: new Date(Date.parse(`${DAY}T09:00:00Z`) - config.digest.graceMs) });
  expect(out.status).toBe('failed');
  const [open] = await stores.deliveries.unfinished();
  expect(open!.paperIds).toHaveLength(3);
  adapter.failFor.clear();
  expect(await delivery.deliverNow(ref)).toMatchObject({ status: 'done', posted: 3 });
  const onDemand = adapter.papersIn('C1').slice(1);
  expect(onDemand.filter((id) => open!.paperIds.includes(id))).toEqual([]);
  await delivery.resume(open!);
  // The resume posts paper 3; paper 2, whose failed post may have landed, is not tried again (at-most-once).
  const posted = adapter.papersIn('C1');
  expect(posted).toEqual([open!.paperIds[0], ...onDemand, open!.paperIds[2]]);
});

it('an on-demand digest in one process does not post the papers another process prepared for midnight', async () => {
  const { stores, adapter, clock, service } = await setUp({ ...subscription('slack', 'C1'), time: '00:00' }, `${DAY}T23:59:00Z`);
  const sub = (await stores.subscriptions.get('slack', 'C1'))!;
  const a = service();
  const b = service();
  const prepared = await a.prepare(sub, '2026-11-24', new Date('2026-11-24T00:00:00Z'));
  expect(prepared).toBeDefined();
  expect(await b.deliverNow(ref)).toMatchObject({ status: 'done', posted: 3 });
  clock.t += 60_000;
  expect(await a.deliver(ref, '2026-11-24', { prepared })).toMatchObject({ status: 'done', posted: 3 });
  const posted = adapter.papersIn('C1');
  expect(posted).toHaveLength(6);
  expect(new Set(posted).size).toBe(6);
});

it('an on-demand digest just before midnight holds off the 00:00 scheduled digest until it is done: no paper twice', async () => {
  const { adapter, clock, service } = await setUp({ ...subscription('slack', 'C1'), time: '00:00' }, `${DAY}T23:59:58Z`);
  // Posts go straight out (the pacer would queue a second digest's posts behind the first's, hiding the overlap).
  const delivery = service({ send: (_platform, _channel, post) => post(), holdOff: () => {}, pending: 0 });
  // The channel is slow to answer the on-demand digest's second paper.
  let open!: () => void;
  const gate = new Promise<void>((resolve) => (open = resolve));
  let slowed!: () => void;
  const slow = new Promise<void>((resolve) => (slowed = resolve));
  const post = adapter.post.bind(adapter);
  let held = false;
  adapter.post = async (channelId, view) => {
    if (adapter.posts.length === 2 && !held) {
      held = true;
      slowed();
      await gate;
    }
    return post(channelId, view);
  };
  const onDemand = delivery.deliverNow(ref);
  await slow;
  // Midnight: the next day's digest is due while the on-demand one still has two papers to post.
  clock.set('2026-11-24T00:00:00Z');
  const scheduledAt = new Date('2026-11-24T00:00:00Z');
  expect(await delivery.deliver(ref, '2026-11-24', { scheduledAt })).toEqual({ status: 'skipped', posted: 0, reason: LEASE_HELD });
  open();
  expect(await onDemand).toMatchObject({ status: 'done', posted: 3 });
  // The scheduler tries it again a little later.
  expect(await delivery.deliver(ref, '2026-11-24', { scheduledAt })).toMatchObject({ status: 'done', posted: 3 });
  const posted = adapter.papersIn('C1');
  expect(posted).toHaveLength(6);
  expect(new Set(posted).size).toBe(6);
});

it('stops before its next post when its lease was taken over (this process stalled past it), leaving the rest to the new holder', async () => {
  const stores = await openStores('memory://', { logger });
  cleanups.push(() => stores.close());
  await seedDay(stores, DAY, 8);
  const sub = subscription('slack', 'C1');
  await stores.subscriptions.put(sub);
  /** Posts slowly; after the header, another process takes the lease over. */
  class SlowAdapter extends RecordingAdapter {
    override async post(channelId: string, view: View): Promise<PostedMessage[]> {
      const sent = await super.post(channelId, view);
      if (this.posts.length === 1) await stores.meta.set(`lease:delivery:slack:C1:${DAY}`, 'another-process', 60_000);
      await new Promise((r) => setTimeout(r, 150));
      return sent;
    }
  }
  const adapter = new SlowAdapter('slack');
  const delivery = createDeliveryService({
    stores,
    digests: fakeDigests(),
    adapters: new Map<Platform, ChatAdapter>([['slack', adapter]]),
    logger,
    clock: new FakeClock(Date.parse(`${DAY}T09:00:00Z`)),
    config,
    options: { leaseTtlMs: 300, retryBaseMs: 5, retryMaxMs: 20 },
  });
  const out = await delivery.deliver(sub, DAY, { scheduledAt: new Date(`${DAY}T09:00:00Z`) });
  expect(out).toMatchObject({ status: 'failed', reason: expect.stringMatching(/lease .* was lost/) });
  expect(adapter.posts.length).toBeGreaterThanOrEqual(1);
  expect(adapter.posts.length).toBeLessThan(4);
  // The record stays unfinished for the holder to finish, and the other process's lease is left alone.
  expect((await stores.deliveries.get('slack', 'C1', DAY))?.status).toBe('posting');
  expect(await stores.meta.get(`lease:delivery:slack:C1:${DAY}`)).toBe('another-process');
});
