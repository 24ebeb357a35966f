// The paper service: fetches that run at once (a day's listing and the day before's) keep what each brings; lookups fall back to arXiv at once.
import { afterEach, describe, expect, it } from 'vitest';
import { setTimeout as sleep } from 'node:timers/promises';
import { silentLogger } from '../../src/logger.ts';
import { createPaperService } from '../../src/papers/paper-service.ts';
import { openStores, type KeyvStores } from '../../src/store/open-stores.ts';
import { paper } from '../search/helpers.ts';
import { createArxivClient, createPacer } from '../../src/papers/arxiv-client.ts';
import { createHfClient } from '../../src/papers/hf-client.ts';
import { createHttpClient } from '../../src/papers/http.ts';
import { memoryPaperStore } from '../../src/rank/evaluate.ts';
import { startFakeArxiv, type FakeArxiv } from '../fakes/arxiv-server.ts';
import { startFakeHf, type FakeHf } from '../fakes/hf-server.ts';

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

describe('lookup', () => {
  let hf: FakeHf | undefined;
  let arxiv: FakeArxiv | undefined;
  afterEach(async () => {
    await hf?.close();
    await arxiv?.close();
  });

  const service = (hfUrl: string, arxivUrl: string) => {
    const logger = silentLogger();
    // HTTP_RETRIES as by default: a hanging Hugging Face would be asked four times before arXiv.
    const http = createHttpClient({ logger, timeoutMs: 150, retries: 3, baseDelayMs: 1, maxDelayMs: 5 });
    return createPaperService({
      hf: createHfClient({ baseUrl: hfUrl, http, logger, lookupTimeoutMs: 150 }),
      arxiv: createArxivClient({ baseUrl: arxivUrl, http, logger, minIntervalMs: 0, pacer: createPacer() }),
      store: memoryPaperStore([]),
      logger,
    });
  };

  it('asks Hugging Face once, not once a retry, before arXiv when Hugging Face hangs or fails', async () => {
    hf = await startFakeHf({ fixtures: false });
    arxiv = await startFakeArxiv({ papers: [{ id: '2406.12345', title: 'On arXiv only', summary: 'x', authors: ['A'] }] });
    const lookup = service(hf.url, arxiv.url);
    hf.fail('paper', { hang: true }, 10);
    expect((await lookup.lookup('2406.12345'))?.title).toBe('On arXiv only');
    expect(hf.requestsTo('paper')).toHaveLength(1);
  });

  it('asks arXiv alone for an old-style id, which Hugging Face has no page for', async () => {
    hf = await startFakeHf({ fixtures: false });
    arxiv = await startFakeArxiv({ papers: [{ id: 'hep-th/9901001', title: 'Old style', summary: 'x', authors: ['A'] }] });
    expect((await service(hf.url, arxiv.url).lookup('hep-th/9901001'))?.title).toBe('Old style');
    expect(hf.requestsTo('paper')).toHaveLength(0);
  });
});
