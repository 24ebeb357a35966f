// Ranking a set of papers for a channel: topic relevance first, the channel's taste, then popularity and freshness.
import type { Paper } from '../papers/paper.ts';
import type { Corpus } from './corpus.ts';
import { DayPlan, type DocInfo, type TopicRow } from './day-plan.ts';
import { fieldWords, type Field } from './field-words.ts';
import { firstK } from './first-k.ts';
import { tfidf, type Profile } from './profile.ts';
import { buildQuery, DEFAULT_RELEVANCE, relevanceMany, type QueryModel, type Relevance, type RelevanceOptions } from './relevance.ts';

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

const quote = (w: string): string => `“${w}”`;

/** How a reason names a match in each field (undefined: the field is not known). */
const MATCH_IN: Record<Field, string> = { title: 'title matches', abstract: 'abstract matches', keywords: 'keywords match', 'AI summary': 'AI summary matches' };
const FIELD_ORDER: (Field | undefined)[] = ['title', 'abstract', 'keywords', 'AI summary', undefined];

/** Plans kept (a day's listing, and the candidates of the last few searches). */
const PLANS = 4;

/** How many of n a limit keeps, as `slice(0, limit)` would. */
const kept = (n: number, limit: number | undefined): number => {
  if (limit === undefined) return n;
  const k = Math.trunc(Math.max(0, limit));
  return Number.isNaN(k) ? 0 : Math.min(n, k);
};

/**
 * A ranker over a corpus. Caches, per corpus version, the query model of each topic, each paper's
 * vectors and, per set of papers ranked (a DayPlan), each topic's relevance and the papers' vectors
 * inverted, so ranking one day for thousands of channels costs little more than each channel's
 * profile dot products over the terms it shares with the day.
 */
export class Ranker {
  private version = -1;
  private readonly docs = new Map<string, DocInfo>();
  private readonly queries = new Map<string, { q: QueryModel; scores: Map<string, Relevance> }>();
  private plans: DayPlan[] = [];
  // Per call: the candidates (position in the request, score, topic row).
  private cand = new Int32Array(0);
  private score = new Float64Array(0);
  private topicOf = new Int32Array(0);
  readonly options: RankerOptions;
  private readonly termOfWord = (word: string): number => this.corpus.termOfWord(word);

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
    const upScale = Math.log1p(maxUp);
    const profile = req.profile && (req.profile.saved.terms.length || req.profile.dismissed.terms.length) ? req.profile : undefined;
    const { plan, at } = this.plan(papers);
    // Saved-minus-dismissed similarity; without topics it orders the day relative to its best match.
    const affinities = profile ? plan.affinities(profile) : undefined;
    let maxAff = 0.1;
    if (affinities) for (let i = 0; i < at.length; i++) maxAff = Math.max(maxAff, affinities[at[i]!]!);
    let rows: TopicRow[] | undefined; // worked out at the first paper not dismissed
    const dismissed = profile?.dismissedIds.size ? plan.flagIds(profile.dismissedIds) : undefined;
    this.room(papers.length);
    const { cand, score, topicOf } = this;
    let n = 0;
    for (let i = 0; i < papers.length; i++) {
      const k = at[i]!;
      if (dismissed?.[k]) continue;
      rows ??= topics.map((t) => this.row(plan, t));
      let best = -1;
      let norm = 0;
      for (let t = 0; t < rows.length; t++) {
        const r = rows[t]!.norms[k]!;
        if (best < 0 || r > norm) {
          norm = r;
          best = t;
        }
      }
      if (rows.length && norm < threshold) continue;
      const affinity = affinities ? affinities[k]! : 0;
      const pop = plan.logUp[k]! / upScale;
      const published = plan.published[k];
      const ageDays = published !== undefined ? Math.max(0, (now - published) / 86_400_000) : 365;
      const fresh = Number.isFinite(ageDays) ? Math.exp(-ageDays / 30) : 0;
      const base = best >= 0 ? norm + o.profileWeight * affinity : profile ? affinity / maxAff : pop;
      cand[n] = i;
      score[n] = base + o.popularityWeight * pop + o.freshnessWeight * fresh;
      topicOf[n++] = best;
    }
    const order = firstK(n, kept(n, req.limit), (a, b) => {
      const pa = papers[cand[a]!]!;
      const pb = papers[cand[b]!]!;
      return score[b]! - score[a]! || pb.upvotes - pa.upvotes || pa.id.localeCompare(pb.id);
    });
    // Reasons only for what is shown.
    // Only papers the profile lifts can be "like" saved ones; the others are not counted.
    let likes: Int32Array | undefined;
    if (profile && affinities) {
      const want = plan.flags();
      let any = false;
      for (const c of order) {
        const k = at[cand[c]!]!;
        if (affinities[k]! / maxAff < 0.2) continue;
        want[k] = 1;
        any = true;
      }
      if (any) likes = plan.similarCounts(profile.examples, want, o.likeCosine);
    }
    return order.map((c) => {
      const i = cand[c]!;
      const k = at[i]!;
      const p = papers[i]!;
      const row = rows?.[topicOf[c]!];
      const reasons = row ? [...this.topicReasons(plan, row, topics[topicOf[c]!]!, k)] : [];
      if (profile) {
        const m = likes?.[k] ?? 0;
        if (m) reasons.push(`like ${m} paper${m === 1 ? '' : 's'} saved here`);
        else if ((affinities?.[k] ?? 0) / maxAff >= 0.5) reasons.push('close to what this channel saved');
      }
      if (p.upvotes > 0) reasons.push(`${p.upvotes} upvote${p.upvotes === 1 ? '' : 's'}`);
      return { id: p.id, paper: p, score: score[c]!, relevance: row?.rels[k]!.norm, reasons, why: reasons.join(' · ') };
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

  /** A topic's row in a plan, with a relevance for every paper the plan holds. */
  private row(plan: DayPlan, topic: string): TopicRow {
    let row = plan.rows.get(topic);
    if (!row) {
      row = { q: this.entry(topic).q, rels: [], norms: [], reasons: [] };
      plan.rows.set(topic, row);
    }
    if (row.rels.length === plan.size) return row;
    // Relevance for the papers added since, those not yet known worked out together.
    const e = this.entry(topic);
    const fresh: number[] = [];
    for (let k = row.rels.length; k < plan.size; k++) if (!e.scores.has(plan.papers[k]!.id)) fresh.push(k);
    const rels = relevanceMany(this.corpus, e.q, fresh.map((k) => plan.infos[k]!.vec), this.options.relevance);
    fresh.forEach((k, j) => e.scores.set(plan.papers[k]!.id, rels[j]!));
    for (let k = row.rels.length; k < plan.size; k++) {
      const r = e.scores.get(plan.papers[k]!.id)!;
      row.rels.push(r);
      row.norms.push(r.norm);
    }
    return row;
  }

  /** Why paper k matches a topic (worked out once per topic and plan). */
  private topicReasons(plan: DayPlan, row: TopicRow, topic: string, k: number): readonly string[] {
    const done = row.reasons[k];
    if (done) return done;
    const { q } = row;
    const rel = row.rels[k]!;
    let out: string[];
    if (rel.matched.length) {
      // Named by the field that has the word and quoted as the paper spells it: a query's `welling` matched by
      // the abstract's `well`, or `rlhf` found in the keywords only, is not passed off as the abstract having `welling`.
      const places = fieldWords(plan.papers[k]!, new Set(rel.matched), this.termOfWord);
      const found = new Map<Field | undefined, string[]>();
      for (const t of rel.matched) {
        const place = places.get(t);
        const word = place?.word ?? q.original.get(t) ?? this.corpus.word(t);
        const list = found.get(place?.field) ?? found.set(place?.field, []).get(place?.field)!;
        if (!list.includes(word)) list.push(word);
      }
      out = FIELD_ORDER.filter((f) => found.has(f)).map((f) => `${f ? MATCH_IN[f] : 'matches'} ${found.get(f)!.map(quote).join(', ')}`);
    } else {
      // Matched through expansion only: name the learned terms it shares.
      const shared = [...plan.infos[k]!.vec.terms].filter((t) => q.weights.has(t)).sort((a, b) => q.weights.get(b)! - q.weights.get(a)!);
      const words = shared.slice(0, 3).map((t) => this.corpus.word(t));
      out = [`related to ${quote(topic)}${words.length ? ` (${words.join(', ')})` : ''}`];
    }
    return (row.reasons[k] = out);
  }

  private refresh(): void {
    if (this.version === this.corpus.version) return;
    this.version = this.corpus.version;
    this.docs.clear();
    this.queries.clear();
    this.plans = [];
  }

  /** The plan holding these papers (the most recently used first), and where each sits in it. */
  private plan(papers: readonly Paper[]): { plan: DayPlan; at: Int32Array } {
    const info = (p: Paper): DocInfo => this.info(p);
    for (const plan of this.plans) {
      const at = plan.positions(papers, info);
      if (!at) continue;
      if (plan !== this.plans[0]) this.plans = [plan, ...this.plans.filter((x) => x !== plan)];
      return { plan, at };
    }
    const plan = new DayPlan();
    this.plans = [plan, ...this.plans.slice(0, PLANS - 1)];
    return { plan, at: plan.positions(papers, info)! };
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

  /** Room in the per-call candidate arrays. */
  private room(n: number): void {
    if (this.cand.length >= n) return;
    this.cand = new Int32Array(n * 2);
    this.score = new Float64Array(n * 2);
    this.topicOf = new Int32Array(n * 2);
  }
}

/** Rank papers once (no caching across calls): see Ranker for repeated use. */
export function rankPapers(papers: readonly Paper[], req: RankRequest & { corpus: Corpus; options?: Partial<RankerOptions> }): Ranked[] {
  return new Ranker(req.corpus, req.options).rank(papers, req);
}
