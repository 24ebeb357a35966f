// MetaStore contract, run against every backend: values, TTLs and the setIfAbsent lease.
import { describe, expect, it } from 'vitest';
import { storeCases, useStore } from './store-cases.ts';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

for (const c of storeCases()) {
  describe(`MetaStore on ${c.name}`, () => {
    const ctx = useStore(c);

    it('gets, sets and deletes values of any JSON shape', async () => {
      const m = ctx.stores.meta;
      expect(await m.get('hash')).toBeUndefined();
      await m.set('hash', { discord: 'abc', n: [1, 2] });
      expect(await m.get('hash')).toEqual({ discord: 'abc', n: [1, 2] });
      await m.set('colon', ':leading colon');
      expect(await m.get('colon')).toBe(':leading colon');
      expect(await m.delete('hash')).toBe(true);
      expect(await m.delete('hash')).toBe(false);
      expect(await m.get('hash')).toBeUndefined();
    });

    it('forgets a value after its ttl', async () => {
      await ctx.stores.meta.set('short', 'x', 30);
      await ctx.stores.meta.set('long', 'y', 60_000);
      await sleep(150);
      expect(await ctx.stores.meta.get('short')).toBeUndefined();
      expect(await ctx.stores.meta.get('long')).toBe('y');
    });

    it('setIfAbsent: exactly one of many concurrent callers gets the lease, and get() sees its value', async () => {
      const results = await Promise.all(Array.from({ length: 20 }, (_, i) => ctx.stores.meta.setIfAbsent('lease', `p${i}`, 60_000)));
      expect(results.filter(Boolean)).toHaveLength(1);
      expect(await ctx.stores.meta.get('lease')).toBe(`p${results.indexOf(true)}`);
      expect(await ctx.stores.meta.setIfAbsent('other', 'x', 60_000)).toBe(true);
    });

    it('setIfAbsent: an expired lease can be taken again; a deleted one too', async () => {
      expect(await ctx.stores.meta.setIfAbsent('lease', 'a', 30)).toBe(true);
      expect(await ctx.stores.meta.setIfAbsent('lease', 'b', 30)).toBe(false);
      await sleep(150);
      expect(await ctx.stores.meta.setIfAbsent('lease', 'c', 60_000)).toBe(true);
      expect(await ctx.stores.meta.get('lease')).toBe('c');
      expect(await ctx.stores.meta.delete('lease')).toBe(true);
      expect(await ctx.stores.meta.setIfAbsent('lease', 'd', 60_000)).toBe(true);
    });

    it('renews and frees a lease only while it holds the holder’s token, and not once it has expired or was taken', async () => {
      const meta = ctx.stores.meta;
      expect(await meta.setIfAbsent('held', 'mine', 200)).toBe(true);
      expect(await meta.renewIfHolds('held', 'theirs', 60_000)).toBe(false);
      expect(await meta.renewIfHolds('held', 'mine', 300)).toBe(true);
      await sleep(150);
      // Renewed: still held past its first life.
      expect(await meta.setIfAbsent('held', 'theirs', 60_000)).toBe(false);
      expect(await meta.deleteIfHolds('held', 'theirs')).toBe(false);
      expect(await meta.get('held')).toBe('mine');
      await sleep(300);
      // Expired and taken by another: the first holder can neither renew nor free it.
      expect(await meta.renewIfHolds('held', 'mine', 60_000)).toBe(false);
      expect(await meta.setIfAbsent('held', 'theirs', 60_000)).toBe(true);
      expect(await meta.renewIfHolds('held', 'mine', 60_000)).toBe(false);
      expect(await meta.deleteIfHolds('held', 'mine')).toBe(false);
      expect(await meta.get('held')).toBe('theirs');
      expect(await meta.deleteIfHolds('held', 'theirs')).toBe(true);
      expect(await meta.get('held')).toBeUndefined();
    });

    it('renews and frees many leases at once, each for its holder only', async () => {
      const meta = ctx.stores.meta;
      const keys = Array.from({ length: 40 }, (_, i) => `many:${i}`);
      expect(await Promise.all(keys.map((k) => meta.setIfAbsent(k, `t-${k}`, 60_000)))).toEqual(keys.map(() => true));
      // Every other caller has the wrong token; the key of the same lease asked twice, once rightly, once not.
      const renewed = await Promise.all([...keys.map((k, i) => meta.renewIfHolds(k, i % 2 ? 'wrong' : `t-${k}`, 60_000)), meta.renewIfHolds('many:0', 'wrong', 60_000)]);
      expect(renewed).toEqual([...keys.map((_, i) => i % 2 === 0), false]);
      const freed = await Promise.all(keys.map((k, i) => meta.deleteIfHolds(k, i % 2 ? `t-${k}` : 'wrong')));
      expect(freed).toEqual(keys.map((_, i) => i % 2 === 1));
      expect(await Promise.all(keys.map((k) => meta.get(k)))).toEqual(keys.map((k, i) => (i % 2 ? undefined : `t-${k}`)));
    });

    it('setIfAbsent and delete at scale: each of many keys taken once, each delete finds a key once, in call order with writes', async () => {
      const m = ctx.stores.meta;
      await Promise.all(Array.from({ length: 50 }, (_, i) => m.set(`lease:${i}`, 'old', i % 2 ? 30 : 60_000)));
      await sleep(150); // the odd leases have expired
      const claims = await Promise.all(Array.from({ length: 200 }, (_, i) => m.setIfAbsent(`lease:${i % 100}`, `new${i}`, 60_000)));
      for (let k = 0; k < 100; k++) {
        const won = [claims[k], claims[k + 100]].filter(Boolean).length;
        // Keys 0–49 were held: the even ones still are; the odd ones and 50–99 are taken by exactly one claim.
        expect(won, `lease:${k}`).toBe(k < 50 && k % 2 === 0 ? 0 : 1);
      }
      expect(await m.get('lease:0')).toBe('old');
      expect(await m.get('lease:1')).toBe('new1');
      const deletes = await Promise.all([m.delete('lease:1'), m.delete('lease:1'), m.delete('lease:2'), m.delete('never')]);
      expect(deletes).toEqual([true, false, true, false]);
      const ordered = [m.set('lease:3', 'a'), m.delete('lease:3'), m.set('lease:3', 'b'), m.delete('lease:4'), m.set('lease:4', 'c')];
      expect(await Promise.all(ordered)).toEqual([undefined, true, undefined, true, undefined]);
      expect(await m.get('lease:3')).toBe('b');
      expect(await m.get('lease:4')).toBe('c');
      // Writes and deletes of distinct keys together (one group on SQLite): each as if alone.
      const mixed = [m.set('other:1', 'x'), m.delete('lease:5'), m.set('other:2', 'y'), m.delete('never'), m.delete('lease:6')];
      expect(await Promise.all(mixed)).toEqual([undefined, true, undefined, false, true]);
      expect([await m.get('other:1'), await m.get('other:2'), await m.get('lease:5'), await m.get('lease:6')]).toEqual(['x', 'y', undefined, undefined]);
    });

    it('many reads at once each get their own key: present, absent, expired, repeated', async () => {
      const m = ctx.stores.meta;
      await Promise.all(Array.from({ length: 300 }, (_, i) => m.set(`r:${i}`, { i }, i % 3 === 0 ? 30 : 60_000)));
      await sleep(150);
      const keys = Array.from({ length: 700 }, (_, i) => `r:${(i * 7) % 350}`);
      const values = await Promise.all(keys.map((k) => m.get<{ i: number }>(k)));
      values.forEach((v, j) => {
        const i = Number(keys[j]!.slice(2));
        expect(v, keys[j]).toEqual(i >= 300 || i % 3 === 0 ? undefined : { i });
      });
    });

    it('ping() answers while open', async () => {
      expect(await ctx.stores.ping()).toBe(true);
    });

    if (c.persistent) {
      it('setIfAbsent: exactly one of two separate connections to one store gets the lease', async () => {
        const other = await ctx.open();
        const tries = Array.from({ length: 10 }, (_, i) => (i % 2 ? ctx.stores : other).meta.setIfAbsent('digest:slack:C1:2025-01-06', `p${i}`, 60_000));
        const results = await Promise.all(tries);
        expect(results.filter(Boolean)).toHaveLength(1);
        expect(await other.meta.get('digest:slack:C1:2025-01-06')).toBe(await ctx.stores.meta.get('digest:slack:C1:2025-01-06'));
      });

      it('keeps values across a close and reopen; expired ones are gone', async () => {
        await ctx.stores.meta.set('commands-hash', 'abc');
        await ctx.stores.meta.set('stale-lease', 'p1', 20);
        await ctx.stores.close();
        await sleep(100);
        const again = await ctx.open();
        expect(await again.meta.get('commands-hash')).toBe('abc');
        expect(await again.meta.get('stale-lease')).toBeUndefined();
        expect(await again.meta.setIfAbsent('stale-lease', 'p2', 60_000)).toBe(true);
      });
    }
  });
}
