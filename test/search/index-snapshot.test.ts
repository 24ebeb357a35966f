// Start-up from a snapshot: the same answers as a full rebuild, papers changed or added since indexed again, bad files never used.
import { mkdtempSync, readdirSync, readFileSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { silentLogger } from '../../src/logger.ts';
import { parsePaperRef } from '../../src/papers/arxiv-id.ts';
import { Corpus } from '../../src/rank/corpus.ts';
import { memoryPaperStore } from '../../src/rank/evaluate.ts';
import { createRanking } from '../../src/rank/ranking.ts';
import { BinaryWriter } from '../../src/search/binary-codec.ts';
import { createSearchService } from '../../src/search/search-service.ts';
import type { PaperStore } from '../../src/store/stores.ts';
import type { Paper } from '../../src/papers/paper.ts';
import { fixturePapers, paper } from './helpers.ts';

const dir = mkdtempSync(path.join(os.tmpdir(), 'paperboy-snapshot-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
let files = 0;
const newFile = (): string => path.join(dir, `index-${files++}.snapshot`);

const saves = { byChannel: async () => [], byUser: async () => [], add: async () => true, remove: async () => true };
function service(papers: PaperStore, snapshotFile?: string, corpus?: Corpus) {
  const ranking = createRanking({ stores: { papers, saves }, logger: silentLogger(), clock: { now: () => new Date('2025-11-20T00:00:00Z') } });
  const search = createSearchService({ papers, lookup: async () => undefined, logger: silentLogger(), parseRef: parsePaperRef, snapshotFile, ...(corpus ? { corpus } : { ranking }) });
  return { search, corpus: corpus ?? ranking.corpus };
}

const QUERIES = ['linear attention', 'brain imaging', 'mechanistic interpretability', 'diffusion', 'reasoning benchmark', 'atention', 'interp', 'zyxwordle', 'Ada Quillfeather'];
const answers = async (s: ReturnType<typeof service>['search']) =>
  Promise.all(QUERIES.map(async (q) => (await s.search(q, { limit: 10 })).map((h) => `${h.paper.id} ${h.score.toFixed(6)} ${h.why}`)));
const corpusBytes = (c: Corpus): Buffer => {
  const w = new BinaryWriter();
  c.writeTo(w);
  return w.bytes();
};

/** A store of `papers`, a service built from it, and the snapshot that service saved. */
async function snapshotted(papers: Paper[]) {
  const store = memoryPaperStore(papers);
  const file = newFile();
  const cold = service(store, file);
  await cold.search.startUp();
  await cold.search.saveSnapshot();
  return { store, file, cold };
}

describe('search index snapshot', () => {
  const papers = fixturePapers();

  it('starts up from a snapshot with the same corpus and the same answers as a full rebuild', async () => {
    const store = memoryPaperStore(papers);
    const file = newFile();
    const cold = service(store, file);
    expect((await cold.search.startUp()).from).toBe('store');
    expect((await cold.search.saveSnapshot())!.bytes).toBeGreaterThan(0);

    const warm = service(store, file);
    const r = await warm.search.startUp();
    expect(r).toMatchObject({ from: 'snapshot', changed: 0, count: papers.length });
    expect(corpusBytes(warm.corpus).equals(corpusBytes(cold.corpus))).toBe(true);
    expect(await answers(warm.search)).toEqual(await answers(cold.search));
  });

  it('indexes again the papers changed or added since the snapshot, and those stored while it loads', async () => {
    const { store, file } = await snapshotted(papers);

    const changed = { ...papers[0]!, title: `${papers[0]!.title} zyxwordle` };
    const renamed = { ...papers[1]!, authors: ['Ada Quillfeather'] };
    const added = paper('2511.99999', 'Zyxwordle scaling of linear attention', 'We study linear attention at scale.');
    await store.putMany([changed, renamed, added]);
    // What a running process holds: built before the changes, then told of them (as the app does: index and ranking corpus).
    const liveStore = memoryPaperStore(papers);
    const live = service(liveStore, undefined);
    await live.search.startUp();
    await liveStore.putMany([changed, renamed, added]);
    live.search.index([changed, renamed, added]);
    live.corpus.add([changed, renamed, added]);

    const warm = service(store, file);
    const r = await warm.search.startUp();
    expect(r).toMatchObject({ from: 'snapshot', changed: 3, count: papers.length + 1 });
    expect(await answers(warm.search)).toEqual(await answers(live.search));
    expect((await warm.search.search('zyxwordle')).map((h) => h.paper.id)).toEqual(expect.arrayContaining([changed.id, added.id]));
    expect((await warm.search.search('Ada Quillfeather'))[0]!.paper.id).toBe(renamed.id);

    // A paper stored while the snapshot loads is indexed too.
    const late = paper('2511.88888', 'Quokkaformer: attention for marsupials');
    const racing = service(store, file);
    const started = racing.search.startUp();
    racing.search.index([late]);
    await store.putMany([late]);
    expect((await started).from).toBe('snapshot');
    expect((await racing.search.search('quokkaformer')).map((h) => h.paper.id)).toEqual([late.id]);
  });

  it('rebuilds from the store when the snapshot is missing, corrupt, cut short, of another version or of another store', async () => {
    const { store, file, cold } = await snapshotted(papers);
    const good = readFileSync(file);
    const expected = await answers(cold.search);
    const startWith = async (bytes: Buffer | undefined, s = service(store, file)) => {
      if (bytes) writeFileSync(file, bytes);
      else rmSync(file, { force: true });
      const r = await s.search.startUp();
      expect(r.from).toBe('store');
      expect(s.search.size).toBe(papers.length);
      expect(await answers(s.search)).toEqual(expected);
      return r.from === 'store' ? r.snapshot?.miss : undefined;
    };
    const flipped = Buffer.from(good);
    flipped[flipped.length - 1000]! ^= 0xff;
    expect(await startWith(flipped)).toBe('corrupt');
    expect(await startWith(good.subarray(0, good.length - 10))).toBe('corrupt');
    expect(await startWith(Buffer.from('not a snapshot\n'))).toBe('corrupt');
    expect(await startWith(undefined)).toBe('missing');
    // Another version: the corpus weighs fields differently.
    writeFileSync(file, good);
    const other = service(store, file, new Corpus({ title: 2, keywords: 2, summary: 1, aiSummary: 1 }));
    expect((await other.search.startUp()) as unknown).toMatchObject({ from: 'store', snapshot: { miss: 'other version' } });
    // Another store: the snapshot holds papers this store lacks.
    const fewer = memoryPaperStore(papers.slice(1));
    const s = service(fewer, file);
    expect(await s.search.startUp()).toMatchObject({ from: 'store', count: papers.length - 1, snapshot: { miss: 'other papers' } });
    expect(s.search.corpus.has(papers[0]!.id)).toBe(false);
  });

  it('writes atomically: concurrent writers leave one complete snapshot and no temporary files', async () => {
    const store = memoryPaperStore(papers);
    const file = newFile();
    const writers = [service(store, file), service(store, file)];
    for (const w of writers) await w.search.startUp();
    await Promise.all(writers.map((w) => w.search.saveSnapshot()));
    const warm = service(store, file);
    expect((await warm.search.startUp()).from).toBe('snapshot');
    expect(readFileSync(file).length).toBeGreaterThan(0);
    expect(readdirSync(dir).filter((f) => f.endsWith('.tmp'))).toEqual([]);
  });

  it('removes what a writer killed mid-write left behind, and leaves a running writer’s file alone', async () => {
    const store = memoryPaperStore(papers);
    const file = newFile();
    // No process has pid 2^22 + 1 (Linux's pid_max at most 2^22); this test's own process is running.
    const dead = `${file}.${2 ** 22 + 1}.0badc0de.tmp`;
    const running = `${file}.${process.ppid}.00c0ffee.tmp`;
    // Of a process this one cannot see (another container's), written a minute ago: perhaps still being written.
    const recent = `${file}.${2 ** 22 + 2}.feedbeef.tmp`;
    writeFileSync(dead, 'half a snapshot');
    writeFileSync(running, 'being written');
    writeFileSync(recent, 'being written elsewhere');
    const hourAgo = new Date(Date.now() - 3_600_000);
    utimesSync(dead, hourAgo, hourAgo);
    utimesSync(running, hourAgo, hourAgo);
    const minuteAgo = new Date(Date.now() - 60_000);
    utimesSync(recent, minuteAgo, minuteAgo);
    const writer = service(store, file);
    await writer.search.startUp();
    await writer.search.saveSnapshot();
    const left = readdirSync(dir).filter((f) => f.startsWith(path.basename(file)));
    expect(left.sort()).toEqual([path.basename(file), path.basename(running), path.basename(recent)].sort());
  });
});

