// The Hugging Face client against the fake Hugging Face server: paging, validation, dedupe, faults.
import { afterEach, describe, expect, it } from 'vitest';
import { createHfClient, type HfClientOptions } from '../../src/papers/hf-client.ts';
import { createHttpClient } from '../../src/papers/http.ts';
import { createLogger } from '../../src/logger.ts';
import { RateLimitError, UpstreamError, UserInputError } from '../../src/errors.ts';
import { startFakeHf, type FakeHf, type FakeHfOptions } from '../fakes/hf-server.ts';
import { fixtureDays, hostileEntries, loadDay, syntheticEntries } from '../fakes/fixtures.ts';

type LogLine = { level: number; msg: string; [key: string]: unknown };
let fake: FakeHf;
let logs: LogLine[];

async function setup(fakeOpts: FakeHfOptions = {}, clientOpts: Partial<HfClientOptions> = {}) {
  fake = await startFakeHf(fakeOpts);
  logs = [];
  const logger = createLogger('warn', { write: (line: string) => void logs.push(JSON.parse(line) as LogLine) });
  const http = createHttpClient({ logger, timeoutMs: 2000, retries: 2, baseDelayMs: 1, maxDelayMs: 5 });
  return createHfClient({ baseUrl: `${fake.url}/`, http, logger, ...clientOpts });
}

afterEach(async () => {
  await fake?.close();
});

const warnings = () => logs.filter((l) => l.level === 40);

describe('dailyPapers', () => {
  it('returns each recorded day in listing order', async () => {
    const hf = await setup();
    for (const day of fixtureDays()) {
      const raw = loadDay(day);
      const papers = await hf.dailyPapers(day);
      expect(papers.map((p) => p.id)).toEqual([...new Set(raw.map((e) => e.paper.id))]);
      expect(papers.every((p) => p.listedOn.includes(day))).toBe(true);
    }
    const first = fake.requestsTo('daily_papers')[0]!;
    expect(first.query).toEqual({ date: fixtureDays()[0], limit: '50', p: '0' });
    expect(warnings()).toEqual([]);
  });

  it('pages past 50 until a short page', async () => {
    const hf = await setup({ fixtures: false, days: { '2026-01-05': syntheticEntries(137) } });
    const papers = await hf.dailyPapers('2026-01-05');
    expect(papers).toHaveLength(137);
    expect(new Set(papers.map((p) => p.id)).size).toBe(137);
    expect(fake.requestsTo('daily_papers').map((r) => r.query.p)).toEqual(['0', '1', '2']);
  });

  it('asks for one more page after an exactly full one, and honours pageSize', async () => {
    const hf = await setup({ fixtures: false, days: { '2026-01-05': syntheticEntries(40) } }, { pageSize: 20 });
    expect(await hf.dailyPapers('2026-01-05')).toHaveLength(40);
    expect(fake.requestsTo('daily_papers').map((r) => [r.query.limit, r.query.p])).toEqual([['20', '0'], ['20', '1'], ['20', '2']]);
  });

  it('merges duplicate ids (versions included) across pages', async () => {
    const entries = syntheticEntries(60);
    const dup = structuredClone(entries[3]!);
    dup.paper.id = `${dup.paper.id}v2`;
    dup.paper.upvotes = 9999;
    entries.push(dup, structuredClone(entries[0]!));
    const hf = await setup({ fixtures: false, days: { '2026-01-05': entries } });
    const papers = await hf.dailyPapers('2026-01-05');
    expect(papers).toHaveLength(60);
    expect(papers[3]!.upvotes).toBe(9999);
    expect(papers.map((p) => p.id)).toEqual(entries.slice(0, 60).map((e) => e.paper.id));
  });

  it('drops invalid entries with a warning naming each, keeps the rest', async () => {
    const { entries, validIds, invalidCount } = hostileEntries();
    const hf = await setup({ fixtures: false, days: { '2026-01-06': entries } });
    const papers = await hf.dailyPapers('2026-01-06');
    expect(papers.map((p) => p.id)).toEqual(validIds);
    const dropped = warnings().filter((l) => l.msg === 'dropping invalid paper entry');
    expect(dropped).toHaveLength(invalidCount);
    expect(dropped.every((l) => typeof l.index === 'number' && typeof l.problem === 'string')).toBe(true);
    expect(dropped.find((l) => l.id === '2501.00010')?.problem).toMatch(/title/);
    expect(dropped[0]!.index).toBe(1);
  });

  it('stops when the server ignores `p` and repeats the first page', async () => {
    const hf = await setup({ fixtures: false, ignorePaging: true, days: { '2026-01-07': syntheticEntries(120) } });
    const papers = await hf.dailyPapers('2026-01-07');
    expect(papers).toHaveLength(50);
    expect(fake.requestsTo('daily_papers')).toHaveLength(2);
    expect(warnings().some((l) => /no new papers/.test(l.msg))).toBe(true);
  });

  it('caps the number of pages', async () => {
    const hf = await setup({ fixtures: false, days: { '2026-01-08': syntheticEntries(500) } }, { maxPages: 3 });
    expect(await hf.dailyPapers('2026-01-08')).toHaveLength(150);
    expect(fake.requestsTo('daily_papers')).toHaveLength(3);
    expect(warnings().some((l) => /page cap/.test(l.msg))).toBe(true);
  });

  it('returns nothing for a day without a listing', async () => {
    const hf = await setup();
    expect(await hf.dailyPapers('2020-01-01')).toEqual([]);
  });

  it('rejects a malformed date before any request', async () => {
    const hf = await setup();
    await expect(hf.dailyPapers('yesterday')).rejects.toBeInstanceOf(UserInputError);
    await expect(hf.dailyPapers('2026-13-45')).rejects.toBeInstanceOf(UserInputError);
    expect(fake.requests).toHaveLength(0);
  });

  it('survives a 429 with Retry-After and 500s in the middle of paging', async () => {
    const hf = await setup({ fixtures: false, days: { '2026-01-05': syntheticEntries(75) } });
    fake.fail('daily_papers', { status: 429, retryAfter: 0 });
    fake.fail('daily_papers', { status: 502 });
    expect(await hf.dailyPapers('2026-01-05')).toHaveLength(75);
    expect(fake.requestsTo('daily_papers').map((r) => r.query.p)).toEqual(['0', '0', '0', '1']);
  });

  it('ends in typed errors when the server keeps failing', async () => {
    const hf = await setup();
    fake.fail('daily_papers', { status: 500 }, 3);
    const err = await hf.dailyPapers('2025-10-23').catch((e: unknown) => e);
    expect(err).toBeInstanceOf(UpstreamError);
    expect((err as UpstreamError).status).toBe(500);
    expect((err as UpstreamError).service).toBe('huggingface');
    fake.fail('daily_papers', { status: 429, retryAfter: 0 }, 3);
    await expect(hf.dailyPapers('2025-10-23')).rejects.toBeInstanceOf(RateLimitError);
  });

  it.each([
    ['an object body', { body: { error: 'Invalid date' } }, /expected a JSON array, got an object/],
    ['a null body', { body: 'null' }, /got null/],
    ['truncated JSON', { truncate: true }, /invalid JSON/],
    ['an HTML page', { body: '<html>oops</html>', contentType: 'text/html' }, /invalid JSON/],
    ['a 10 MB body', { hugeBytes: 10 * 1024 * 1024 }, /larger than/],
  ])('rejects %s with an UpstreamError', async (_name, fault, message) => {
    const hf = await setup();
    fake.fail('daily_papers', fault);
    const err = await hf.dailyPapers('2025-10-23').catch((e: unknown) => e);
    expect(err).toBeInstanceOf(UpstreamError);
    expect((err as Error).message).toMatch(message);
  });

  it('times out a hanging listing', async () => {
    fake = await startFakeHf();
    const logger = createLogger('silent');
    const http = createHttpClient({ logger, timeoutMs: 100, retries: 1, baseDelayMs: 1 });
    const hf = createHfClient({ baseUrl: fake.url, http, logger });
    fake.fail('daily_papers', { hang: true }, 2);
    await expect(hf.dailyPapers('2025-10-23')).rejects.toThrow(/timed out/);
  });
});

describe('paper', () => {
  it('fetches a paper by id', async () => {
    const hf = await setup();
    const raw = loadDay('2025-10-23')[0]!.paper;
    const paper = await hf.paper(raw.id);
    expect(paper).toMatchObject({ id: raw.id, title: raw.title, upvotes: raw.upvotes, source: 'hf', listedOn: [] });
    expect(fake.requestsTo('paper')[0]!.path).toBe(`/api/papers/${raw.id}`);
  });

  it('returns undefined on 404', async () => {
    const hf = await setup();
    expect(await hf.paper('2406.00000')).toBeUndefined();
    // An old-style id has no Hugging Face page: not asked for.
    expect(await hf.paper('hep-th/9901001')).toBeUndefined();
    expect(fake.requestsTo('paper').map((r) => r.path)).toEqual(['/api/papers/2406.00000']);
  });

  it('reads ai fields and upvotes of the /api/papers shape', async () => {
    const hf = await setup({ fixtures: false });
    fake.setPaper('2406.22222', { id: '2406.22222', title: 'X', upvotes: 12, ai_keywords: ['pruning'], ai_summary: 'Short.', githubRepo: 'https://github.com/x/y' });
    expect(await hf.paper('2406.22222')).toMatchObject({ upvotes: 12, keywords: ['pruning'], aiSummary: 'Short.', githubRepo: 'https://github.com/x/y' });
  });

  it('turns an unusable body into an UpstreamError', async () => {
    const hf = await setup();
    fake.fail('paper', { body: { error: 'weird' } });
    await expect(hf.paper('2406.95972')).rejects.toThrow(UpstreamError);
  });
});

describe('search', () => {
  it('accepts daily-style results', async () => {
    const hf = await setup();
    const results = await hf.search('linear mode connectivity');
    expect(results.map((p) => p.id)).toContain('2406.95972');
    expect(fake.requestsTo('search')[0]!.query.q).toBe('linear mode connectivity');
  });

  it('accepts bare-paper results and drops junk among them', async () => {
    const hf = await setup({ searchStyle: 'bare' });
    fake.fail('search', { body: [{ id: '2406.00001', title: 'Bare one' }, { paper: { id: '2406.00002', title: 'Daily one' } }, 17, { id: 'x' }] });
    expect((await hf.search('anything')).map((p) => p.id)).toEqual(['2406.00001', '2406.00002']);
    expect(warnings()).toHaveLength(2);
    expect((await hf.search('linear mode connectivity')).map((p) => p.id)).toContain('2406.95972');
  });

  it('cuts a long query at 200 characters without halving an emoji (that failed before any request)', async () => {
    const hf = await setup();
    await hf.search(`diffusion ${'a'.repeat(189)}😀 tail`);
    expect(fake.requestsTo('search')[0]!.query.q).toBe(`diffusion ${'a'.repeat(189)}`);
  });

  it('sends no request for an empty query and rejects a non-array body', async () => {
    const hf = await setup();
    expect(await hf.search('   ')).toEqual([]);
    expect(fake.requests).toHaveLength(0);
    fake.fail('search', { body: { papers: [] } });
    await expect(hf.search('x')).rejects.toThrow(/expected a JSON array/);
  });
});

describe('paper ids', () => {
  it('never builds a path from text that is no paper id', async () => {
    const hf = await setup();
    expect(await hf.paper('../../api/daily_papers')).toBeUndefined();
    expect((await hf.paper('https://arxiv.org/abs/2406.95972v2'))?.id).toBe('2406.95972');
    expect(fake.requestsTo('paper').map((r) => r.path)).toEqual(['/api/papers/2406.95972']);
    expect(fake.requestsTo('daily_papers')).toHaveLength(0);
  });
});
