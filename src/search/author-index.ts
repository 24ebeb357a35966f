// Author names by word (`ada`, `lovelace`) → papers: exact name-word look-ups, far cheaper than a full-text field.
import type { BinaryReader, BinaryWriter } from './binary-codec.ts';

/** One author-index hit: a paper id, its score (boost · Σ BM25+ idf of the name words it matched) and those words. */
export interface AuthorHit {
  id: string;
  score: number;
  terms: string[];
}

/** Names whose words `add` remembers. */
const NAMES_KEPT = 50_000;

/**
 * Papers by the lower-case words of their authors' names. Papers are numbered as added; a paper
 * added again gets a new number and its old one is marked dead (skipped, dropped on compaction).
 */
export class AuthorIndex {
  private lists = new Map<string, number[]>();
  private ids: string[] = [];
  private docOf = new Map<string, number>();
  private dead = 0;
  private acc = new Float64Array(0);

  /** @param toWords splits a name into index words (lower-case, no stop words). */
  constructor(private readonly toWords: (name: string) => string[]) {}

  /** Papers indexed (live). */
  get size(): number {
    return this.docOf.size;
  }

  /** Index a paper's authors, replacing what it had; `onNewWord` hears each name word the index did not hold yet. */
  add(id: string, authors: readonly string[], onNewWord?: (word: string) => void): void {
    const old = this.docOf.get(id);
    if (old !== undefined) {
      this.ids[old] = '';
      this.dead++;
    }
    const doc = this.ids.length;
    this.ids.push(id);
    this.docOf.set(id, doc);
    // Lists grow in paper order, so a paper is in a list already when it is the list's last entry.
    for (const name of authors) {
      for (const l of this.listsOf(name, onNewWord)) if (l[l.length - 1] !== doc) l.push(doc);
    }
    if (this.dead > 1000 && this.dead * 4 > this.ids.length) this.compact();
  }

  /**
   * The lists of a name's words (made, and announced to `onNewWord`, when new), memoised: the same
   * people write many papers (cleared past NAMES_KEPT names, by `trim`, and when lists are replaced).
   */
  private listsOf(name: string, onNewWord?: (word: string) => void): readonly number[][] {
    let ls = this.nameLists.get(name);
    if (ls === undefined) {
      if (this.nameLists.size >= NAMES_KEPT) this.nameLists.clear();
      ls = this.toWords(name).map((w) => {
        let l = this.lists.get(w);
        if (!l) {
          this.lists.set(w, (l = []));
          onNewWord?.(w);
        }
        return l;
      });
      this.nameLists.set(name, ls);
    }
    return ls;
  }

  private nameLists = new Map<string, readonly number[][]>();

  /** Forget the names remembered (after a bulk load). */
  trim(): void {
    this.nameLists.clear();
  }

  /** Whether a paper is indexed. */
  holds(id: string): boolean {
    return this.docOf.has(id);
  }

  /** Whether a word is part of some author's name. */
  has(word: string): boolean {
    return this.lists.has(word);
  }

  /** The `limit` papers whose authors' names hold most of the words, best first (rarer words weigh more; then newest). */
  search(queryWords: readonly string[], boost: number, limit: number): AuthorHit[] {
    const n = this.ids.length;
    if (this.acc.length < n) this.acc = new Float64Array(n * 2);
    const acc = this.acc;
    const touched: number[] = [];
    const found: [string, number[]][] = [];
    for (const w of new Set(queryWords)) {
      const l = this.lists.get(w);
      if (!l) continue;
      found.push([w, l]);
      // BM25+'s idf as MiniSearch computes it, times what one occurrence in a name of average length scores (1 + δ 0.5).
      const idf = Math.log(1 + (this.size - l.length + 0.5) / (l.length + 0.5)) * 1.5;
      for (const d of l) {
        if (!this.ids[d]) continue;
        if (acc[d] === 0) touched.push(d);
        acc[d] += boost * idf;
      }
    }
    const scored = touched.map((d) => ({ d, score: acc[d]! }));
    for (const d of touched) acc[d] = 0;
    scored.sort((a, b) => b.score - a.score || b.d - a.d);
    return scored.slice(0, limit).map(({ d, score }) => ({ id: this.ids[d]!, score, terms: found.filter(([, l]) => holds(l, d)).map(([w]) => w) }));
  }

  /** Write the index (for a snapshot; `readFrom` reads it back). */
  writeTo(w: BinaryWriter): void {
    w.strings(this.ids);
    w.strings([...this.lists.keys()]);
    w.array(Int32Array.from(this.lists.values(), (l) => l.length));
    w.array(Int32Array.from([...this.lists.values()].flat()));
  }

  /** Read what `writeTo` wrote; the returned function puts it in place of what the index holds. */
  readFrom(r: BinaryReader): () => void {
    const ids = r.strings();
    const words = r.strings();
    const sizes = r.array(Int32Array);
    const docs = r.array(Int32Array);
    if (words.length !== sizes.length || sizes.reduce((a, b) => a + b, 0) !== docs.length) throw new Error('author index snapshot is inconsistent');
    return () => {
      this.ids = ids;
      this.docOf = new Map();
      this.dead = 0;
      ids.forEach((id, d) => (id ? this.docOf.set(id, d) : this.dead++));
      this.lists = new Map();
      this.nameLists.clear();
      let off = 0;
      words.forEach((w, i) => this.lists.set(w, Array.from(docs.subarray(off, (off += sizes[i]!)))));
    };
  }

  /** Renumber live papers and drop dead ones from the lists. */
  private compact(): void {
    const remap = new Int32Array(this.ids.length).fill(-1);
    const ids: string[] = [];
    this.ids.forEach((id, d) => {
      if (!id) return;
      remap[d] = ids.length;
      this.docOf.set(id, ids.length);
      ids.push(id);
    });
    this.nameLists.clear();
    for (const [w, l] of this.lists) {
      const next = l.flatMap((d) => (remap[d]! >= 0 ? [remap[d]!] : []));
      if (next.length) this.lists.set(w, next);
      else this.lists.delete(w);
    }
    this.ids = ids;
    this.dead = 0;
  }
}

/** Whether an ascending list holds d (binary search). */
function holds(l: number[], d: number): boolean {
  let lo = 0;
  let hi = l.length - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >>> 1;
    if (l[mid] === d) return true;
    if (l[mid]! < d) lo = mid + 1;
    else hi = mid - 1;
  }
  return false;
}
