// Search over 100,000 synthetic papers: index rebuild time from the SQLite store and from memory (median of
// BENCH_REBUILDS runs each, default 3), start-up from a snapshot, resident memory, query latency p50/p99.
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Paper } from '../src/papers/paper.ts';
import type { PaperStore } from '../src/store/stores.ts';
import { silentLogger } from '../src/logger.ts';
import { parsePaperRef } from '../src/papers/arxiv-id.ts';
import { memoryPaperStore } from '../src/rank/evaluate.ts';
import { createRanking } from '../src/rank/ranking.ts';
import { createSearchService } from '../src/search/search-service.ts';
import { openStores } from '../src/store/open-stores.ts';
import { basePapers, personName, syntheticPaper, syntheticStore } from './synthetic-papers.ts';


const COUNT = Number(process.env.BENCH_PAPERS ?? 100_000);
const gc = (globalThis as { gc?: () => void }).gc;
const mb = (n: number): string => `${(n / 2 ** 20).toFixed(0)} MB`;
const pct = (xs: number[], p: number): number => [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor((p / 100) * xs.length))]!;

const saves = { byChannel: async () => [], byUser: async () => [], add: async () => true, remove: async () => true };
const build = (papers: PaperStore, snapshotFile?: string) => {
  const ranking = createRanking({ stores: { papers, saves }, logger: silentLogger(), clock: { now: () => new Date() } });
  const search = createSearchService({ papers, lookup: async () => undefined, logger: silentLogger(), parseRef: parsePaperRef, ranking, snapshotFile });
  return { ranking, search };
};

// 1. Memory and latency, first (so no garbage inflates resident memory): the store makes papers on demand, as a database
//    holds them, so resident memory shows the indexes alone.
/** Part 1, in a function so that its index is collected before the rebuilds (a bot rebuilding holds no other index). */
async function memoryAndLatency() {
  gc?.();
  const rss0 = process.memoryUsage().rss;
  const { search } = build(syntheticStore(COUNT));
  await search.rebuildAll();
  gc?.();
  gc?.();
  // Memory a collection frees goes back to the system over the next moments (V8 frees large buffers on a
  // thread of its own): read at once, and as the bot runs on, a second later.
  const rssAtOnce = process.memoryUsage().rss;
  await new Promise((resolve) => setTimeout(resolve, 1000));
  gc?.();
  const mem = process.memoryUsage();

  // Queries: topics made of title words, the judgment topics, typos, prefixes, author names.
  const words = basePapers.flatMap((p) => p.title.toLowerCase().match(/[a-z]{4,}/g) ?? []);
  const queries: string[] = ['linear attention', 'brain imaging', 'mechanistic interpretability', 'representation learning theory', 'efficient image generation'];
  for (let i = 0; queries.length < 200; i++) {
    const a = words[(i * 7) % words.length]!;
    const b = words[(i * 13 + 5) % words.length]!;
    const kind = i % 5;
    queries.push(kind === 0 ? `${a} ${b}` : kind === 1 ? a.replace(/(.)(.)$/, '$2$1') : kind === 2 ? `${a} ${b.slice(0, 4)}` : kind === 3 ? personName(i * 17) : `${a} ${b} ${words[(i * 3) % words.length]}`);
  }
  const names = new Set(queries.filter((_, i) => i >= 5 && (i - 5) % 5 === 3));
  const times: number[] = [];
  const topicTimes: number[] = [];
  for (const q of queries) await search.search(q); // warm-up
  for (let r = 0; r < 5; r++)
    for (const q of queries) {
      const s = performance.now();
      await search.search(q, { limit: 10 });
      times.push(performance.now() - s);
      if (!names.has(q)) topicTimes.push(times.at(-1)!);
    }
  return { rss0, rssAtOnce, mem, times, topicTimes };
}
const { rss0, rssAtOnce, mem, times, topicTimes } = await memoryAndLatency();

// 2. Rebuild time, as the app starts without a snapshot: full-text index and ranking corpus in one pass (rebuildAll).
//    From a real SQLite store (paperboy's default, and what `paperboy start` reads: rows parsed as they come), and
//    from an in-memory store (the index's own share). Each BENCH_REBUILDS times (default 3) into a fresh service:
//    the machines this runs on are noisy, so the median is quoted, with every run.
let t = performance.now();
let papers: Paper[] | undefined = Array.from({ length: COUNT }, (_, i) => syntheticPaper(i));
const genMs = performance.now() - t;
const dir = mkdtempSync(path.join(os.tmpdir(), 'paperboy-bench-'));
t = performance.now();
const sqlite = await openStores(`sqlite://${path.join(dir, 'papers.sqlite')}`, { logger: silentLogger() });
for (let i = 0; i < COUNT; i += 5000) await sqlite.papers.putMany(papers.slice(i, i + 5000));
const writeMs = performance.now() - t;
const file = path.join(dir, 'search.snapshot');
const REBUILDS = Math.max(1, Number(process.env.BENCH_REBUILDS ?? 3));
type Rebuild = { ms: number; cpuMs: number };
/** Rebuild into a fresh service REBUILDS times; the runs, and the last service with its count (for the snapshot part). */
const rebuildFrom = async (store: PaperStore) => {
  const runs: Rebuild[] = [];
  let last: { service: ReturnType<typeof build>; count: number } | undefined;
  for (let r = 0; r < REBUILDS; r++) {
    last = undefined; // the service before may be collected first
    gc?.();
    const service = build(store, file);
    const cpu0 = process.cpuUsage();
    const t0 = performance.now();
    const { count } = await service.search.rebuildAll();
    const ms = performance.now() - t0;
    const cpu = process.cpuUsage(cpu0);
    runs.push({ ms, cpuMs: (cpu.user + cpu.system) / 1000 });
    last = { service, count };
  }
  return { runs, count: last!.count, service: last!.service as ReturnType<typeof build> | undefined };
};
const fromMemory = (await rebuildFrom(memoryPaperStore(papers))).runs;
// From SQLite as `paperboy start` rebuilds: with no papers held in memory besides (the memory store's 100,000 would
// make every major collection during the rebuild mark them).
papers = undefined;
const fromSqlite = await rebuildFrom(sqlite.papers);
const corpus = { count: fromSqlite.service!.ranking.corpus.size };
const vocab = fromSqlite.service!.ranking.corpus.vocabSize;

// 3. Start-up from a snapshot, from the SQLite store: write one, then start a fresh service that loads it and checks
//    every stored paper against it (unchanged, then with 100 papers changed and 100 added since the snapshot).
const saved = (await fromSqlite.service!.search.saveSnapshot())!;
fromSqlite.service = undefined; // collected before the start-ups
gc?.();
const startUp = async () => {
  const s = build(sqlite.papers, file);
  const r = await s.search.startUp();
  if (r.from !== 'snapshot') throw new Error(`snapshot not used: ${JSON.stringify(r)}`);
  return r;
};
const warm = await startUp();
await sqlite.papers.putMany(Array.from({ length: 100 }, (_, i) => syntheticPaper(i)).map((p) => ({ ...p, summary: `${p.summary} Revised.` })));
await sqlite.papers.putMany(Array.from({ length: 100 }, (_, i) => syntheticPaper(COUNT + i)));
const warmChanged = await startUp();
await sqlite.close();
rmSync(dir, { recursive: true, force: true });

const n = (x: number): string => x.toLocaleString('en');
const median = (runs: Rebuild[]): string => `median ${(([...runs].sort((a, b) => a.ms - b.ms)[Math.floor(runs.length / 2)]!.ms) / 1000).toFixed(2)} s of ${runs.length} (runs ${runs.map((r) => (r.ms / 1000).toFixed(2)).join(', ')} s; CPU, every thread: ${runs.map((r) => (r.cpuMs / 1000).toFixed(1)).join(', ')} s)`;
console.log(`papers: ${n(COUNT)} synthetic (made in ${(genMs / 1000).toFixed(1)} s, written to SQLite in ${(writeMs / 1000).toFixed(1)} s; vocabulary ${n(vocab)} stems)`);
console.log(`cold index rebuild (no snapshot; full-text index ${n(fromSqlite.count)} + ranking corpus ${n(corpus.count)}, one pass, a worker thread vectorising):`);
console.log(`  from the SQLite store, as paperboy start reads it: ${median(fromSqlite.runs)}`);
console.log(`  from an in-memory store (the index's share alone): ${median(fromMemory)}`);
console.log(`snapshot written: ${mb(saved.bytes)} in ${(saved.ms / 1000).toFixed(2)} s`);
console.log(`start-up from the snapshot, every paper in the SQLite store checked against it: ${(warm.ms / 1000).toFixed(2)} s; with 100 changed + 100 new papers re-indexed: ${(warmChanged.ms / 1000).toFixed(2)} s`);
console.log(`memory of the indexes built from a store that holds no papers in memory: heap used ${mb(mem.heapUsed)} + typed arrays ${mb(mem.arrayBuffers)}; resident ${mb(mem.rss)} a second after the rebuild (at once: ${mb(rssAtOnce)}; before: ${mb(rss0)})${gc ? '' : ' [run with --expose-gc for settled figures]'}`);
console.log(`search p50 ${pct(times, 50).toFixed(2)} ms, p99 ${pct(times, 99).toFixed(2)} ms, max ${Math.max(...times).toFixed(2)} ms (${n(times.length)} queries: index + corpus retrieval with RM3 + rerank + store reads)`);
console.log(`  without author-name queries: p50 ${pct(topicTimes, 50).toFixed(2)} ms, p99 ${pct(topicTimes, 99).toFixed(2)} ms (${n(topicTimes.length)} queries)`);
