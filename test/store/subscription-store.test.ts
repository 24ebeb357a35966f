// SubscriptionStore contract, run against every backend.
import { describe, expect, it } from 'vitest';
import { plant, storeCases, subscription, useStore } from './store-cases.ts';

for (const c of storeCases()) {
  describe(`SubscriptionStore on ${c.name}`, () => {
    const ctx = useStore(c);

    it('round-trips a subscription and replaces it on put', async () => {
      const sub = subscription('C1', { workspaceId: 'T1', createdBy: 'U1' });
      await ctx.stores.subscriptions.put(sub);
      expect(await ctx.stores.subscriptions.get('slack', 'C1')).toEqual(sub);
      expect(await ctx.stores.subscriptions.get('discord', 'C1')).toBeUndefined();
      const paused = { ...sub, paused: { reason: 'channel_not_found', at: '2025-01-07T09:00:00.000Z' } };
      await ctx.stores.subscriptions.put(paused);
      expect(await ctx.stores.subscriptions.get('slack', 'C1')).toEqual(paused);
      expect(await ctx.stores.subscriptions.list()).toEqual([paused]);
    });

    it('lists every subscription, and delete removes it from the list', async () => {
      await ctx.stores.subscriptions.put(subscription('C1'));
      await ctx.stores.subscriptions.put(subscription('C2', { platform: 'discord' }));
      await ctx.stores.subscriptions.put(subscription('C3'));
      expect(await ctx.stores.subscriptions.delete('slack', 'C3')).toBe(true);
      expect(await ctx.stores.subscriptions.delete('slack', 'C3')).toBe(false);
      const list = await ctx.stores.subscriptions.list();
      expect(list.map((s) => `${s.platform}:${s.channelId}`).sort()).toEqual(['discord:C2', 'slack:C1']);
    });

    it('loses none of many concurrent subscribes', async () => {
      await Promise.all(Array.from({ length: 60 }, (_, i) => ctx.stores.subscriptions.put(subscription(`C${i}`))));
      expect(await ctx.stores.subscriptions.list()).toHaveLength(60);
    });

    it('keeps the list and the records in step under interleaved put and delete', async () => {
      const subs = ctx.stores.subscriptions;
      await Promise.all([subs.put(subscription('C1')), subs.delete('slack', 'C1'), subs.put(subscription('C1', { size: 7 }))]);
      expect(await subs.list()).toEqual([subscription('C1', { size: 7 })]);
      await Promise.all([subs.put(subscription('C2')), subs.delete('slack', 'C2')]);
      expect(await subs.get('slack', 'C2')).toBeUndefined();
      expect((await subs.list()).map((s) => s.channelId)).toEqual(['C1']);
    });

    it('skips and logs a garbage subscription in the list', async () => {
      await ctx.stores.subscriptions.put(subscription('C1'));
      await ctx.stores.subscriptions.put(subscription('C2'));
      await plant(ctx.stores, 'subs:slack:C2', '{{{');
      expect((await ctx.stores.subscriptions.list()).map((s) => s.channelId)).toEqual(['C1']);
      expect(await ctx.stores.subscriptions.get('slack', 'C2')).toBeUndefined();
      expect(ctx.lines.join('')).toContain('subs:slack:C2');
    });

    if (c.persistent) {
      it('keeps subscriptions across a close and reopen', async () => {
        await ctx.stores.subscriptions.put(subscription('C1'));
        await ctx.stores.close();
        const again = await ctx.open();
        expect(await again.subscriptions.list()).toEqual([subscription('C1')]);
      });
    }
  });
}
