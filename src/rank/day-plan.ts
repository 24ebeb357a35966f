// A set of papers ranked for many channels (a day's listing): what every channel's ranking of it shares.
import type { Paper } from '../papers/paper.ts';
import type { DocVector } from './corpus.ts';
import { DayIndex } from './day-index.ts';
import type { Profile, SparseVector } from './profile.ts';
import type { QueryModel, Relevance } from './relevance.ts';

/** A paper's vectors: its full term vector (relevance) and its unit tf-idf vector (profiles). */
export interface DocInfo {
  vec: DocVector;
  unit: SparseVector;
}

/** A topic's relevance to each paper of a plan (filled as the plan grows), and the reasons given so far. */
export interface TopicRow {
  q: QueryModel;
  rels: Relevance[];
  /** rels[k].norm, packed. */
  norms: number[];
  reasons: (readonly string[] | undefined)[];
}

/** Papers a plan takes before a new one is started. */
const MAX_PAPERS = 2000;

/**
 * Papers with what ranking them needs and does not depend on the channel: their vectors, log
 * upvotes and publication times, each topic's relevance, and the unit vectors inverted for the
 * profile dot products. A request names its papers by object; the plan takes in papers it lacks,
 * so the filtered listings of a day's channels (each without what it was already sent) share one.
 * Papers are taken as values: one changed in place would keep its old figures.
 */
export class DayPlan {
  readonly papers: Paper[] = [];
  readonly infos: DocInfo[] = [];
  /** log1p(max(0, upvotes)) per paper. */
  readonly logUp: number[] = [];
  /** Publication time per paper (NaN when unreadable); undefined without a date. */
  readonly published: (number | undefined)[] = [];
  /** Topic (as typed, trimmed) → its row. */
  readonly rows = new Map<string, TopicRow>();
  private readonly at = new Map<Paper, number>();
  private byId?: Map<string, number[]>;
  /** The last request's papers (a copy) and their positions: the same listing again is found without look-ups. */
  private last?: { papers: readonly Paper[]; copy: Paper[]; pos: Int32Array };
  private index?: DayIndex;
  private out = new Float64Array(0);
  private dots = new Float64Array(0);
  private mask = new Uint8Array(0);
  private idMask = new Uint8Array(0);

  get size(): number {
    return this.papers.length;
  }

  /**
   * Where each of `papers` sits in the plan, taking in those it lacks; undefined when most are not
   * there (another set of papers: a plan of its own) or the plan would grow too big.
   */
  positions(papers: readonly Paper[], info: (p: Paper) => DocInfo): Int32Array | undefined {
    const last = this.last;
    if (last?.papers === papers && last.copy.length === papers.length && last.copy.every((p, i) => p === papers[i])) return last.pos;
    const pos = new Int32Array(papers.length);
    let missing = 0;
    for (let i = 0; i < papers.length; i++) {
      const k = this.at.get(papers[i]!);
      pos[i] = k ?? -1;
      if (k === undefined) missing++;
    }
    if (missing && this.size && (missing * 2 > papers.length || this.size + missing > MAX_PAPERS)) return undefined;
    for (let i = 0; i < papers.length; i++) if (pos[i]! < 0) pos[i] = this.at.get(papers[i]!) ?? this.add(papers[i]!, info(papers[i]!));
    this.last = { papers, copy: [...papers], pos };
    return pos;
  }

  private add(p: Paper, d: DocInfo): number {
    const k = this.papers.length;
    this.at.set(p, k);
    this.papers.push(p);
    this.infos.push(d);
    this.logUp.push(Math.log1p(Math.max(0, p.upvotes)));
    this.published.push(p.publishedAt ? Date.parse(p.publishedAt) : undefined);
    this.index = undefined;
    this.byId = undefined;
    return k;
  }

  /** A cleared per-paper flag array with the papers of these ids set (reused by the next call). */
  flagIds(ids: Iterable<string>): Uint8Array {
    if (!this.byId) {
      this.byId = new Map();
      this.papers.forEach((p, k) => {
        const ks = this.byId!.get(p.id);
        if (ks) ks.push(k);
        else this.byId!.set(p.id, [k]);
      });
    }
    if (this.idMask.length < this.size) this.idMask = new Uint8Array(this.size * 2);
    const flags = this.idMask.fill(0);
    for (const id of ids) for (const k of this.byId.get(id) ?? []) flags[k] = 1;
    return flags;
  }

  /** cos(paper, saved) − cos(paper, dismissed) for every paper (a buffer reused by the next call). */
  affinities(profile: Profile): Float64Array {
    const out = this.buffer();
    this.dayIndex().dots([profile.saved, profile.dismissed], [1, -1], out);
    return out;
  }

  /** For each paper with want[k] set, how many of `examples` it is at least `cosine` similar to. */
  similarCounts(examples: readonly SparseVector[], want: Uint8Array, cosine: number): Int32Array {
    const counts = new Int32Array(this.size);
    if (this.dots.length < this.size) this.dots = new Float64Array(this.size * 2);
    const dots = this.dots;
    const index = this.dayIndex();
    for (const ex of examples) {
      index.dots([index.projectShared(ex)], [1], dots, want);
      for (let k = 0; k < this.size; k++) if (want[k] && dots[k]! >= cosine) counts[k]!++;
    }
    return counts;
  }

  /** A cleared per-paper flag array (reused by the next call). */
  flags(): Uint8Array {
    if (this.mask.length < this.size) this.mask = new Uint8Array(this.size * 2);
    return this.mask.fill(0);
  }

  private buffer(): Float64Array {
    if (this.out.length < this.size) this.out = new Float64Array(this.size * 2);
    return this.out;
  }

  private dayIndex(): DayIndex {
    return (this.index ??= new DayIndex(this.infos.map((d) => d.unit)));
  }
}
