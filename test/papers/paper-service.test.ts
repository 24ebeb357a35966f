// The paper service's merging: fetches that run at once (a day's listing and the day before's) keep what each brings.
import { afterEach, describe, expect, it } from 'vitest';
import { setTimeout as sleep } from 'node:timers/promises';
import { silentLogger } from '../../src/logger.ts';
import { createPaperService } from '../../src/papers/paper-service.ts';
import { openStores, type KeyvStores } from '../../src/store/open-stores.ts';
import { paper } from '../search/helpers.ts';

const opened: KeyvStores[] = [];
afterEach(async () => {
  while (opened.length) await opened.pop()!.close();
});

describe('paper service', () => {
  for (const url of ['memory://', 'sqlite://:memory:']) {
    it(`keeps both days and the higher upvotes of a paper listed on two days fetched at once (${url})`, async () => {
      const stores = await openStores(url, { logger: silentLogger() });
      opened.push(stores);
      const listed = (day: string, upvotes: number) => [paper('2501.00001', 'X', 'x', { listedOn: [day], upvotes })];
      // The first day answers with more upvotes; both answers arrive before either is written.
      const hf = { dailyPapers: async (d: string) => (await sleep(5), d === '2025-01-01' ? listed(d, 12) : listed(d, 10)), paper: async () => undefined };
      const service = createPaperService({ hf, arxiv: { paper: async () => undefined }, store: stores.papers, logger: silentLogger() });
      await Promise.all([service.fetchDay('2025-01-01'), service.fetchDay('2025-01-02'), service.fetchDay('2025-01-01')]);
      expect(await stores.papers.get('2501.00001')).toMatchObject({ listedOn: ['2025-01-01', '2025-01-02'], upvotes: 12 });
      expect(await stores.papers.getDay('2025-01-01')).toEqual(['2501.00001']);
      expect(await stores.papers.getDay('2025-01-02')).toEqual(['2501.00001']);
    });
  }
});
