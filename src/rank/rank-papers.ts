// Ranking a set of papers for a channel: topic relevance first, the channel's taste, then popularity and freshness.
import type { Paper } from '../papers/paper.ts';
import type { Corpus, DocVector } from './corpus.ts';
import { tfidf, type Profile, type SparseVector } from './profile.ts';
import { tokenize } from '../search/text.ts';
import { buildQuery, DEFAULT_RELEVANCE, relevance, type QueryModel, type Relevance, type RelevanceOptions } from './relevance.ts';

/** One ranked paper: score, and reasons a person can read. */
export interface Ranked {
  id: string;
  paper: Paper;
  score: number;
  /** Topic relevance (0..~1) when the ranking had topics. */
  relevance?: number;
  reasons: string[];
  /** The reasons joined: `matches “pruning” · like 2 papers saved here · 12 upvotes`. */
  why: string;
}

/** What to rank for. */
export interface RankRequest {
  /** The channel's topics; none means "the day's most popular" (reshaped by the profile, if any). */
  topics?: readonly string[];
  profile?: Profile;
  now?: Date;
  /** Keep the best `limit` (all by default). */
  limit?: number;
  /** Override the relevance threshold (search uses a lower one than digests). */
  threshold?: number;
}

/** Tunable weights (defaults are round numbers, not fitted to the judgments). */
export interface RankerOptions {
  relevance: RelevanceOptions;
  /** A topic digest keeps only papers whose normalised relevance reaches this. */
  threshold: number;
  /** Weight of the saved-minus-dismissed similarity next to topic relevance. */
  profileWeight: number;
  /** Tie-breakers: small enough to reorder only papers of similar relevance. */
  popularityWeight: number;
  freshnessWeight: number;
  /** A saved paper at least this similar (cosine) counts in "like N papers saved here". */
  likeCosine: number;
}

export const DEFAULT_RANKER: RankerOptions = {
  relevance: DEFAULT_RELEVANCE,
  threshold: 0.1,
  profileWeight: 1,
  popularityWeight: 0.05,
  freshnessWeight: 0.01,
  likeCosine: 0.2,
};

interface DocInfo {
  vec: DocVector;
  unit: SparseVector;
}

const quote = (w: string): string => `“${w}”`;

/**
 * A ranker over a corpus. Caches, per corpus version, the query model of each topic, each paper's
 * vectors and each (topic, paper) relevance, so ranking one day for thousands of channels costs
 * little more than the profile dot products.
 */
export class Ranker {
  private version = -1;
  private readonly docs = new Map<string, DocInfo>();
  private readonly queries = new Map<string, { q: QueryModel; scores: Map<string, Relevance> }>();
  private scratch = new Float32Array(0);
  readonly options: RankerOptions;

  constructor(readonly corpus: Corpus, options: Partial<RankerOptions> = {}) {
    this.options = { ...DEFAULT_RANKER, ...options };
  }

  /** Rank papers for a request, best first. */
  rank(papers: readonly Paper[], req: RankRequest = {}): Ranked[] {
    this.refresh();
    const o = this.options;
    const topics = (req.topics ?? []).map((t) => t.trim()).filter(Boolean);
    const threshold = req.threshold ?? o.threshold;
    const now = (req.now ?? new Date()).getTime();
    let maxUp = 1;
    for (const p of papers) maxUp = Math.max(maxUp, p.upvotes);
    const profile = req.profile && (req.profile.saved.terms.length || req.profile.dismissed.terms.length) ? req.profile : undefined;
    const infos = papers.map((p) => this.info(p));
    // Saved-minus-dismissed similarity; without topics it orders the day relative to its best match.
    const affinities = profile ? this.affinities(infos, profile) : undefined;
    let maxAff = 0.1;
    if (affinities) for (const a of affinities) maxAff = Math.max(maxAff, a);
    const scored: { i: number; score: number; topic?: string; rel?: Relevance }[] = [];
    for (let i = 0; i < papers.length; i++) {
      const p = papers[i]!;
      if (profile?.dismissedIds.has(p.id)) continue;
      let topic: string | undefined;
      let rel: Relevance | undefined;
      for (const t of topics) {
        const r = this.relevanceOf(t, p.id, infos[i]!);
        if (!rel || r.norm > rel.norm) {
          rel = r;
          topic = t;
        }
      }
      if (topics.length && (!rel || rel.norm < threshold)) continue;
      const affinity = affinities?.[i] ?? 0;
      const pop = Math.log1p(Math.max(0, p.upvotes)) / Math.log1p(maxUp);
      const ageDays = p.publishedAt ? Math.max(0, (now - Date.parse(p.publishedAt)) / 86_400_000) : 365;
      const fresh = Number.isFinite(ageDays) ? Math.exp(-ageDays / 30) : 0;
      const base = rel ? rel.norm + o.profileWeight * affinity : profile ? affinity / maxAff : pop;
      scored.push({ i, score: base + o.popularityWeight * pop + o.freshnessWeight * fresh, topic, rel });
    }
    scored.sort((a, b) => b.score - a.score || papers[b.i]!.upvotes - papers[a.i]!.upvotes || papers[a.i]!.id.localeCompare(papers[b.i]!.id));
    const top = req.limit !== undefined ? scored.slice(0, Math.max(0, req.limit)) : scored;
    // Reasons only for what is shown.
    // Only papers the profile lifts can be "like" saved ones; the others are not counted.
    const likes = profile ? this.savedLike(top.map((s) => ((affinities?.[s.i] ?? 0) / maxAff >= 0.2 ? infos[s.i]!.unit : undefined)), profile) : [];
    return top.map(({ i, score, topic, rel }, k) => {
      const p = papers[i]!;
      const reasons = topic && rel ? this.topicReasons(topic, rel, infos[i]!, p) : [];
      if (profile) {
        const n = likes[k]!;
        if (n) reasons.push(`like ${n} paper${n === 1 ? '' : 's'} saved here`);
        else if ((affinities?.[i] ?? 0) / maxAff >= 0.5) reasons.push('close to what this channel saved');
      }
      if (p.upvotes > 0) reasons.push(`${p.upvotes} upvote${p.upvotes === 1 ? '' : 's'}`);
      return { id: p.id, paper: p, score, relevance: rel?.norm, reasons, why: reasons.join(' · ') };
    });
  }

  /** The (cached) query model of a topic. */
  query(topic: string): QueryModel {
    this.refresh();
    return this.entry(topic).q;
  }

  private entry(topic: string): { q: QueryModel; scores: Map<string, Relevance> } {
    const key = topic.toLowerCase();
    let e = this.queries.get(key);
    if (!e) {
      if (this.queries.size >= 5000) this.queries.clear(); // search queries are many; topics few
      e = { q: buildQuery(this.corpus, topic, this.options.relevance), scores: new Map() };
      this.queries.set(key, e);
    }
    return e;
  }

  private relevanceOf(topic: string, id: string, info: DocInfo): Relevance {
    const e = this.entry(topic);
    let r = e.scores.get(id);
    if (!r) {
      r = relevance(this.corpus, e.q, info.vec, this.options.relevance);
      e.scores.set(id, r);
    }
    return r;
  }

  private topicReasons(topic: string, rel: Relevance, info: DocInfo, p: Paper): string[] {
    const q = this.entry(topic).q;
    if (rel.matched.length) {
      const inTitle = new Set(tokenize(p.title));
      const list = (ts: number[]): string => ts.map((t) => quote(q.original.get(t) ?? this.corpus.word(t))).join(', ');
      const title = rel.matched.filter((t) => inTitle.has(this.corpus.term(t)));
      const rest = rel.matched.filter((t) => !inTitle.has(this.corpus.term(t)));
      return [title.length ? `title matches ${list(title)}` : '', rest.length ? `abstract matches ${list(rest)}` : ''].filter(Boolean);
    }
    // Matched through expansion only: name the learned terms it shares.
    const shared = [...info.vec.terms].filter((t) => q.weights.has(t)).sort((a, b) => q.weights.get(b)! - q.weights.get(a)!);
    const words = shared.slice(0, 3).map((t) => this.corpus.word(t));
    return [`related to ${quote(topic)}${words.length ? ` (${words.join(', ')})` : ''}`];
  }

  private refresh(): void {
    if (this.version === this.corpus.version) return;
    this.version = this.corpus.version;
    this.docs.clear();
    this.queries.clear();
  }

  private info(p: Paper): DocInfo {
    let d = this.docs.get(p.id);
    if (!d) {
      if (this.docs.size >= 20_000) this.docs.clear(); // search candidates come and go
      // The full vector from the text (the corpus keeps only a few terms per paper); new words get ids with df 0.
      const vec = this.corpus.vectorOf(p, true);
      d = { vec, unit: tfidf(this.corpus, vec) };
      this.docs.set(p.id, d);
    }
    return d;
  }

  /** Load a vector into the dense scratch (or clear it with sign 0). */
  private load(v: SparseVector, sign: number): Float32Array {
    if (this.scratch.length < this.corpus.vocabSize) this.scratch = new Float32Array(this.corpus.vocabSize * 2);
    const s = this.scratch;
    for (let i = 0; i < v.terms.length; i++) s[v.terms[i]!] = sign ? s[v.terms[i]!]! + sign * v.w[i]! : 0;
    return s;
  }

  private static dotDense(doc: SparseVector, s: Float32Array): number {
    let sum = 0;
    for (let i = 0; i < doc.terms.length; i++) sum += doc.w[i]! * s[doc.terms[i]!]!;
    return sum;
  }

  /** cos(doc, saved) − cos(doc, dismissed) for each document, with the profile loaded once. */
  private affinities(infos: DocInfo[], profile: Profile): Float64Array {
    this.load(profile.saved, 1);
    const s = this.load(profile.dismissed, -1);
    const out = Float64Array.from(infos, (d) => Ranker.dotDense(d.unit, s));
    this.load(profile.saved, 0);
    this.load(profile.dismissed, 0);
    return out;
  }

  /** For each document, how many saved examples it is close to (cosine ≥ likeCosine). */
  private savedLike(docs: (SparseVector | undefined)[], profile: Profile): number[] {
    const counts = docs.map(() => 0);
    if (!docs.some(Boolean)) return counts;
    for (const ex of profile.examples) {
      const s = this.load(ex, 1);
      for (let k = 0; k < docs.length; k++) {
        const d = docs[k];
        if (d && Ranker.dotDense(d, s) >= this.options.likeCosine) counts[k]!++;
      }
      this.load(ex, 0);
    }
    return counts;
  }
}

/** Rank papers once (no caching across calls): see Ranker for repeated use. */
export function rankPapers(papers: readonly Paper[], req: RankRequest & { corpus: Corpus; options?: Partial<RankerOptions> }): Ranked[] {
  return new Ranker(req.corpus, req.options).rank(papers, req);
}
