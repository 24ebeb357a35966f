// DeliveryLog contract, run against every backend.
import { describe, expect, it } from 'vitest';
import { delivery, plant, storeCases, useStore } from './store-cases.ts';

for (const c of storeCases()) {
  describe(`DeliveryLog on ${c.name}`, () => {
    const ctx = useStore(c);

    it('round-trips a record per (channel, day)', async () => {
      const rec = delivery('C1', '2025-01-06', { messages: [{ messageId: 'm0' }] });
      await ctx.stores.deliveries.put(rec);
      expect(await ctx.stores.deliveries.get('slack', 'C1', '2025-01-06')).toEqual(rec);
      expect(await ctx.stores.deliveries.get('slack', 'C1', '2025-01-07')).toBeUndefined();
      expect(await ctx.stores.deliveries.get('discord', 'C1', '2025-01-06')).toBeUndefined();
    });

    it('unfinished() follows each record from intent through posting to done', async () => {
      const d = ctx.stores.deliveries;
      await d.put(delivery('C1', '2025-01-06'));
      await d.put(delivery('C2', '2025-01-06'));
      await d.put(delivery('C3', '2025-01-06', { status: 'done' }));
      expect((await d.unfinished()).map((r) => r.channelId).sort()).toEqual(['C1', 'C2']);
      await d.put(delivery('C1', '2025-01-06', { status: 'posting', messages: [{ messageId: 'm0' }] }));
      const open = await d.unfinished();
      expect(open.find((r) => r.channelId === 'C1')?.status).toBe('posting');
      for (const status of ['done', 'empty'] as const) await d.put(delivery(status === 'done' ? 'C1' : 'C2', '2025-01-06', { status }));
      expect(await d.unfinished()).toEqual([]);
      await d.put(delivery('C4', '2025-01-06', { status: 'failed', reason: 'no permission' }));
      await d.put(delivery('C5', '2025-01-06', { status: 'skipped', reason: 'too late' }));
      expect(await d.unfinished()).toEqual([]);
    });

    it('maps messages to papers per channel', async () => {
      await ctx.stores.deliveries.recordMessage('discord', 'C1', 'm1', '2501.00001');
      expect(await ctx.stores.deliveries.paperForMessage('discord', 'C1', 'm1')).toBe('2501.00001');
      expect(await ctx.stores.deliveries.paperForMessage('discord', 'C2', 'm1')).toBeUndefined();
      expect(await ctx.stores.deliveries.paperForMessage('slack', 'C1', 'm1')).toBeUndefined();
    });

    it('sentPapers holds every paper posted to the channel, from records and from recordMessage', async () => {
      const d = ctx.stores.deliveries;
      expect((await d.sentPapers('slack', 'C1')).size).toBe(0);
      await d.put(
        delivery('C1', '2025-01-06', {
          status: 'done',
          messages: [{ messageId: 'h' }, { messageId: 'm1', paperId: 'a' }, { messageId: 'm2', paperId: 'b' }],
        }),
      );
      await d.recordMessage('slack', 'C1', 'm3', 'c');
      await d.recordMessage('slack', 'C2', 'm4', 'z');
      expect([...(await d.sentPapers('slack', 'C1'))].sort()).toEqual(['a', 'b', 'c']);
      expect([...(await d.sentPapers('slack', 'C2'))]).toEqual(['z']);
    });

    it('a record written message by message records every paper and link it shows, unsure ones too', async () => {
      const d = ctx.stores.deliveries;
      const messages: { messageId: string; paperId?: string }[] = [{ messageId: 'h' }];
      const grow = async (m: { messageId: string; paperId?: string }, status: 'posting' | 'done' = 'posting') => {
        messages.push(m);
        await d.put(delivery('C1', '2025-01-06', { status, messages: [...messages] }));
      };
      await d.put(delivery('C1', '2025-01-06', { status: 'posting', messages: [...messages] }));
      await grow({ messageId: 'm1', paperId: 'a' });
      await grow({ messageId: 'unknown', paperId: 'b' });
      await grow({ messageId: 'unknown', paperId: 'c' });
      await grow({ messageId: 'm4', paperId: 'd' }, 'done');
      expect([...(await d.sentPapers('slack', 'C1'))].sort()).toEqual(['a', 'b', 'c', 'd']);
      expect(await d.paperForMessage('slack', 'C1', 'm1')).toBe('a');
      expect(await d.paperForMessage('slack', 'C1', 'm4')).toBe('d');
      expect(await d.paperForMessage('slack', 'C1', 'unknown')).toBeUndefined();
      expect(await d.unfinished()).toEqual([]);
      expect((await d.get('slack', 'C1', '2025-01-06'))?.messages).toHaveLength(5);
    });

    it('loses none of many concurrent recordMessage calls', async () => {
      await Promise.all(Array.from({ length: 50 }, (_, i) => ctx.stores.deliveries.recordMessage('slack', 'C1', `m${i}`, `p${i}`)));
      expect((await ctx.stores.deliveries.sentPapers('slack', 'C1')).size).toBe(50);
    });

    it('applies concurrent puts of one record in call order', async () => {
      const d = ctx.stores.deliveries;
      const steps = Array.from({ length: 20 }, (_, i) =>
        delivery('C1', '2025-01-06', { status: i === 19 ? 'done' : 'posting', messages: [{ messageId: `m${i}` }] }),
      );
      await Promise.all(steps.map((s) => d.put(s)));
      expect(await d.get('slack', 'C1', '2025-01-06')).toEqual(steps[19]);
      expect(await d.unfinished()).toEqual([]);
    });

    it('skips and logs a garbage record in unfinished()', async () => {
      await ctx.stores.deliveries.put(delivery('C1', '2025-01-06'));
      await ctx.stores.deliveries.put(delivery('C2', '2025-01-06'));
      await plant(ctx.stores, 'deliveries:slack:C2:2025-01-06', 'not json at all');
      expect((await ctx.stores.deliveries.unfinished()).map((r) => r.channelId)).toEqual(['C1']);
      expect(await ctx.stores.deliveries.get('slack', 'C2', '2025-01-06')).toBeUndefined();
      expect(ctx.lines.join('')).toContain('deliveries:slack:C2:2025-01-06');
    });

    if (c.persistent) {
      it('keeps records, message links and sent papers across a close and reopen', async () => {
        await ctx.stores.deliveries.put(delivery('C1', '2025-01-06', { status: 'posting' }));
        await ctx.stores.deliveries.recordMessage('slack', 'C1', 'm1', 'a');
        await ctx.stores.close();
        const again = await ctx.open();
        expect((await again.deliveries.unfinished()).map((r) => r.channelId)).toEqual(['C1']);
        expect(await again.deliveries.paperForMessage('slack', 'C1', 'm1')).toBe('a');
        expect([...(await again.deliveries.sentPapers('slack', 'C1'))]).toEqual(['a']);
      });
    }
  });
}
