// The Hugging Face client against listings with null and wrong-typed fields, over the fake server.
import { afterEach, describe, expect, it } from 'vitest';
import { createHfClient } from '../../src/papers/hf-client.ts';
import { createHttpClient } from '../../src/papers/http.ts';
import { createLogger } from '../../src/logger.ts';
import { startFakeHf, type FakeHf } from '../fakes/hf-server.ts';

type LogLine = { level: number; msg: string; [key: string]: unknown };
let fake: FakeHf | undefined;
afterEach(async () => {
  await fake?.close();
  fake = undefined;
});

async function client(days: Record<string, unknown[]>) {
  fake = await startFakeHf({ fixtures: false, days });
  const logs: LogLine[] = [];
  const logger = createLogger('warn', { write: (line: string) => void logs.push(JSON.parse(line) as LogLine) });
  const http = createHttpClient({ logger, timeoutMs: 2000, retries: 0 });
  return { hf: createHfClient({ baseUrl: fake.url, http, logger }), logs };
}

describe('dailyPapers with null fields', () => {
  it('keeps a paper whose title is null (or not a string) on one side when the other side has it', async () => {
    const { hf, logs } = await client({
      '2026-01-05': [
        { paper: { id: '2601.00001', title: 'Inner title', upvotes: 3 }, title: null },
        { paper: { id: '2601.00002', title: null, upvotes: 2 }, title: 'Outer title' },
        { paper: { id: '2601.00003', title: 42 }, title: 'Outer title 3' },
        { paper: { id: '2601.00004', title: null }, title: null },
        { paper: null, title: 'No paper' },
        null,
        { paper: { id: '2601.00001v2', title: 'Inner title, v2', upvotes: 5 }, title: null },
      ],
    });
    const papers = await hf.dailyPapers('2026-01-05');
    expect(papers.map((p) => [p.id, p.title, p.upvotes])).toEqual([
      ['2601.00001', 'Inner title, v2', 5],
      ['2601.00002', 'Outer title', 2],
      ['2601.00003', 'Outer title 3', 0],
    ]);
    const dropped = logs.filter((l) => l.msg === 'dropping invalid paper entry');
    expect(dropped.map((l) => l.index)).toEqual([3, 4, 5]);
    expect(dropped[0]).toMatchObject({ id: '2601.00004', problem: 'title is missing or empty' });
  });
});

describe('search', () => {
  it('gives a hanging search one short attempt instead of retrying it for the full HTTP timeout', async () => {
    fake = await startFakeHf({ fixtures: false });
    const logger = createLogger('silent');
    const http = createHttpClient({ logger, timeoutMs: 10_000, retries: 3, baseDelayMs: 1 });
    const hf = createHfClient({ baseUrl: fake.url, http, logger, searchTimeoutMs: 300 });
    fake.fail('search', { hang: true }, 5);
    const started = Date.now();
    await expect(hf.search('linear attention')).rejects.toThrow(/huggingface: timed out after 300 ms/);
    expect(Date.now() - started).toBeLessThan(2000);
    expect(fake.requestsTo('search')).toHaveLength(1);
  });

  it('drops a search its caller cancels at once, not at the end of its timeout', async () => {
    fake = await startFakeHf({ fixtures: false });
    const logger = createLogger('silent');
    const http = createHttpClient({ logger, timeoutMs: 10_000, retries: 3, baseDelayMs: 1 });
    // Without the cancel, this would wait the whole 20 s (longer than the test's own limit).
    const hf = createHfClient({ baseUrl: fake.url, http, logger, searchTimeoutMs: 20_000 });
    fake.fail('search', { hang: true }, 5);
    const stop = new AbortController();
    setTimeout(() => stop.abort(), 50);
    await expect(hf.search('linear attention', stop.signal)).rejects.toThrow(/huggingface: cancelled/);
    expect(fake.requestsTo('search')).toHaveLength(1);
  });

  it('does not start a retry, or wait for one, once the caller has cancelled', async () => {
    fake = await startFakeHf({ fixtures: false, days: { '2026-01-05': [] } });
    const logger = createLogger('silent');
    // A 500 is retried after baseDelayMs (20 s here): the cancel ends that wait.
    const http = createHttpClient({ logger, timeoutMs: 5_000, retries: 3, baseDelayMs: 20_000, maxDelayMs: 20_000 });
    fake.fail('daily_papers', { status: 500 }, 5);
    const stop = new AbortController();
    const pending = http.getJson(`${fake.url}/api/daily_papers?date=2026-01-05`, { service: 'huggingface', signal: stop.signal });
    await expect.poll(() => fake!.requestsTo('daily_papers').length).toBe(1);
    stop.abort();
    await expect(pending).rejects.toThrow(/huggingface: cancelled/);
    expect(fake.requestsTo('daily_papers')).toHaveLength(1);
    await expect(http.getJson(`${fake.url}/api/daily_papers?date=2026-01-05`, { signal: stop.signal })).rejects.toThrow(/cancelled/);
    expect(fake.requestsTo('daily_papers')).toHaveLength(1);
  });

  it('still retries the daily listing with the client settings', async () => {
    fake = await startFakeHf({ fixtures: false, days: { '2026-01-05': [{ paper: { id: '2601.00001', title: 'T' } }] } });
    const logger = createLogger('silent');
    const http = createHttpClient({ logger, timeoutMs: 300, retries: 2, baseDelayMs: 1 });
    const hf = createHfClient({ baseUrl: fake.url, http, logger, searchTimeoutMs: 100 });
    fake.fail('daily_papers', { hang: true }, 2);
    expect((await hf.dailyPapers('2026-01-05')).map((p) => p.id)).toEqual(['2601.00001']);
    expect(fake.requestsTo('daily_papers')).toHaveLength(3);
  });
});
