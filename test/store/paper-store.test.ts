// PaperStore contract, run against every backend (memory, SQLite file, Redis when REDIS_URL is set).
import { describe, expect, it } from 'vitest';
import type { Paper } from '../../src/papers/paper.ts';
import { readPaperRow } from '../../src/store/paper-store.ts';
import { paper, plant, storeCases, useStore } from './store-cases.ts';

for (const c of storeCases()) {
  describe(`PaperStore on ${c.name}`, () => {
    const ctx = useStore(c);

    it('round-trips papers exactly, including odd characters and old-style ids', async () => {
      const a = paper('2501.00001', { githubRepo: 'https://github.com/x/y', aiSummary: 'short' });
      const b = paper('hep-th/9901001', { source: 'arxiv', upvotes: 0 });
      await ctx.stores.papers.putMany([a, b]);
      expect(await ctx.stores.papers.get('2501.00001')).toEqual(a);
      expect(await ctx.stores.papers.get('hep-th/9901001')).toEqual(b);
      expect(await ctx.stores.papers.get('2501.99999')).toBeUndefined();
    });

    it('getMany returns the stored ones and leaves out the missing', async () => {
      await ctx.stores.papers.putMany([paper('1'), paper('2'), paper('3')]);
      const found = await ctx.stores.papers.getMany(['3', 'nope', '1', '1']);
      expect([...found.keys()].sort()).toEqual(['1', '3']);
      expect(found.get('3')?.title).toBe('Paper 3');
      expect((await ctx.stores.papers.getMany([])).size).toBe(0);
    });

    it('putMany replaces what is stored (the caller merged first)', async () => {
      await ctx.stores.papers.putMany([paper('1', { upvotes: 3 })]);
      await ctx.stores.papers.putMany([paper('1', { upvotes: 40, listedOn: ['2025-01-06', '2025-01-07'] })]);
      const p = await ctx.stores.papers.get('1');
      expect(p?.upvotes).toBe(40);
      expect(p?.listedOn).toEqual(['2025-01-06', '2025-01-07']);
    });

    it('stores day listings in order and tells an unfetched day apart from an empty one', async () => {
      expect(await ctx.stores.papers.getDay('2025-01-06')).toBeUndefined();
      await ctx.stores.papers.setDay('2025-01-06', ['3', '1', '2']);
      await ctx.stores.papers.setDay('2025-01-05', []);
      expect(await ctx.stores.papers.getDay('2025-01-06')).toEqual(['3', '1', '2']);
      expect(await ctx.stores.papers.getDay('2025-01-05')).toEqual([]);
      await ctx.stores.papers.setDay('2025-01-06', ['3', '1', '2', '4']);
      expect(await ctx.stores.papers.getDay('2025-01-06')).toEqual(['3', '1', '2', '4']);
    });

    it('all() yields every paper once and nothing from other namespaces', async () => {
      const papers = Array.from({ length: 2500 }, (_, i) => paper(`2501.${String(i).padStart(5, '0')}`));
      await ctx.stores.papers.putMany(papers);
      await ctx.stores.papers.setDay('2025-01-06', ['2501.00000']);
      await ctx.stores.meta.set('papers-ish', 'not a paper');
      const seen: Paper[] = [];
      for await (const p of ctx.stores.papers.all()) seen.push(p);
      expect(seen).toHaveLength(2500);
      expect(new Set(seen.map((p) => p.id)).size).toBe(2500);
      // A capacity hint for a rebuild: what the backend can count without reading (Redis would have to scan).
      expect(await ctx.stores.papers.count?.()).toBe(c.name === 'redis' ? undefined : 2500);
    });

    it('skips and logs garbage instead of failing reads', async () => {
      await ctx.stores.papers.putMany([paper('1'), paper('3')]);
      await plant(ctx.stores, 'papers:2', 'garbage{not json');
      await plant(ctx.stores, 'papers:4', JSON.stringify({ value: { id: 4, title: null } }));
      await plant(ctx.stores, 'days:2025-01-06', JSON.stringify({ value: 'not a list' }));
      expect(await ctx.stores.papers.get('2')).toBeUndefined();
      expect(await ctx.stores.papers.get('4')).toBeUndefined();
      expect([...(await ctx.stores.papers.getMany(['1', '2', '3', '4'])).keys()].sort()).toEqual(['1', '3']);
      const ids: string[] = [];
      for await (const p of ctx.stores.papers.all()) ids.push(p.id);
      expect(ids.sort()).toEqual(['1', '3']);
      expect(await ctx.stores.papers.getDay('2025-01-06')).toBeUndefined();
      const log = ctx.lines.join('');
      expect(log).toContain('papers:2');
      expect(log).toContain('papers:4');
    });

    it('rows() yields every paper row unparsed, garbage too, for readPaperRow to read as all() does', async () => {
      const papers = Array.from({ length: 1200 }, (_, i) => paper(`2501.${String(i).padStart(5, '0')}`, { authors: ['Zoë <@here>'] }));
      await ctx.stores.papers.putMany(papers);
      await plant(ctx.stores, 'papers:2', 'garbage{not json');
      await plant(ctx.stores, 'papers:4', JSON.stringify({ value: { id: 4, title: null } }));
      await ctx.stores.papers.setDay('2025-01-06', ['2501.00000']);
      const read = new Map<string, ReturnType<typeof readPaperRow>>();
      for await (const page of ctx.stores.papers.rows!()) for (const r of page) read.set(r.id, readPaperRow(r.text, Date.now()));
      expect(read.size).toBe(1202);
      expect(read.get('2')).toBe('unreadable');
      expect(read.get('4')).toBe('malformed');
      for (const p of papers) expect(read.get(p.id)).toEqual(p);
    });

    it('a scan stopped early leaves nothing failing behind, and the store closes after it (SQLite reads a page ahead)', async () => {
      await ctx.stores.papers.putMany(Array.from({ length: 1600 }, (_, i) => paper(`2501.${String(i).padStart(5, '0')}`)));
      const rejections: unknown[] = [];
      const onRejection = (err: unknown) => void rejections.push(err);
      process.on('unhandledRejection', onRejection);
      try {
        for await (const p of ctx.stores.papers.all()) {
          expect(p.id).toMatch(/^2501\./);
          break;
        }
        await ctx.stores.close();
        await new Promise((resolve) => setTimeout(resolve, 50));
      } finally {
        process.off('unhandledRejection', onRejection);
      }
      expect(rejections).toEqual([]);
    });

    if (c.persistent) {
      it('keeps papers and days across a close and reopen', async () => {
        await ctx.stores.papers.putMany([paper('1'), paper('2')]);
        await ctx.stores.papers.setDay('2025-01-06', ['2', '1']);
        await ctx.stores.close();
        const again = await ctx.open();
        expect(await again.papers.get('2')).toEqual(paper('2'));
        expect(await again.papers.getDay('2025-01-06')).toEqual(['2', '1']);
        let n = 0;
        for await (const _ of again.papers.all()) n++;
        expect(n).toBe(2);
      });
    }
  });
}
