// A bulk rebuild with a worker thread vectorising papers: the same corpus and answers as one thread; a failing worker costs only speed.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, describe, expect, it, vi } from 'vitest';
import { createLogger, silentLogger, type Logger } from '../../src/logger.ts';
import { parsePaperRef } from '../../src/papers/arxiv-id.ts';
import type { Paper } from '../../src/papers/paper.ts';
import type { Corpus } from '../../src/rank/corpus.ts';
import { memoryPaperStore } from '../../src/rank/evaluate.ts';
import { MemoryBackend } from '../../src/store/memory-backend.ts';
import { storesOn } from '../../src/store/open-stores.ts';
import type { PaperStore } from '../../src/store/stores.ts';
import { createRanking } from '../../src/rank/ranking.ts';
import { BinaryWriter } from '../../src/search/binary-codec.ts';
import { createSearchService } from '../../src/search/search-service.ts';
import { fixturePapers, paper } from './helpers.ts';

const dir = mkdtempSync(path.join(os.tmpdir(), 'paperboy-rebuild-worker-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const saves = { byChannel: async () => [], byUser: async () => [], add: async () => true, remove: async () => true };
/** Papers in a store: held as objects (the rebuild reads papers), or stored as rows (the rebuild hands rows to its worker unparsed). */
type Kind = 'papers' | 'rows';
/** The store's raw rows, by key, for the `rows` kind (tests put bad rows in). */
let rawRows = new Map<string, string>();
async function storeOf(papers: Paper[], kind: Kind): Promise<PaperStore> {
  if (kind === 'papers') return memoryPaperStore(papers);
  rawRows = new Map();
  const store = storesOn(new MemoryBackend(silentLogger(), rawRows), silentLogger()).papers;
  await store.putMany(papers);
  expect(store.rows).toBeTypeOf('function');
  return store;
}
async function serviceOf(papers: Paper[], rebuildWorker: { after?: number; url?: URL; waitForWorker?: boolean }, logger: Logger = silentLogger(), kind: Kind = 'papers') {
  const store = await storeOf(papers, kind);
  const ranking = createRanking({ stores: { papers: store, saves }, logger, clock: { now: () => new Date('2025-11-20T00:00:00Z') } });
  const search = createSearchService({ papers: store, lookup: async () => undefined, logger, parseRef: parsePaperRef, ranking, rebuildWorker });
  return { search, corpus: ranking.corpus, store };
}
const corpusBytes = (c: Corpus): Buffer => {
  const w = new BinaryWriter();
  c.writeTo(w);
  return w.bytes();
};
const QUERIES = ['linear attention', 'brain imaging', 'mechanistic interpretability', 'atention', 'interp', 'Ada Quillfeather'];
const answers = async (s: Awaited<ReturnType<typeof serviceOf>>['search']) => Promise.all(QUERIES.map(async (q) => (await s.search(q, { limit: 10 })).map((h) => `${h.paper.id} ${h.score.toFixed(6)}`)));

// Enough papers for several batches of 1,000: the fixtures, then copies under other ids with words of their own.
const many = (count = 2600): Paper[] => {
  const base = [...fixturePapers(), paper('2511.77777', 'Naïve Bayes für Übersetzung', 'Représentation of GPT-4 outputs, ×3.', { authors: ['Ada Quillfeather'] })];
  const out: Paper[] = [];
  for (let i = 0; out.length < count; i++) {
    const p = base[i % base.length]!;
    out.push({ ...p, id: `${2000 + Math.floor(i / 10_000)}.${String(i % 10_000).padStart(5, '0')}`, summary: `${p.summary} Variant${i % 97} quux${i % 13}.` });
  }
  return out;
};

describe.each<Kind>(['papers', 'rows'])('rebuild with a worker thread, from %s', (kind) => {
  const papers = many();
  const service = (papers: Paper[], rebuildWorker: Parameters<typeof serviceOf>[1], logger?: Logger) => serviceOf(papers, rebuildWorker, logger, kind);

  it('builds the same corpus and gives the same answers as a rebuild on one thread', async () => {
    const logs: unknown[] = [];
    const one = await service(papers, { after: Infinity });
    // The first batch vectorised on this thread (the worker starts past 1,000 papers), the other two in the worker.
    const two = await service(papers, { after: 1000, waitForWorker: true }, createLogger('warn', { write: (line: string) => void logs.push(JSON.parse(line)) }));
    expect(await one.search.rebuildAll()).toMatchObject({ count: papers.length });
    expect(await two.search.rebuildAll()).toMatchObject({ count: papers.length });
    expect(corpusBytes(two.corpus).equals(corpusBytes(one.corpus))).toBe(true);
    expect(await answers(two.search)).toEqual(await answers(one.search));
    expect((await two.search.search('quux7 variant20', { limit: 3 })).length).toBeGreaterThan(0);
    expect(logs).toEqual([]); // the worker did the work: it warns when it cannot
  });

  it('comes out the same whether or not the store tells how many papers are coming', async () => {
    const counted = await service(papers, { after: 1000, waitForWorker: true });
    const uncounted = await service(papers, { after: 1000, waitForWorker: true });
    expect(await counted.store.count?.()).toBe(papers.length);
    const count = vi.spyOn(counted.store as Required<PaperStore>, 'count');
    // Counted, the load also puts its postings in place as it passes a quarter, half and three quarters of them (at most once a batch).
    const pack = vi.spyOn(counted.corpus, 'packPostings');
    uncounted.store.count = undefined;
    await counted.search.rebuildAll();
    await uncounted.search.rebuildAll();
    expect(count).toHaveBeenCalledTimes(1);
    expect(pack).toHaveBeenCalledTimes(2);
    expect(corpusBytes(counted.corpus).equals(corpusBytes(uncounted.corpus))).toBe(true);
    expect(await answers(counted.search)).toEqual(await answers(uncounted.search));
  });

  it('starts the worker at once for a store it knows is large, and leaves it every batch (none read cold on this thread)', async () => {
    const s = await service(papers, {});
    const add = vi.spyOn(s.corpus, 'add');
    const addVectors = vi.spyOn(s.corpus, 'addVectors');
    expect(await s.search.rebuildAll()).toMatchObject({ count: papers.length });
    // Counted (2,600 papers, past the 1,000 a worker is worth): its first batch waited the 0.1 s it takes to load.
    expect(add).not.toHaveBeenCalled();
    expect(addVectors).toHaveBeenCalledTimes(3);
    // Not counted: the first 1,000 papers are read on this thread before a worker is worth starting.
    const uncounted = await service(papers, {});
    uncounted.store.count = undefined;
    const addHere = vi.spyOn(uncounted.corpus, 'add');
    await uncounted.search.rebuildAll();
    expect(addHere).toHaveBeenCalled();
  });

  it('comes out the same when the worker vectorises every batch', async () => {
    const lots = many(8200); // 9 batches, all sent to the worker
    const one = await service(lots, { after: Infinity });
    const two = await service(lots, { after: 0, waitForWorker: true });
    await one.search.rebuildAll();
    await two.search.rebuildAll();
    expect(two.corpus.size).toBe(lots.length);
    expect(corpusBytes(two.corpus).equals(corpusBytes(one.corpus))).toBe(true);
  });

  it('goes on without a worker that cannot load, with a warning, and loses nothing', async () => {
    const broken = path.join(dir, 'broken-worker.mjs');
    writeFileSync(broken, "throw new Error('no worker today');\n");
    const logs: { msg: string; err?: string }[] = [];
    const logger = createLogger('warn', { write: (line: string) => void logs.push(JSON.parse(line)) });
    // Waiting for it: a rebuild this small would otherwise be over before the worker's failure is known (and go unwarned).
    const s = await service(papers, { after: 0, url: pathToFileURL(broken), waitForWorker: true }, logger);
    expect(await s.search.rebuildAll()).toMatchObject({ count: papers.length });
    const one = await service(papers, { after: Infinity });
    await one.search.rebuildAll();
    expect(corpusBytes(s.corpus).equals(corpusBytes(one.corpus))).toBe(true);
    expect(logs).toEqual([expect.objectContaining({ msg: 'the rest of the index rebuild runs on the main thread', err: expect.stringContaining('no worker today') })]);
  });

  it('goes on without a worker that Node refuses to start, with a warning, and crashes nothing', async () => {
    const logs: { msg: string; err?: string }[] = [];
    // Workers load only file: and data: URLs: Node throws when the worker is made.
    const s = await service(papers, { after: 0, url: new URL('http://127.0.0.1:9/worker.mjs'), waitForWorker: true }, createLogger('warn', { write: (line: string) => void logs.push(JSON.parse(line)) }));
    expect(await s.search.rebuildAll()).toMatchObject({ count: papers.length });
    const one = await service(papers, { after: Infinity });
    await one.search.rebuildAll();
    expect(corpusBytes(s.corpus).equals(corpusBytes(one.corpus))).toBe(true);
    expect(logs).toEqual([expect.objectContaining({ msg: 'the rest of the index rebuild runs on the main thread', err: expect.stringContaining('could not start') })]);
  });

  it('does not wait for a worker slow to start: this thread adds the batches meanwhile', async () => {
    const slow = path.join(dir, 'slow-worker.mjs');
    const real = new URL('../../src/rank/vectorize-worker.js', import.meta.url).href;
    // It loads only after ten minutes: a rebuild that waited for it would outlast the test's time limit.
    writeFileSync(slow, `await new Promise((resolve) => setTimeout(resolve, 600_000));\nawait import(${JSON.stringify(real)});\n`);
    const logs: unknown[] = [];
    const s = await service(papers, { after: 0, url: pathToFileURL(slow) }, createLogger('warn', { write: (line: string) => void logs.push(JSON.parse(line)) }));
    expect(await s.search.rebuildAll()).toMatchObject({ count: papers.length });
    const one = await service(papers, { after: Infinity });
    await one.search.rebuildAll();
    expect(corpusBytes(s.corpus).equals(corpusBytes(one.corpus))).toBe(true);
    expect(logs).toEqual([]);
  });

  it('keeps papers indexed while it runs', async () => {
    const s = await service(papers, { after: 0, waitForWorker: true });
    const late = paper('2511.88888', 'Quokkaformer: attention for marsupials');
    const done = s.search.rebuildAll();
    // As the app does with papers it stores: index them, add them to the ranking's corpus, store them.
    s.search.index([late]);
    s.corpus.add([late]);
    await s.store.putMany([late]);
    await done;
    expect((await s.search.search('quokkaformer')).map((h) => h.paper.id)).toEqual([late.id]);
    expect(s.corpus.size).toBe(papers.length + 1);
  });
});

describe('rebuild from stored rows', () => {
  it('skips rows that hold no paper, naming each, whichever thread reads them, and builds what a store of the good papers gives', async () => {
    const papers = many();
    const reference = await serviceOf(papers, { after: Infinity }, silentLogger(), 'papers');
    await reference.search.rebuildAll();
    // Taken before searching: a search teaches the corpus the stems of words it has not seen.
    const expected = { corpus: corpusBytes(reference.corpus), answers: await answers(reference.search) };
    const bad: [string, string][] = [
      ['papers:2511.99990', JSON.stringify({ value: { id: '2511.99990', title: 7 }, expires: null })],
      ['papers:2511.99991', 'not json {'],
      ['papers:2511.99992', JSON.stringify({ value: papers[0], expires: Date.now() - 1000 })], // expired: skipped without a word
      // Valid JSON, paper-shaped, but a number for a name and null for a keyword: it stopped the rebuild (and start-up).
      ['papers:2511.99993', JSON.stringify({ value: { ...papers[1], id: '2511.99993', authors: [42], keywords: [null] }, expires: null })],
    ];
    // Every row read on this thread (no worker), then every row read by the worker.
    for (const after of [Infinity, 0]) {
      const logs: { msg: string; key?: string }[] = [];
      const s = await serviceOf(papers, { after, waitForWorker: true }, createLogger('warn', { write: (line: string) => void logs.push(JSON.parse(line)) }), 'rows');
      // The bad rows among the good, in two batches (a thousand rows each).
      const rows = [...rawRows];
      rawRows.clear();
      rows.forEach(([key, text], i) => {
        if (i === 5) rawRows.set(...bad[0]!);
        if (i === 1500) for (const b of bad.slice(1)) rawRows.set(...b);
        rawRows.set(key, text);
      });
      expect(await s.search.rebuildAll()).toMatchObject({ count: papers.length });
      expect(corpusBytes(s.corpus).equals(expected.corpus)).toBe(true);
      expect(logs).toEqual([
        expect.objectContaining({ msg: 'store: malformed paper skipped', key: 'papers:2511.99990' }),
        expect.objectContaining({ msg: 'store: unreadable value skipped', key: 'papers:2511.99991' }),
        expect.objectContaining({ msg: 'store: malformed paper skipped', key: 'papers:2511.99993' }),
      ]);
      expect(await answers(s.search)).toEqual(expected.answers);
    }
  });

  it('reads again from the store, on this thread, the papers of rows it had sent to a worker that then stopped, warning once', async () => {
    const papers = many(5200); // six batches: the worker answers the first, stops on the second
    const reference = await serviceOf(papers, { after: Infinity }, silentLogger(), 'papers');
    await reference.search.rebuildAll();
    const dying = path.join(dir, 'dying-worker.mjs');
    const real = new URL('../../src/rank/vectorize-worker.js', import.meta.url).href;
    writeFileSync(dying, `import { parentPort } from 'node:worker_threads';\nlet n = 0;\nparentPort.on('message', (m) => { if (m.rows && ++n === 2) process.exit(3); });\nawait import(${JSON.stringify(real)});\n`);
    const logs: { msg: string; err?: string; key?: string }[] = [];
    const s = await serviceOf(papers, { after: 0, url: pathToFileURL(dying), waitForWorker: true }, createLogger('warn', { write: (line: string) => void logs.push(JSON.parse(line)) }), 'rows');
    rawRows.set('papers:2511.99991', 'not json {'); // in the last batch, read here
    expect(await s.search.rebuildAll()).toMatchObject({ count: papers.length });
    expect(corpusBytes(s.corpus).equals(corpusBytes(reference.corpus))).toBe(true);
    expect(logs).toEqual([
      expect.objectContaining({ msg: 'the rest of the index rebuild runs on the main thread', err: expect.stringContaining('exit code 3') }),
      expect.objectContaining({ msg: 'store: unreadable value skipped', key: 'papers:2511.99991' }),
    ]);
  });
});
