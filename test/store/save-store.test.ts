// SaveStore contract, run against every backend.
import { describe, expect, it } from 'vitest';
import { plant, save, storeCases, useStore } from './store-cases.ts';

for (const c of storeCases()) {
  describe(`SaveStore on ${c.name}`, () => {
    const ctx = useStore(c);

    it('adds once: a second add of the same save returns false', async () => {
      expect(await ctx.stores.saves.add(save('1', '2025-01-06T10:00:00Z'))).toBe(true);
      expect(await ctx.stores.saves.add(save('1', '2025-01-06T11:00:00Z'))).toBe(false);
      expect(await ctx.stores.saves.byUser('discord', 'U1')).toEqual([save('1', '2025-01-06T10:00:00Z')]);
    });

    it('concurrent adds of one save: exactly one wins', async () => {
      const results = await Promise.all(Array.from({ length: 10 }, () => ctx.stores.saves.add(save('1', '2025-01-06T10:00:00Z'))));
      expect(results.filter(Boolean)).toHaveLength(1);
    });

    it("lists a person's saves newest first, on their platform only, without dismissals", async () => {
      await ctx.stores.saves.add(save('old', '2025-01-01T10:00:00Z'));
      await ctx.stores.saves.add(save('new', '2025-01-09T10:00:00Z', { channelId: 'C2' }));
      await ctx.stores.saves.add(save('mid', '2025-01-05T10:00:00Z'));
      await ctx.stores.saves.add(save('meh', '2025-01-08T10:00:00Z', { kind: 'dismiss' }));
      await ctx.stores.saves.add(save('slack', '2025-01-07T10:00:00Z', { platform: 'slack' }));
      await ctx.stores.saves.add(save('other', '2025-01-07T10:00:00Z', { userId: 'U2' }));
      const mine = await ctx.stores.saves.byUser('discord', 'U1');
      expect(mine.map((s) => s.paperId)).toEqual(['new', 'mid', 'old']);
    });

    it("lists a channel's saves and dismissals newest first", async () => {
      await ctx.stores.saves.add(save('a', '2025-01-01T10:00:00Z'));
      await ctx.stores.saves.add(save('b', '2025-01-03T10:00:00Z', { kind: 'dismiss', userId: 'U2' }));
      await ctx.stores.saves.add(save('c', '2025-01-02T10:00:00Z', { channelId: 'C2' }));
      const signals = await ctx.stores.saves.byChannel('discord', 'C1');
      expect(signals.map((s) => `${s.paperId}/${s.kind}`)).toEqual(['b/dismiss', 'a/save']);
    });

    it('unsave removes it from both lists; removing again returns false', async () => {
      await ctx.stores.saves.add(save('1', '2025-01-01T10:00:00Z'));
      await ctx.stores.saves.add(save('2', '2025-01-02T10:00:00Z'));
      const ref = { platform: 'discord', channelId: 'C1', userId: 'U1', paperId: '1', kind: 'save' } as const;
      expect(await ctx.stores.saves.remove(ref)).toBe(true);
      expect(await ctx.stores.saves.remove(ref)).toBe(false);
      expect(await ctx.stores.saves.remove({ ...ref, kind: 'dismiss' })).toBe(false);
      expect((await ctx.stores.saves.byUser('discord', 'U1')).map((s) => s.paperId)).toEqual(['2']);
      expect((await ctx.stores.saves.byChannel('discord', 'C1')).map((s) => s.paperId)).toEqual(['2']);
      expect(await ctx.stores.saves.add(save('1', '2025-01-03T10:00:00Z'))).toBe(true);
    });

    it('loses none of many concurrent saves by one person', async () => {
      await Promise.all(
        Array.from({ length: 50 }, (_, i) => ctx.stores.saves.add(save(`p${i}`, `2025-01-01T10:00:${String(i).padStart(2, '0')}Z`))),
      );
      const mine = await ctx.stores.saves.byUser('discord', 'U1');
      expect(mine).toHaveLength(50);
      expect(mine[0].paperId).toBe('p49');
    });

    it('skips and logs a garbage save', async () => {
      await ctx.stores.saves.add(save('1', '2025-01-01T10:00:00Z'));
      await ctx.stores.saves.add(save('2', '2025-01-02T10:00:00Z'));
      await plant(ctx.stores, 'saves:discord:C1:U1:2:save', JSON.stringify({ value: { kind: 'save' } }));
      expect((await ctx.stores.saves.byUser('discord', 'U1')).map((s) => s.paperId)).toEqual(['1']);
      expect(ctx.lines.join('')).toContain('saves:discord:C1:U1:2:save');
    });

    if (c.persistent) {
      it('keeps saves across a close and reopen', async () => {
        await ctx.stores.saves.add(save('1', '2025-01-01T10:00:00Z'));
        await ctx.stores.close();
        const again = await ctx.open();
        expect(await again.saves.byUser('discord', 'U1')).toEqual([save('1', '2025-01-01T10:00:00Z')]);
        expect(await again.saves.add(save('1', '2025-01-01T10:00:00Z'))).toBe(false);
      });
    }
  });
}
