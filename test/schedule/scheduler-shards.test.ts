// Two processes on one store, each serving its Discord shards: every digest goes out once, from its owner.
import { describe, expect, it } from 'vitest';
import { openStores } from '../../src/store/open-stores.ts';
import { createScheduler } from '../../src/schedule/scheduler.ts';
import { createDeliveryService, NOT_SERVED } from '../../src/digest/delivery.ts';
import { silentLogger } from '../../src/logger.ts';
import type { ChannelRef, ChatAdapter, Platform } from '../../src/chat.ts';
import type { Stores } from '../../src/store/stores.ts';
import { servesGuild, shardOf, type ShardSet } from '../../adapters/discord/shards.ts';
import { FakeClock, RecordingAdapter, fakeDigests, seedDay, subscription, cleanupAfterEach } from './harness.ts';

const logger = silentLogger();
const config = { digest: { time: '09:00', timezone: 'UTC', size: 3, graceMs: 6 * 3_600_000, lookbackDays: 3 } };
const DAY = '2026-11-23';
const fast = { leaseTtlMs: 2000, retryBaseMs: 5, retryMaxMs: 20, nowDeadlineMs: 200 };

/** Guilds on shard 0 and shard 1 of 2. */
const GUILD_0 = String(1000n << 22n);
const GUILD_1 = String(1001n << 22n);

/** A Discord-like recording adapter that serves the guilds of its shards, as DiscordAdapter does. */
class ShardedAdapter extends RecordingAdapter {
  constructor(private readonly shards: ShardSet) {
    super('discord');
  }
  servesChannel(ref: ChannelRef): boolean {
    return servesGuild(this.shards, ref.workspaceId);
  }
}

const { cleanups } = cleanupAfterEach();

/** One paperboy process: its adapter, delivery service and scheduler over the shared store. */
function processOn(stores: Stores, clock: FakeClock, shards: ShardSet) {
  const adapter = new ShardedAdapter(shards);
  const adapters = new Map<Platform, ChatAdapter>([['discord', adapter]]);
  const delivery = createDeliveryService({ stores, digests: fakeDigests(), adapters, logger, clock, config, options: fast });
  const scheduler = createScheduler({ stores, delivery, logger, clock, config });
  cleanups.push(() => scheduler.stop(1000));
  return { adapter, delivery, scheduler };
}

async function sharedStore() {
  const stores = await openStores('memory://', { logger });
  cleanups.push(() => stores.close());
  await seedDay(stores, DAY, 5);
  return stores;
}

describe('Discord shards across processes', () => {
  it('delivers each digest once, from the process whose shard holds the guild', async () => {
    const stores = await sharedStore();
    const channels = { a0: GUILD_0, b0: GUILD_0, a1: GUILD_1, b1: GUILD_1 };
    for (const [channelId, workspaceId] of Object.entries(channels)) await stores.subscriptions.put(subscription('discord', channelId, { workspaceId }));
    // A direct message (no guild) belongs to shard 0, as Discord routes it.
    await stores.subscriptions.put(subscription('discord', 'dm'));

    const clock = new FakeClock(Date.parse(`${DAY}T08:59:00Z`));
    const p0 = processOn(stores, clock, { ids: [0], count: 2 });
    const p1 = processOn(stores, clock, { ids: [1], count: 2 });
    await p0.scheduler.catchUp();
    await p1.scheduler.catchUp();
    expect(p0.scheduler.size).toBe(3);
    expect(p1.scheduler.size).toBe(2);

    clock.set(`${DAY}T09:00:00Z`);
    await Promise.all([p0.scheduler.tick(), p1.scheduler.tick()]);
    await Promise.all([p0.scheduler.idle(), p1.scheduler.idle()]);

    const channelsOf = (a: RecordingAdapter) => [...new Set(a.posts.map((p) => p.channelId))].sort();
    expect(channelsOf(p0.adapter)).toEqual(['a0', 'b0', 'dm']);
    expect(channelsOf(p1.adapter)).toEqual(['a1', 'b1']);
    for (const channelId of ['a0', 'b0', 'dm', 'a1', 'b1']) {
      const owner = channelId.endsWith('1') ? p1.adapter : p0.adapter;
      // A header and three papers, once.
      expect(owner.posts.filter((p) => p.channelId === channelId)).toHaveLength(4);
      expect((await stores.deliveries.get('discord', channelId, DAY))?.status).toBe('done');
    }
  });

  it("leaves another shard's channel alone: no post, no record, no resume", async () => {
    const stores = await sharedStore();
    const sub = subscription('discord', 'far', { workspaceId: GUILD_1 });
    await stores.subscriptions.put(sub);
    const clock = new FakeClock(Date.parse(`${DAY}T09:00:00Z`));
    const p0 = processOn(stores, clock, { ids: [0], count: 2 });

    expect(shardOf(GUILD_1, 2)).toBe(1);
    expect(p0.delivery.serves('discord')).toBe(true);
    expect(p0.delivery.serves('discord', sub)).toBe(false);
    expect(await p0.delivery.deliver(sub, DAY, { scheduledAt: clock.now() })).toEqual({ status: 'skipped', posted: 0, reason: NOT_SERVED });
    expect(await stores.deliveries.get('discord', 'far', DAY)).toBeUndefined();

    // An unfinished record of that channel (its process died) is left for the owner to resume.
    const rec = { platform: 'discord' as const, channelId: 'far', day: DAY, status: 'intent' as const, paperIds: [], messages: [], startedAt: clock.now().toISOString(), updatedAt: clock.now().toISOString() };
    await stores.deliveries.put(rec);
    expect((await p0.delivery.resume(rec)).reason).toBe(NOT_SERVED);
    expect((await stores.deliveries.get('discord', 'far', DAY))?.status).toBe('intent');
    expect(p0.adapter.posts).toEqual([]);

    const p1 = processOn(stores, clock, { ids: [1], count: 2 });
    expect((await p1.scheduler.catchUp()).resumed).toBe(1);
    await p1.scheduler.idle();
    expect((await stores.deliveries.get('discord', 'far', DAY))?.status).toBe('empty');
  });
});
