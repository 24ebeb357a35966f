// Topic relevance: BM25 over the weighted fields plus a title component, the query expanded by pseudo-relevance feedback (RM3).
import type { Corpus, DocVector } from './corpus.ts';
import { isIndexWord, stem, words } from '../search/text.ts';

/** BM25 parameters and how a query is expanded. */
export interface RelevanceOptions {
  k1: number;
  b: number;
  /** Pseudo-relevance feedback: documents and terms taken, and the weight kept by the original query. */
  fbDocs: number;
  fbTerms: number;
  originalWeight: number;
  /** Extra BM25 component over the title alone (0: off): a query word in the title counts beyond its weight in the text. */
  titleBoost: number;
  /** First-pass retrieval skips terms in more than this share of papers, past 5,000 papers (they barely discriminate; scoring still counts them). */
  maxDfShare: number;
}

/**
 * Defaults: BM25's textbook k1 1.2 and b 0.75; RM3 as Anserini ships it (10 feedback documents,
 * 10 terms, the original query keeping half); one extra title component. See evaluate.ts for
 * what each part adds.
 */
export const DEFAULT_RELEVANCE: RelevanceOptions = { k1: 1.2, b: 0.75, fbDocs: 10, fbTerms: 10, originalWeight: 0.5, titleBoost: 1, maxDfShare: 0.25 };

/** A query as weighted term ids, with the words people typed kept apart for reasons. */
export interface QueryModel {
  text: string;
  /** term id → weight (original terms and expansion terms). */
  weights: Map<number, number>;
  /** Term ids of the words in the query itself, with the word as typed. */
  original: Map<number, string>;
  /** The score of a paper with every query word saturated in title and text (normalises scores to about 0..1). */
  ceiling: number;
}

/** A document's score for a query and the original query terms it matched. */
export interface Relevance {
  score: number;
  /** score / ceiling. */
  norm: number;
  matched: number[];
}

/** BM25 term saturation with the title component. */
function saturate(o: RelevanceOptions, tf: number, ttf: number, norm: number, tnorm: number): number {
  let s = (tf * (o.k1 + 1)) / (tf + norm);
  if (ttf && o.titleBoost) s += (o.titleBoost * ttf * (o.k1 + 1)) / (ttf + tnorm);
  return s;
}

const norms = (corpus: Corpus, o: RelevanceOptions, len: number, tlen: number): [number, number] => [
  o.k1 * (1 - o.b + (o.b * len) / corpus.avgLen),
  o.k1 * (1 - o.b + (o.b * tlen) / corpus.avgTitleLen),
];

let acc = new Float64Array(0);
let mark = new Uint8Array(0);
/** Slots touched by the current `retrieve`, in the order first touched. */
let touched = new Int32Array(0);

/** First pass over the whole corpus, term at a time over the postings: the top `k` documents, best first. */
export function retrieve(corpus: Corpus, weights: Map<number, number>, k: number, o: RelevanceOptions = DEFAULT_RELEVANCE): { slot: number; score: number }[] {
  const n = corpus.slotCount;
  if (acc.length < n) {
    acc = new Float64Array(Math.max(1024, n * 2));
    mark = new Uint8Array(acc.length);
    touched = new Int32Array(acc.length);
  }
  const { body, title } = corpus.slotNorms(o.k1, o.b);
  const live = corpus.liveSlots();
  let nt = 0;
  // Very common terms are skipped, unless the query has nothing rarer.
  const rarest = Math.min(...[...weights.keys()].map((t) => corpus.docFreq(t) || Infinity));
  const maxDf = Math.max(5000, corpus.size * o.maxDfShare, rarest);
  const k1p = o.k1 + 1;
  for (const [t, w] of weights) {
    const data = corpus.postings(t);
    if (!data || corpus.docFreq(t) > maxDf) continue;
    const wi = w * corpus.idf(t) * k1p;
    const tb = o.titleBoost;
    for (let j = 0; j < data.length; j++) {
      const d = data[j]!;
      const slot = d >>> 10;
      const f = (d >>> 2) & 255;
      const ft = d & 3;
      let s = f / (f + body[slot]!);
      if (ft && tb) s += (tb * ft) / (ft + title[slot]!);
      if (!mark[slot]) {
        mark[slot] = 1;
        touched[nt++] = slot;
      }
      acc[slot]! += wi * s;
    }
  }
  // Keep the best k (a bounded partial sort), resetting the accumulators as we go.
  let best: { slot: number; score: number }[] = [];
  let floor = -Infinity;
  for (let i = 0; i < nt; i++) {
    const slot = touched[i]!;
    const score = acc[slot]!;
    acc[slot] = 0;
    mark[slot] = 0;
    if ((best.length >= k && score <= floor) || !live[slot]) continue;
    best.push({ slot, score });
    if (best.length >= k * 4) {
      best = best.sort((x, y) => y.score - x.score).slice(0, k);
      floor = best[k - 1]!.score;
    }
  }
  return best.sort((x, y) => y.score - x.score).slice(0, k);
}

/**
 * Build the query model for a topic or search text: its stems, plus RM3 expansion terms drawn
 * from the top first-pass documents of the stored corpus (so a topic learns the words its papers
 * use with it), interpolated with the original query.
 */
export function buildQuery(corpus: Corpus, text: string, o: RelevanceOptions = DEFAULT_RELEVANCE): QueryModel {
  const typed = new Map<number, string>();
  // A word no paper has gets an id of its own below 0 (no postings, the rarest idf): it still counts in the
  // ceiling, but the corpus does not learn it (each distinct word searched for would grow it for good).
  const unknown = new Map<string, number>();
  for (const w of words(text).slice(0, 64)) {
    if (!isIndexWord(w)) continue;
    const s = stem(w);
    const id = corpus.termId(s);
    typed.set(id >= 0 ? id : (unknown.get(s) ?? unknown.set(s, -1 - unknown.size).get(s)!), w);
  }
  const ids = [...typed.keys()];
  const original = new Map(ids.map((t) => [t, 1 / ids.length]));
  // A paper with every query word, saturated in title and text, scores about 1.
  const ceiling = ids.reduce((s, t) => s + (1 / ids.length) * corpus.idf(t) * (o.k1 + 1) * (1 + o.titleBoost), 0) || 1;
  const model: QueryModel = { text, weights: original, original: typed, ceiling };
  if (!ids.length || o.fbDocs <= 0 || o.fbTerms <= 0 || o.originalWeight >= 1) return model;
  const fb = retrieve(corpus, original, o.fbDocs, o).flatMap(({ slot, score }) => {
    const doc = corpus.live(slot);
    return doc && score > 0 ? [{ doc, score }] : [];
  });
  if (!fb.length) return model;
  // Relevance model: P(w|R) ∝ Σ_d P(w|d) · P(Q|d), P(Q|d) taken as the normalised first-pass score.
  const total = fb.reduce((s, r) => s + r.score, 0);
  const rm = new Map<number, number>();
  for (const { doc, score } of fb) {
    for (let i = 0; i < doc.terms.length; i++) {
      const t = doc.terms[i]!;
      rm.set(t, (rm.get(t) ?? 0) + (doc.tf[i]! / doc.len) * (score / total));
    }
  }
  const top = [...rm].sort((a, b) => b[1] - a[1]).slice(0, o.fbTerms);
  const sum = top.reduce((s, [, w]) => s + w, 0) || 1;
  const weights = new Map<number, number>();
  for (const [t, w] of original) weights.set(t, o.originalWeight * w);
  for (const [t, w] of top) weights.set(t, (weights.get(t) ?? 0) + (1 - o.originalWeight) * (w / sum));
  return { ...model, weights };
}

/** Score one document for a query model. */
export const relevance = (corpus: Corpus, q: QueryModel, d: DocVector, o: RelevanceOptions = DEFAULT_RELEVANCE): Relevance => relevanceMany(corpus, q, [d], o)[0]!;

let queryBits = new Int32Array(0);

/**
 * BM25 of many documents for a query model (each gets the figures it gets alone): the query's terms
 * marked in a bitset, so a document term the query lacks costs a bit test rather than a map look-up.
 */
export function relevanceMany(corpus: Corpus, q: QueryModel, docs: readonly DocVector[], o: RelevanceOptions = DEFAULT_RELEVANCE): Relevance[] {
  let max = 0;
  for (const t of q.weights.keys()) max = Math.max(max, t);
  for (const t of q.original.keys()) max = Math.max(max, t);
  if (queryBits.length <= max >>> 5) queryBits = new Int32Array((max >>> 5) + 1);
  const bits = queryBits;
  const mark = (t: number): void => {
    if (t >= 0) bits[t >>> 5]! |= 1 << (t & 31);
  };
  for (const t of q.weights.keys()) mark(t);
  for (const t of q.original.keys()) mark(t);
  const out = docs.map((d): Relevance => {
    const [norm, tnorm] = norms(corpus, o, d.len, d.tlen);
    let s = 0;
    const matched: number[] = [];
    for (let i = 0; i < d.terms.length; i++) {
      const t = d.terms[i]!;
      if (t < 0 || t >>> 5 >= bits.length || !((bits[t >>> 5]! >>> (t & 31)) & 1)) continue;
      const w = q.weights.get(t);
      if (w !== undefined) s += w * corpus.idf(t) * saturate(o, d.tf[i]!, d.ttf[i]!, norm, tnorm);
      if (q.original.has(t)) matched.push(t);
    }
    return { score: s, norm: s / q.ceiling, matched };
  });
  for (const t of q.weights.keys()) if (t >= 0) bits[t >>> 5] = 0;
  for (const t of q.original.keys()) if (t >= 0) bits[t >>> 5] = 0;
  return out;
}
