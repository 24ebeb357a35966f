// The arXiv client against the fake arXiv server: Atom parsing, missing papers, error entries, pacing.
import { afterEach, describe, expect, it } from 'vitest';
import { createArxivClient, createPacer, parseArxivFeed, type ArxivClientOptions } from '../../src/papers/arxiv-client.ts';
import { createHttpClient } from '../../src/papers/http.ts';
import { silentLogger } from '../../src/logger.ts';
import { UpstreamError } from '../../src/errors.ts';
import { atomFeed, startFakeArxiv, type ArxivPaper, type FakeArxiv } from '../fakes/arxiv-server.ts';
import { HOSTILE_TEXT } from '../fakes/fixtures.ts';

const LONG_TITLE = 'Attention Is All You Need, Again: A Very Long Title That arXiv Will Certainly Wrap Over Lines';
const papers: ArxivPaper[] = [
  { id: '2406.12345', version: 3, title: LONG_TITLE, summary: 'We study things. '.repeat(20).trim(), authors: ['Ada Lovelace', 'Alan Turing'], published: '2024-06-17T17:59:58Z' },
  { id: 'hep-th/9901001', title: 'An old paper', summary: 'Strings.', authors: ['Old Author'], published: '1999-01-04T00:00:00Z' },
  { id: '2501.00042', title: HOSTILE_TEXT.userMention, summary: HOSTILE_TEXT.html, authors: ['<@U999>'] },
];

let fake: FakeArxiv;
afterEach(async () => {
  await fake?.close();
});

async function setup(opts: Partial<ArxivClientOptions> = {}) {
  fake = await startFakeArxiv({ papers });
  const logger = silentLogger();
  const http = createHttpClient({ logger, timeoutMs: 2000, retries: 2, baseDelayMs: 1, maxDelayMs: 5 });
  return createArxivClient({ baseUrl: fake.url, http, logger, minIntervalMs: 0, pacer: createPacer(), ...opts });
}

describe('arXiv paper lookup', () => {
  it('parses an Atom entry into a Paper', async () => {
    const arxiv = await setup();
    const paper = await arxiv.paper('2406.12345');
    expect(paper).toMatchObject({
      id: '2406.12345',
      title: LONG_TITLE,
      summary: papers[0]!.summary,
      authors: ['Ada Lovelace', 'Alan Turing'],
      publishedAt: '2024-06-17T17:59:58.000Z',
      upvotes: 0,
      keywords: [],
      listedOn: [],
      source: 'arxiv',
    });
    expect(fake.requestsTo('query')[0]!.query).toEqual({ id_list: '2406.12345' });
  });

  it('accepts versions and old-style ids', async () => {
    const arxiv = await setup();
    expect((await arxiv.paper('2406.12345v2'))?.id).toBe('2406.12345');
    expect(await arxiv.paper('hep-th/9901001')).toMatchObject({ id: 'hep-th/9901001', title: 'An old paper' });
    expect(fake.requestsTo('query').map((r) => r.query.id_list)).toEqual(['2406.12345', 'hep-th/9901001']);
  });

  it('decodes entities and leaves hostile text to the renderers, unchanged', async () => {
    const arxiv = await setup();
    const paper = await arxiv.paper('2501.00042');
    expect(paper?.title).toBe(HOSTILE_TEXT.userMention);
    expect(paper?.summary).toBe(HOSTILE_TEXT.html);
    expect(paper?.authors).toEqual(['<@U999>']);
  });

  it('returns undefined for an unknown paper, an error entry, or text that is no id', async () => {
    const arxiv = await setup();
    expect(await arxiv.paper('2406.99999')).toBeUndefined();
    fake.fail('query', { body: atomFeed([{ error: '2406.12345' }]), contentType: 'application/atom+xml' });
    expect(await arxiv.paper('2406.12345')).toBeUndefined();
    expect(await arxiv.paper('not an id')).toBeUndefined();
    expect(fake.requests).toHaveLength(2);
  });

  it('ignores an entry for another paper', async () => {
    const arxiv = await setup();
    fake.fail('query', { body: atomFeed([papers[1]!]) });
    expect(await arxiv.paper('2406.12345')).toBeUndefined();
  });

  it.each([
    ['an HTML page', { body: '<html><body>Service unavailable</body></html>' }],
    ['plain junk', { body: 'this is not xml at all' }],
    ['a truncated feed', { body: atomFeed(papers).slice(0, 400) }],
  ])('turns %s into an UpstreamError or undefined, never a crash', async (_name, fault) => {
    const arxiv = await setup();
    fake.fail('query', fault);
    const outcome = await arxiv.paper('2406.12345').then(
      (p) => p,
      (e: unknown) => e,
    );
    expect(outcome === undefined || outcome instanceof UpstreamError).toBe(true);
  });

  it('retries 503s and ends in an UpstreamError when they persist', async () => {
    const arxiv = await setup();
    fake.fail('query', { status: 503 });
    expect((await arxiv.paper('2406.12345'))?.id).toBe('2406.12345');
    fake.fail('query', { status: 503 }, 3);
    await expect(arxiv.paper('2406.12345')).rejects.toBeInstanceOf(UpstreamError);
    expect(fake.requests).toHaveLength(5);
  });
});

describe('arXiv pacing', () => {
  const gaps = (times: number[]) => times.slice(1).map((t, i) => t - times[i]!);

  it('spaces concurrent requests, in call order', async () => {
    const arxiv = await setup({ minIntervalMs: 150 });
    const ids = ['2406.12345', 'hep-th/9901001', '2501.00042', '2406.99999'];
    const results = await Promise.all(ids.map((id) => arxiv.paper(id)));
    expect(results.map((p) => p?.id)).toEqual(['2406.12345', 'hep-th/9901001', '2501.00042', undefined]);
    const reqs = fake.requestsTo('query');
    expect(reqs.map((r) => r.query.id_list)).toEqual(ids);
    for (const gap of gaps(reqs.map((r) => r.at))) expect(gap).toBeGreaterThanOrEqual(120);
  });

  it('paces retries too', async () => {
    const arxiv = await setup({ minIntervalMs: 150 });
    fake.fail('query', { status: 500 });
    await arxiv.paper('2406.12345');
    const reqs = fake.requestsTo('query');
    expect(reqs).toHaveLength(2);
    expect(reqs[1]!.at - reqs[0]!.at).toBeGreaterThanOrEqual(120);
  });

  it('shares one pacer between clients of the same host by default', async () => {
    fake = await startFakeArxiv({ papers });
    const logger = silentLogger();
    const http = createHttpClient({ logger, retries: 0 });
    const a = createArxivClient({ baseUrl: fake.url, http, logger, minIntervalMs: 150 });
    const b = createArxivClient({ baseUrl: `${fake.url}/`, http, logger, minIntervalMs: 150 });
    await Promise.all([a.paper('2406.12345'), b.paper('2406.12345'), a.paper('2501.00042')]);
    const times = fake.requestsTo('query').map((r) => r.at);
    expect(times).toHaveLength(3);
    for (const gap of gaps(times)) expect(gap).toBeGreaterThanOrEqual(120);
  });
});

describe('parseArxivFeed', () => {
  it('reads a feed without a network', () => {
    expect(parseArxivFeed(atomFeed(papers), 'hep-th/9901001')?.authors).toEqual(['Old Author']);
    expect(parseArxivFeed(atomFeed([]), '2406.12345')).toBeUndefined();
    expect(() => parseArxivFeed('<rss></rss>', '2406.12345')).toThrow(UpstreamError);
  });

  it('decodes numeric character references, and drops what they make that is not text', () => {
    // Written raw: the fake escapes what it is given.
    const feed = atomFeed([{ id: '2406.12345', title: 'TITLE', summary: 'SUMMARY', authors: ['AUTHOR'], published: '2024-06-18T00:00:00Z' }])
      .replace('TITLE', 'Schr&#246;dinger &#x00e9;t&#xE9; &#0;bridges&#xD800;')
      .replace('SUMMARY', 'caf&#233; &amp;nbsp;')
      .replace('AUTHOR', 'Ren&#233;e Ab&#xe9;');
    const p = parseArxivFeed(feed, '2406.12345')!;
    expect(p.title).toBe('Schrödinger été bridges');
    // Decoded once: an escaped entity stays text.
    expect(p.summary).toBe('café &nbsp;');
    expect(p.authors).toEqual(['Renée Abé']);
  });
});
