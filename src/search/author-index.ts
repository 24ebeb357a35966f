// Author names by word (`ada`, `lovelace`) → papers: exact name-word look-ups, far cheaper than a full-text field.
import { PostingTable, packPosting, postingSlot } from '../rank/postings.ts';
import { WordTable } from '../rank/word-table.ts';
import { atLeast, grow } from '../rank/typed-arrays.ts';
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
 * A word's papers sit in the corpus's posting table (a paper number where the corpus has a slot):
 * a bulk load queues them and packs every list once, where a growing array per word cost a
 * rebuild's main thread half a second.
 */
export class AuthorIndex {
  /** Name word → its number, which is its list in `lists`. */
  private wordIds = new Map<string, number>();
  private words: string[] = [];
  private lists = new PostingTable();
  private ids: string[] = [];
  private docOf = new Map<string, number>();
  private dead = 0;
  private acc = new Float64Array(0);
  /** One paper's distinct word numbers, and the zero counts its postings carry. */
  private mine = new Int32Array(64);
  private zeros = { tf: new Uint16Array(64), ttf: new Uint8Array(64) };

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
    let n = 0;
    for (const name of authors) {
      if (!name) continue;
      const e = this.names.get(name) ?? this.learnName(name, onNewWord);
      for (let k = this.nameStarts[e]!, end = this.nameStarts[e + 1]!; k < end; k++) {
        const w = this.nameWords[k]!;
        let i = 0;
        while (i < n && this.mine[i] !== w) i++;
        if (i < n) continue;
        if (n === this.mine.length) this.growScratch(n * 2);
        this.mine[n++] = w;
      }
    }
    this.lists.pushDoc(doc, this.mine, this.zeros.tf, this.zeros.ttf, n);
    if (this.dead > 1000 && this.dead * 4 > this.ids.length) this.compact();
  }

  /**
   * Remembered names (the same people write many papers): name number e's word numbers are
   * nameWords[nameStarts[e], nameStarts[e + 1]). A word table (matched by hash, as the corpus's
   * words are), where a Map keyed by name made adding papers to the search index about a third
   * slower (cleared past NAMES_KEPT names, and by `trim`).
   */
  private names = new WordTable();
  private nameStarts = new Int32Array(1024);
  private nameWords = new Int32Array(4096);

  /** Remember a name's word numbers (new words numbered, and announced to `onNewWord`); its name number. */
  private learnName(name: string, onNewWord?: (word: string) => void): number {
    if (this.names.size >= NAMES_KEPT) this.forgetNames();
    const e = this.names.size;
    this.names.add(name, e);
    const ws = this.toWords(name);
    let at = this.nameStarts[e]!;
    this.nameStarts = grow(this.nameStarts, e + 2);
    this.nameWords = grow(this.nameWords, at + ws.length);
    for (const w of ws) {
      let t = this.wordIds.get(w);
      if (t === undefined) {
        this.wordIds.set(w, (t = this.words.length));
        this.words.push(w);
        onNewWord?.(w);
      }
      this.nameWords[at++] = t;
    }
    this.nameStarts[e + 1] = at;
    return e;
  }

  private forgetNames(): void {
    this.names = new WordTable();
    this.nameStarts = new Int32Array(1024);
    this.nameWords = new Int32Array(4096);
  }

  private growScratch(n: number): void {
    this.mine = atLeast(this.mine, n);
    this.zeros = { tf: new Uint16Array(n), ttf: new Uint8Array(n) };
  }

  /** After a bulk load: pack the lists, forget the names remembered. */
  trim(): void {
    this.lists.flush(this.words.length);
    this.forgetNames();
  }

  /** Whether a paper is indexed. */
  holds(id: string): boolean {
    return this.docOf.has(id);
  }

  /** The `limit` papers whose authors' names hold most of the words, best first (rarer words weigh more; then newest). */
  search(queryWords: readonly string[], boost: number, limit: number): AuthorHit[] {
    this.lists.flush(this.words.length);
    const n = this.ids.length;
    if (this.acc.length < n) this.acc = new Float64Array(n * 2);
    const acc = this.acc;
    const touched: number[] = [];
    const found: [string, Uint32Array][] = [];
    for (const w of new Set(queryWords)) {
      const t = this.wordIds.get(w);
      const l = t === undefined ? undefined : this.lists.get(t);
      if (!l) continue;
      found.push([w, l]);
      // BM25+'s idf as MiniSearch computes it, times what one occurrence in a name of average length scores (1 + δ 0.5).
      const idf = Math.log(1 + (this.size - l.length + 0.5) / (l.length + 0.5)) * 1.5;
      for (const p of l) {
        const d = postingSlot(p);
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

  /** Write the index (for a snapshot; `readFrom` reads it back): ids, words, and each word's paper numbers. */
  writeTo(w: BinaryWriter): void {
    const { sizes, data } = this.lists.state(this.words.length);
    w.strings(this.ids);
    w.strings(this.words);
    w.array(sizes);
    w.array(Int32Array.from(data, postingSlot));
  }

  /** Read what `writeTo` wrote; the returned function puts it in place of what the index holds. */
  readFrom(r: BinaryReader): () => void {
    const ids = r.strings();
    const words = r.strings();
    const sizes = r.array(Int32Array);
    const docs = r.array(Int32Array);
    if (words.length !== sizes.length || sizes.reduce((a, b) => a + b, 0) !== docs.length) throw new Error('author index snapshot is inconsistent');
    if (docs.some((d) => d < 0 || d >= ids.length)) throw new Error('author index snapshot is inconsistent');
    const lists = PostingTable.from({ sizes, data: Uint32Array.from(docs, (d) => packPosting(d, 0, 0)) });
    return () => {
      this.ids = ids;
      this.docOf = new Map();
      this.dead = 0;
      ids.forEach((id, d) => (id ? this.docOf.set(id, d) : this.dead++));
      this.words = words;
      this.wordIds = new Map(words.map((w, i) => [w, i]));
      this.lists = lists;
      this.forgetNames();
    };
  }

  /** Renumber live papers and drop dead ones from the lists (words keep their numbers). */
  private compact(): void {
    const remap = new Int32Array(this.ids.length).fill(-1);
    const ids: string[] = [];
    this.ids.forEach((id, d) => {
      if (!id) return;
      remap[d] = ids.length;
      this.docOf.set(id, ids.length);
      ids.push(id);
    });
    this.lists.remap(this.words.length, remap);
    this.ids = ids;
    this.dead = 0;
  }
}

/** Whether a list of postings in ascending paper order holds paper d (binary search). */
function holds(l: Uint32Array, d: number): boolean {
  let lo = 0;
  let hi = l.length - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >>> 1;
    const at = postingSlot(l[mid]!);
    if (at === d) return true;
    if (at < d) lo = mid + 1;
    else hi = mid - 1;
  }
  return false;
}
