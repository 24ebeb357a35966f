// Ranking one day's 100 papers for 10,000 channels, each with its topics and a profile learned from saves.
import type { Save } from '../src/store/stores.ts';
import { Corpus } from '../src/rank/corpus.ts';
import { ProfileCache } from '../src/rank/profile.ts';
import { Ranker } from '../src/rank/rank-papers.ts';
import { basePapers, syntheticPaper } from './synthetic-papers.ts';

const CORPUS = Number(process.env.BENCH_CORPUS ?? 20_000);
const CHANNELS = Number(process.env.BENCH_CHANNELS ?? 10_000);
const DAY = 100;

let t = performance.now();
const corpus = Corpus.of(Array.from({ length: CORPUS }, (_, i) => syntheticPaper(i)));
const corpusMs = performance.now() - t;
// The day's listing: papers the corpus has just received.
const day = Array.from({ length: DAY }, (_, i) => syntheticPaper(CORPUS + i));
corpus.add(day);

// Channels: 0–3 topics from a pool of 300 (teams share interests), 0–20 saves and 0–3 dismissals.
const words = basePapers.flatMap((p) => p.title.toLowerCase().match(/[a-z]{5,}/g) ?? []);
const pool = Array.from({ length: 300 }, (_, i) => `${words[(i * 7) % words.length]} ${words[(i * 11 + 3) % words.length]}`);
let seed = 7;
/** mulberry32: a small deterministic PRNG. */
const rnd = (n: number): number => {
  seed = (seed + 0x6d2b79f5) >>> 0;
  let x = Math.imul(seed ^ (seed >>> 15), seed | 1);
  x ^= x + Math.imul(x ^ (x >>> 7), x | 61);
  return Math.floor((((x ^ (x >>> 14)) >>> 0) / 4294967296) * n);
};
const channels = Array.from({ length: CHANNELS }, (_, c) => {
  const topics = Array.from({ length: rnd(4) }, () => pool[rnd(pool.length)]!);
  const saves: Save[] = [];
  for (let k = rnd(21); k > 0; k--) saves.push({ platform: 'slack', channelId: `C${c}`, userId: `U${k}`, paperId: syntheticPaper(rnd(CORPUS)).id, kind: 'save', at: '' });
  for (let k = rnd(4); k > 0; k--) saves.push({ platform: 'slack', channelId: `C${c}`, userId: `U${k}`, paperId: syntheticPaper(rnd(CORPUS)).id, kind: 'dismiss', at: '' });
  return { key: `slack:C${c}`, topics, saves };
});

const profiles = new ProfileCache(corpus);
t = performance.now();
for (const ch of channels) profiles.get(ch.key, ch.saves);
const profileMs = performance.now() - t;
// One more save per channel: the cache updates each profile by the difference.
for (const ch of channels) ch.saves.push({ platform: 'slack', channelId: ch.key, userId: 'U0', paperId: day[rnd(DAY)]!.id, kind: 'save', at: '' });
t = performance.now();
for (const ch of channels) profiles.get(ch.key, ch.saves);
const updateMs = performance.now() - t;

/** Wall and CPU milliseconds (the work is single-threaded: CPU time is the steadier figure on a busy machine). */
const rankAll = (ranker: Ranker): { ms: number; cpu: number } => {
  const s = performance.now();
  const c = process.cpuUsage();
  for (const ch of channels) ranker.rank(day, { topics: ch.topics, profile: profiles.get(ch.key, ch.saves), limit: 10 });
  const used = process.cpuUsage(c);
  return { ms: performance.now() - s, cpu: (used.user + used.system) / 1000 };
};
const ranker = new Ranker(corpus);
const cold = rankAll(ranker); // first run: every topic's RM3 expansion and the day's vectors are computed
const warm = rankAll(ranker);

const withTopics = channels.filter((c) => c.topics.length).length;
console.log(`corpus: ${CORPUS.toLocaleString('en')} synthetic papers (built in ${(corpusMs / 1000).toFixed(1)} s), day of ${DAY} papers`);
console.log(`channels: ${CHANNELS.toLocaleString('en')} (${withTopics.toLocaleString('en')} with topics from a pool of ${pool.length}; profiles from 0–20 saves and 0–3 dismissals)`);
console.log(`profiles built: ${profileMs.toFixed(0)} ms for all; updated after one new save each: ${updateMs.toFixed(0)} ms for all`);
const run = (r: { ms: number; cpu: number }): string => `${r.ms.toFixed(0)} ms (${r.cpu.toFixed(0)} ms CPU)`;
console.log(`ranking ${DAY} papers × ${CHANNELS.toLocaleString('en')} channels: ${run(cold)} first run (topic expansions computed), ${run(warm)} next run`);
