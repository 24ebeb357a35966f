// A large, deterministic set of papers made by recombining the fixture papers (for the search and rank benches).
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Paper } from '../src/papers/paper.ts';
import type { PaperStore } from '../src/store/stores.ts';
import { readFixtureDays, unionOfDays } from '../src/rank/fixture-papers.ts';

const here = path.dirname(fileURLToPath(import.meta.url));
/** The fixture papers the synthetic ones are made from. */
export const basePapers: Paper[] = unionOfDays(readFixtureDays(path.resolve(here, '../../shared/fixtures/hf/daily_papers')));

const sentences = basePapers.flatMap((p) => p.summary.split(/(?<=\.)\s+/).filter((s) => s.length > 20));
const titleParts = basePapers.flatMap((p) => p.title.split(/:\s+|\s+(?:for|with|via|in|of)\s+/i)).filter((t) => t.length > 3);
const SYLLABLES = ['ka', 'lo', 'mi', 'ne', 'ru', 'sa', 'to', 'vi', 'xe', 'zo', 'qua', 'bri', 'dro', 'fle', 'gra'];

/** A small deterministic PRNG (mulberry32). */
function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** A rare made-up word, Zipf-distributed over a long tail (method names, datasets, jargon). */
function rareWord(r: () => number): string {
  const rank = Math.floor(Math.exp(r() * Math.log(200_000))); // log-uniform over 1 … 200,000 (Zipf-like)
  let w = '';
  for (let n = rank * 7919; w.length < 6 || n > 0; n = Math.floor(n / SYLLABLES.length)) w += SYLLABLES[n % SYLLABLES.length];
  return w;
}

/**
 * One of 30,000 made-up people (`Kalo Mitosa`), as one flat string, as a store's JSON.parse hands a
 * name out (a template literal would make a rope that the index's first look-up has to flatten).
 */
export function personName(n: number): string {
  const part = (k: number, len: number): string => {
    let w = '';
    for (let i = 0; i < len; i++, k = Math.floor(k / SYLLABLES.length)) w += SYLLABLES[k % SYLLABLES.length];
    return w[0]!.toUpperCase() + w.slice(1);
  };
  return [part(n % 97, 2), part(n * 31, 3)].join(' ');
}

/** Research fields: the fixtures come from one corner of ML, so most synthetic papers move their words to another field. */
export const FIELDS = 60;
const PLAIN = process.env.BENCH_VOCAB === 'plain';

/** A word as another field would say it (`attention` → `attentionkalo`): keeps document frequencies realistic. */
const shifted = (w: string, field: number): string => (field === 0 ? w : `${w}${SYLLABLES[field % 15]}${SYLLABLES[Math.floor(field / 15) % 15]}`);

/**
 * Synthetic paper number i (same i, same paper): sentences of 5–9 fixture abstracts, a recombined
 * title, a few rare words. Without `BENCH_VOCAB=plain`, 85 % of its content words are shifted to
 * one of FIELDS research fields, so that "linear" is in about a sixth of the papers, not 94 %.
 */
export function syntheticPaper(i: number): Paper {
  const r = rng(i + 1);
  const pick = <T>(xs: T[]): T => xs[Math.floor(r() * xs.length)]!;
  const field = PLAIN ? 0 : Math.floor(r() * FIELDS);
  // Each word type is shifted (or not) consistently within the paper, as a field's own jargon would be.
  const choice = new Map<string, string>();
  const vary = (text: string): string =>
    text.replace(/\b[a-z]{5,}\b/g, (w) => {
      if (r() < 0.04) return rareWord(r);
      let c = choice.get(w);
      if (c === undefined) choice.set(w, (c = field && r() < 0.85 ? shifted(w, field) : w));
      return c;
    });
  const n = 5 + Math.floor(r() * 5);
  const summary = vary(Array.from({ length: n }, () => pick(sentences)).join(' '));
  const title = vary(r() < 0.3 ? `${rareWord(r)}: ${pick(titleParts)} for ${pick(titleParts)}` : `${pick(titleParts)} with ${pick(titleParts)}`);
  const yy = 15 + Math.floor(i / 120_000);
  const id = `${yy}${String(1 + (Math.floor(i / 10_000) % 12)).padStart(2, '0')}.${String(i % 100_000).padStart(5, '0')}`;
  return {
    id,
    title,
    summary,
    authors: Array.from({ length: 2 + Math.floor(r() * 6) }, () => personName(Math.floor(r() * 30_000))),
    publishedAt: new Date(Date.UTC(2024, 0, 1) + Math.floor(r() * 700) * 86_400_000).toISOString(),
    upvotes: Math.floor(1 / (r() + 0.02)) - 1,
    keywords: r() < 0.5 ? Array.from({ length: 3 }, () => pick(titleParts).toLowerCase()) : [],
    listedOn: ['2025-11-19'],
    source: 'hf',
    updatedAt: '2025-11-19T00:00:00.000Z',
  };
}

/**
 * A PaperStore over `count` synthetic papers that makes each paper when asked (no papers held in
 * memory, as with a real database), so resident memory shows the index alone.
 */
export function syntheticStore(count: number): PaperStore & { ids: string[] } {
  const ids = Array.from({ length: count }, (_, i) => syntheticPaper(i).id);
  const index = new Map(ids.map((id, i) => [id, i]));
  const get = (id: string): Paper | undefined => (index.has(id) ? syntheticPaper(index.get(id)!) : undefined);
  return {
    ids,
    get: async (id) => get(id),
    getMany: async (want) => new Map(want.flatMap((id) => (index.has(id) ? [[id, get(id)!] as const] : []))),
    putMany: async () => {},
    getDay: async () => undefined,
    setDay: async () => {},
    count: async () => count,
    async *all() {
      for (let i = 0; i < count; i++) yield syntheticPaper(i);
    },
  };
}
