// Corpus statistics over every stored paper: vocabulary, document frequencies, compact vectors, postings.
import type { Paper, PaperText } from '../papers/paper.ts';
import { paperTextHash } from '../papers/text-hash.ts';
import { isIndexWord, stem, stemOnce } from '../search/text.ts';
import { PostingTable } from './postings.ts';
import type { BinaryReader, BinaryWriter } from '../search/binary-codec.ts';
import { kthLargest } from './kth-largest.ts';
import { TermCounts } from './term-counts.ts';
import { WordTable } from './word-table.ts';
import { grow } from './typed-arrays.ts';

/** Weight of one occurrence per field in the "virtual document" a paper becomes. */
export interface FieldWeights {
  title: number;
  keywords: number;
  summary: number;
  aiSummary: number;
}

export const FIELD_WEIGHTS: FieldWeights = { title: 3, keywords: 2, summary: 1, aiSummary: 1 };

/** A paper's terms: parallel term ids, weighted frequencies and title counts, with its lengths. */
export interface DocVector {
  id: string;
  terms: Int32Array;
  tf: Uint16Array;
  /** Occurrences of each term in the title alone. */
  ttf: Uint8Array;
  len: number;
  tlen: number;
}

/**
 * Papers turned into vectors by one corpus (`vectorize`, in a worker thread during a rebuild) for
 * another to add (`addVectors`): paper j's terms are terms[offsets[j], offsets[j + 1]), numbered as
 * the vectorising corpus numbers them, with the words and stems it learned from these papers.
 */
export interface VectorBatch {
  offsets: Int32Array;
  terms: Int32Array;
  tf: Uint16Array;
  ttf: Uint8Array;
  lens: Float64Array;
  tlens: Float64Array;
  /** Each paper's `paperTextHash` (hashed where it was read: a rebuild's worker). */
  hashes: Uint32Array;
  /** Words first seen in these papers, in order, with their term ids (-1: not an index word). */
  words: string[];
  wordTerms: Int32Array;
  /** Stems first seen in these papers: term ids firstStem, firstStem + 1, … */
  stems: string[];
  firstStem: number;
}

/** A paper's vector as the corpus stores it: `terms`, `tf` and `ttf` may be longer than `n`. */
type Vector = { terms: Int32Array; tf: ArrayLike<number>; ttf: ArrayLike<number>; n: number; len: number; tlen: number };

/** The vectorising corpus's term ids → this corpus's, kept across the batches of one rebuild. */
export interface TermMap {
  ids: Int32Array;
}

/** The most papers `reserve` makes room for at once (a count that is wrong must not take gigabytes). */
const MAX_RESERVE = 1_000_000;

/** Terms kept per stored paper for feedback and profiles: its most distinctive ones (tf · idf at insertion). */
export const KEPT_TERMS = 64;


const clamp = (n: number, max: number): number => Math.min(max, Math.round(n));

/** A Vector with room for `size` terms, filled in place paper after paper. */
const vectorBuffers = (size: number) => ({ terms: new Int32Array(size), tf: new Uint16Array(size), ttf: new Uint8Array(size), n: 0, len: 0, tlen: 0 });

/**
 * Vocabulary, document frequencies and postings of the stored papers, in typed arrays (about
 * 1 kB a paper). `add` costs in proportion to the papers added: a changed paper's old slot is
 * marked dead (readers skip it) and everything is compacted once a fifth of the slots are dead.
 */
export class Corpus {
  private vocab = new Map<string, number>();
  private stems: string[] = [];
  /** A readable word per term id (the first seen), as 1 + its entry in `wordIds` (0: none). */
  private surface = new Int32Array(1024);
  /** Surface word → term id (-1: not an index word): one look-up per token instead of stemming. */
  private wordIds = new WordTable();
  private readonly counts = new TermCounts();
  /** A paper's term weights, and kthLargest's scratch, while it is inserted (no view made per paper). */
  private weightScratch = new Float64Array(256);
  private selectScratch = new Float64Array(256);
  /** Called once for every new word (the search index's typo dictionary listens). */
  onNewWord?: (word: string) => void;
  private df = new Int32Array(1024);
  private lists = new PostingTable();
  private slotOf = new Map<string, number>();
  // Per slot: id ('' once dead), lengths, text hash, and where its kept terms sit in the arena.
  private ids: string[] = [];
  private lens = new Float32Array(1024);
  private tlens = new Float32Array(1024);
  private hashes = new Uint32Array(1024);
  private starts = new Int32Array(1024);
  private keptCounts = new Uint16Array(1024);
  private arena = { terms: new Int32Array(4096), tf: new Uint16Array(4096), ttf: new Uint8Array(4096), used: 0 };
  private totalLen = 0;
  private totalTitleLen = 0;
  /** Grows on every change; caches key on it. */
  version = 0;

  constructor(readonly fields: FieldWeights = FIELD_WEIGHTS) {}

  /** Build a corpus from papers. */
  static of(papers: Iterable<Paper>, fields?: FieldWeights): Corpus {
    const c = new Corpus(fields);
    c.add(papers);
    return c;
  }

  get size(): number {
    return this.slotOf.size;
  }
  get vocabSize(): number {
    return this.stems.length;
  }
  /** Slots handed out so far (live or dead): the range of slot numbers in postings. */
  get slotCount(): number {
    return this.ids.length;
  }
  get avgLen(): number {
    return this.size ? this.totalLen / this.size : 1;
  }
  get avgTitleLen(): number {
    return this.size ? this.totalTitleLen / this.size : 1;
  }

  /** Add papers; a paper already there is replaced (and skipped when its text is unchanged). */
  add(papers: Iterable<Paper>): void {
    let changed = false;
    for (const p of papers) changed = this.replace(p.id, paperTextHash(p), () => this.countOf(p, true)) || changed;
    this.settle(changed);
  }

  /** Put a paper's vector (made only when needed) in place of what the corpus holds for it; false when its text (`hash`) is unchanged. */
  private replace(id: string, hash: number, vector: () => Vector): boolean {
    const old = this.slotOf.get(id);
    if (old !== undefined) {
      if (this.hashes[old] === hash) return false;
      this.drop(old);
    }
    this.insert(id, vector(), hash);
    return true;
  }

  /** After adding: compact once a fifth of the slots are dead, and note the change. */
  private settle(changed: boolean): void {
    if (this.ids.length > 1000 && this.ids.length > this.size * 1.25) this.compact();
    if (changed) this.version++;
  }

  /**
   * Turn papers into vectors, learning their new words, without adding them (see VectorBatch; its
   * arrays are views, valid until the next call). A corpus used for this alone holds a vocabulary
   * and nothing else.
   */
  vectorize(papers: readonly PaperText[]): VectorBatch {
    const firstWord = this.wordIds.size;
    const firstStem = this.stems.length;
    const n = papers.length;
    // Reused from call to call (the batch is a view): a rebuild vectorises a hundred batches.
    const v = this.batch;
    v.offsets = grow(v.offsets, n + 1);
    v.lens = grow(v.lens, n);
    v.tlens = grow(v.tlens, n);
    v.hashes = grow(v.hashes, n);
    let at = 0;
    const words: string[] = (this.added = []);
    try {
      papers.forEach((p, j) => {
        v.hashes[j] = paperTextHash(p);
        const c = this.countOf(p, true);
        if (at + c.n > v.terms.length) {
          v.terms = grow(v.terms, at + c.n);
          v.tf = grow(v.tf, at + c.n);
          v.ttf = grow(v.ttf, at + c.n);
        }
        v.terms.set(c.terms.subarray(0, c.n), at);
        v.tf.set(c.tf.subarray(0, c.n), at);
        v.ttf.set(c.ttf.subarray(0, c.n), at);
        at += c.n;
        v.offsets[j + 1] = at;
        v.lens[j] = c.len;
        v.tlens[j] = c.tlen;
      });
    } finally {
      this.added = undefined;
    }
    const wordTerms = new Int32Array(words.length);
    for (let i = 0; i < words.length; i++) wordTerms[i] = this.wordIds.idAt(firstWord + i);
    return {
      offsets: v.offsets.subarray(0, n + 1),
      terms: v.terms.subarray(0, at),
      tf: v.tf.subarray(0, at),
      ttf: v.ttf.subarray(0, at),
      lens: v.lens.subarray(0, n),
      tlens: v.tlens.subarray(0, n),
      hashes: v.hashes.subarray(0, n),
      words,
      wordTerms,
      stems: this.stems.slice(firstStem),
      firstStem,
    };
  }

  private batch = { offsets: new Int32Array(1), lens: new Float64Array(0), tlens: new Float64Array(0), hashes: new Uint32Array(0), terms: new Int32Array(0), tf: new Uint16Array(0), ttf: new Uint8Array(0) };

  /**
   * Add papers another corpus vectorised (`vectorize`), as `add` would add them: their words and
   * stems are learned first (numbered through `map`, one per rebuild), and a paper already here with
   * the same text is skipped.
   */
  addVectors(papers: readonly { id: string }[], b: VectorBatch, map: TermMap): void {
    map.ids = grow(map.ids, b.firstStem + b.stems.length);
    b.stems.forEach((s, i) => (map.ids[b.firstStem + i] = this.termId(s, true)));
    b.words.forEach((w, i) => {
      if (this.wordIds.get(w) !== undefined) return;
      const id = b.wordTerms[i]! >= 0 ? map.ids[b.wordTerms[i]!]! : -1;
      this.learnWord(w, id);
    });
    let changed = false;
    papers.forEach((p, j) => {
      changed =
        this.replace(p.id, b.hashes[j]!, () => {
          const from = b.offsets[j]!;
          const n = b.offsets[j + 1]! - from;
          // Copied into reused arrays, not viewed: a rebuild made a view per paper (and the typo dictionary one per word).
          if (this.mapped.terms.length < n) this.mapped = vectorBuffers(2 * n);
          const v = this.mapped;
          for (let i = 0; i < n; i++) {
            v.terms[i] = map.ids[b.terms[from + i]!]!;
            v.tf[i] = b.tf[from + i]!;
            v.ttf[i] = b.ttf[from + i]!;
          }
          v.n = n;
          v.len = b.lens[j]!;
          v.tlen = b.tlens[j]!;
          return v;
        }) || changed;
    });
    this.settle(changed);
  }

  private mapped = vectorBuffers(256);

  /** Store a paper's vector (`terms`, `tf` and `ttf` may be longer than `n`) in a new slot. */
  private insert(id: string, v: Vector, hash: number): void {
    const slot = this.ids.length;
    this.ids.push(id);
    this.slotOf.set(id, slot);
    if (slot >= this.lens.length) this.growSlots(slot + 1);
    this.lens[slot] = v.len;
    this.tlens[slot] = v.tlen;
    this.hashes[slot] = hash;
    this.totalLen += v.len;
    this.totalTitleLen += v.tlen;
    const m = v.n;
    this.lists.pushDoc(slot, v.terms, v.tf, v.ttf, m);
    // Keep the most distinctive terms for feedback and profiles (all of them when there are few).
    const n = this.size;
    if (this.weightScratch.length < m) {
      this.weightScratch = new Float64Array(2 * m);
      this.selectScratch = new Float64Array(2 * m);
    }
    const weight = this.weightScratch;
    const df = this.df;
    if (m > KEPT_TERMS) {
      // tf · BM25's idf, log(1 + (n − d + 0.5) / (d + 0.5)) = log(n + 1) − log(d + 0.5), with log(d + 0.5) from a table.
      // A paper's terms are distinct: each df is final once incremented, and at most the slots handed out.
      const logN = Math.log(n + 1);
      const logD = this.logHalves(this.ids.length);
      for (let i = 0; i < m; i++) weight[i] = v.tf[i]! * (logN - logD[++df[v.terms[i]!]!]!);
    } else {
      for (let i = 0; i < m; i++) df[v.terms[i]!]! += 1;
    }
    const cut = m > KEPT_TERMS ? kthLargest(this.selectScratch, weight, KEPT_TERMS, m) : -Infinity;
    let a = this.arena;
    if (a.used + KEPT_TERMS > a.terms.length) a = this.growArena(a.used + KEPT_TERMS);
    this.starts[slot] = a.used;
    // Terms weighing more than the cut, then as many weighing just the cut as there is room for (in text order).
    let ties = KEPT_TERMS;
    if (m > KEPT_TERMS) for (let i = 0; i < m; i++) if (weight[i]! > cut) ties--;
    let kept = 0;
    for (let i = 0; i < m && kept < KEPT_TERMS; i++) {
      if (m > KEPT_TERMS && (weight[i]! < cut || (weight[i] === cut && ties-- <= 0))) continue;
      a.terms[a.used] = v.terms[i]!;
      a.tf[a.used] = v.tf[i]!;
      a.ttf[a.used++] = v.ttf[i]!;
      kept++;
    }
    this.keptCounts[slot] = kept;
  }

  /**
   * Room for `papers` more papers, made at once (a bulk load that knows how many are coming): the
   * per-paper arrays and the kept terms exactly; the postings' queue for the first `beforePacking` of
   * them (`packPostings` then gives each term's list room for its share of the rest). Grown by
   * doubling instead, each array is copied again and again into fresh memory: about 0.35 s of a
   * 100,000-paper rebuild's main thread (bench/search.bench.ts).
   */
  reserve(papers: number, beforePacking = papers): void {
    if (!(papers > 0)) return;
    papers = Math.min(papers, MAX_RESERVE);
    const n = this.ids.length + papers;
    if (n > this.lens.length) this.growSlots(n);
    this.growArena(this.arena.used + papers * KEPT_TERMS);
    this.lists.reserveFor(papers, beforePacking);
  }

  /** Room for `n` slots in every per-slot array. */
  private growSlots(n: number): void {
    this.lens = grow(this.lens, n);
    this.tlens = grow(this.tlens, n);
    this.hashes = grow(this.hashes, n);
    this.starts = grow(this.starts, n);
    this.keptCounts = grow(this.keptCounts, n);
  }

  /** Room for `n` kept terms in the arena. */
  private growArena(n: number): typeof this.arena {
    const a = this.arena;
    a.terms = grow(a.terms, n);
    a.tf = grow(a.tf, n);
    a.ttf = grow(a.ttf, n);
    return a;
  }

  /** log(d + 0.5) for every d up to `n` (a table grown with the corpus: document frequencies are at most its slot count). */
  private logHalves(n: number): Float64Array {
    if (this.logHalf.length <= n) {
      const from = this.logHalf.length;
      this.logHalf = grow(this.logHalf, n + 1);
      for (let d = from; d < this.logHalf.length; d++) this.logHalf[d] = Math.log(d + 0.5);
    }
    return this.logHalf;
  }

  private logHalf = new Float64Array(0);

  private drop(slot: number): void {
    this.totalLen -= this.lens[slot]!;
    this.totalTitleLen -= this.tlens[slot]!;
    // Only the kept terms are known here; compaction recounts document frequencies exactly.
    for (let i = this.starts[slot]!; i < this.starts[slot]! + this.keptCounts[slot]!; i++) this.df[this.arena.terms[i]!]! -= 1;
    this.slotOf.delete(this.ids[slot]!);
    this.ids[slot] = '';
  }

  /** Renumber live slots, drop dead postings, recount document frequencies, pack the arena. */
  private compact(): void {
    this.flush();
    const remap = new Int32Array(this.ids.length).fill(-1);
    const ids: string[] = [];
    const a = this.arena;
    const arena = { terms: new Int32Array(this.size * KEPT_TERMS + 16), tf: new Uint16Array(this.size * KEPT_TERMS + 16), ttf: new Uint8Array(this.size * KEPT_TERMS + 16), used: 0 };
    this.ids.forEach((id, old) => {
      if (!id) return;
      const slot = ids.length;
      remap[old] = slot;
      ids.push(id);
      this.slotOf.set(id, slot);
      this.lens[slot] = this.lens[old]!;
      this.tlens[slot] = this.tlens[old]!;
      this.hashes[slot] = this.hashes[old]!;
      const from = this.starts[old]!;
      const n = this.keptCounts[old]!;
      arena.terms.set(a.terms.subarray(from, from + n), arena.used);
      arena.tf.set(a.tf.subarray(from, from + n), arena.used);
      arena.ttf.set(a.ttf.subarray(from, from + n), arena.used);
      this.starts[slot] = arena.used;
      this.keptCounts[slot] = n;
      arena.used += n;
    });
    this.ids = ids;
    this.arena = arena;
    const sizes = this.lists.remap(this.stems.length, remap);
    this.df.set(sizes);
  }

  /** Give back spare capacity (after a bulk load): the postings' queue goes, and an arena with more than an eighth spare shrinks to what it holds. */
  trim(): void {
    this.lists.trim(this.stems.length);
    const a = this.arena;
    // An arena a bulk load reserved fits already: copied, it would be fresh memory (page faults) in the load's last step.
    if (a.terms.length - a.used > a.terms.length / 8) this.arena = { terms: a.terms.slice(0, a.used), tf: a.tf.slice(0, a.used), ttf: a.ttf.slice(0, a.used), used: a.used };
  }

  /** Put queued postings in their lists now (a bulk load does it while its worker is busy: see CorpusLoader). */
  packPostings(): void {
    this.flush();
  }

  /** Put queued postings in their lists. */
  private flush(): void {
    this.lists.flush(this.stems.length);
  }

  /** Term id of a stem, optionally creating it. -1 when unknown. */
  termId(term: string, create = false): number {
    let id = this.vocab.get(term);
    if (id === undefined) {
      if (!create) return -1;
      id = this.stems.length;
      // Kept for good: a stem made by slicing or joining (porter2's) would keep its parts too, some 20 MB at 100,000 papers.
      term = detached(term);
      this.vocab.set(term, id);
      this.stems.push(term);
      if (id >= this.df.length) {
        this.df = grow(this.df, id + 1);
        this.surface = grow(this.surface, id + 1);
      }
    }
    return id;
  }

  /** The stem of a term id. */
  term(id: number): string {
    return this.stems[id] ?? '';
  }

  /** A readable word for a term id (`attention` for `attent`). */
  word(id: number): string {
    const e = this.surface[id];
    return e ? this.wordIds.wordAt(e - 1) : this.term(id);
  }

  docFreq(id: number): number {
    return id >= 0 ? this.df[id]! : 0;
  }

  /** BM25's idf: rare terms weigh more. */
  idf(id: number): number {
    const n = this.size;
    const df = this.docFreq(id);
    return Math.log(1 + (n - df + 0.5) / (df + 0.5));
  }

  /** Whether a paper is in the corpus. */
  has(id: string): boolean {
    return this.slotOf.has(id);
  }

  /** The `paperTextHash` of a paper as the corpus holds it, undefined when it holds none. */
  textHash(id: string): number | undefined {
    const slot = this.slotOf.get(id);
    return slot === undefined ? undefined : this.hashes[slot];
  }

  /** A stored paper's kept terms (its KEPT_TERMS most distinctive), with its full lengths. */
  doc(id: string): DocVector | undefined {
    const slot = this.slotOf.get(id);
    return slot === undefined ? undefined : this.live(slot);
  }

  /** Postings of a term id (may hold dead slots: check `live`). */
  postings(id: number): Uint32Array | undefined {
    this.flush();
    return id >= 0 ? this.lists.get(id) : undefined;
  }

  /** The paper id in a slot, undefined when the slot is dead. */
  idAt(slot: number): string | undefined {
    return this.ids[slot] || undefined;
  }

  /** Per slot, 1 when it holds a current paper (a view, valid until the next change). */
  liveSlots(): Uint8Array {
    const n = this.ids.length;
    if (this.liveCache?.version !== this.version || this.liveCache.flags.length !== n) {
      const flags = new Uint8Array(n);
      for (let i = 0; i < n; i++) flags[i] = this.ids[i] ? 1 : 0;
      this.liveCache = { version: this.version, flags };
    }
    return this.liveCache.flags;
  }

  private liveCache?: { version: number; flags: Uint8Array };

  /** The kept terms of the paper in a slot, undefined when the slot is dead. */
  live(slot: number): DocVector | undefined {
    const id = this.ids[slot];
    if (!id) return undefined;
    const from = this.starts[slot]!;
    const to = from + this.keptCounts[slot]!;
    const a = this.arena;
    return { id, terms: a.terms.slice(from, to), tf: a.tf.slice(from, to), ttf: a.ttf.slice(from, to), len: this.lens[slot]!, tlen: this.tlens[slot]! };
  }

  private normCache?: { key: string; body: Float32Array; title: Float32Array };

  /** BM25 length normalisers per slot, k1·(1 − b + b·len/avg), for text and title (cached per version). */
  slotNorms(k1: number, b: number): { body: Float32Array; title: Float32Array } {
    const key = `${this.version}:${this.ids.length}:${k1}:${b}`;
    if (this.normCache?.key !== key) {
      const n = this.ids.length;
      const body = new Float32Array(n);
      const title = new Float32Array(n);
      const al = this.avgLen;
      const at = this.avgTitleLen;
      for (let i = 0; i < n; i++) {
        body[i] = k1 * (1 - b + (b * this.lens[i]!) / al);
        title[i] = k1 * (1 - b + (b * this.tlens[i]!) / at);
      }
      this.normCache = { key, body, title };
    }
    return this.normCache;
  }

  /** Write everything the corpus holds (for a snapshot; `readFrom` reads it back). */
  writeTo(w: BinaryWriter): void {
    this.flush();
    const v = this.stems.length;
    const n = this.ids.length;
    w.strings(this.stems);
    w.array(this.surface.subarray(0, v));
    const t = this.wordIds.state();
    for (const a of [t.starts, t.ids, t.chars, this.df.subarray(0, v)]) w.array(a);
    const { sizes, data } = this.lists.state(v);
    w.array(sizes);
    w.array(data);
    w.strings(this.ids);
    for (const a of [this.lens, this.tlens, this.hashes, this.starts, this.keptCounts]) w.array(a.subarray(0, n));
    const a = this.arena;
    for (const x of [a.terms, a.tf, a.ttf]) w.array(x.subarray(0, a.used));
    for (const x of [this.totalLen, this.totalTitleLen, this.version]) w.f64(x);
  }

  /** Read what `writeTo` wrote; the returned function puts it in place of what the corpus holds. */
  readFrom(r: BinaryReader): () => void {
    const stems = r.strings();
    const surface = r.array(Int32Array);
    const wordIds = WordTable.fromState({ starts: r.array(Int32Array), ids: r.array(Int32Array), chars: r.array(Uint16Array) });
    const df = r.array(Int32Array);
    const sizes = r.array(Int32Array);
    const data = r.array(Uint32Array);
    const lists = PostingTable.from({ sizes, data });
    const ids = r.strings();
    const perSlot = { lens: r.array(Float32Array), tlens: r.array(Float32Array), hashes: r.array(Uint32Array), starts: r.array(Int32Array), keptCounts: r.array(Uint16Array) };
    const terms = r.array(Int32Array);
    const arena = { terms, tf: r.array(Uint16Array), ttf: r.array(Uint8Array), used: terms.length };
    const [totalLen, totalTitleLen, version] = [r.f64(), r.f64(), r.f64()];
    const ok = df.length === stems.length && surface.length === stems.length && sizes.length === stems.length && data.length === sizes.reduce((a, b) => a + b, 0);
    if (!ok || Object.values(perSlot).some((a) => a.length !== ids.length)) throw new Error('corpus snapshot is inconsistent');
    return () => {
      Object.assign(this, { stems, surface, wordIds, df, lists, ids, arena, totalLen, totalTitleLen, version, ...perSlot });
      this.vocab = new Map(stems.map((s, i) => [s, i]));
      this.slotOf = new Map();
      ids.forEach((id, slot) => id && this.slotOf.set(id, slot));
      this.normCache = undefined;
      this.liveCache = undefined;
    };
  }

  /** Term id of a surface word; with `create`, new words are learned (and announced to onNewWord). */
  private idOfWord(word: string, create: boolean): number {
    const known = this.wordIds.get(word);
    if (known !== undefined) return known;
    if (!isIndexWord(word)) {
      if (create) this.addWord(detached(word), -1);
      return -1;
    }
    if (create) word = detached(word);
    const t = create ? stemOnce(word) : stem(word);
    const id = this.termId(t, create);
    if (create) this.learnWord(word, id);
    return id;
  }

  /** Words added to the table while `vectorize` runs, in the order added (`wordAt` would make each again from its chars). */
  private added?: string[];

  /** Add a word (an index word, or one that is not: -1) to the table. */
  private addWord(word: string, id: number): void {
    this.wordIds.add(word, id);
    this.added?.push(word);
  }

  /** Record a new index word with its term id. */
  private learnWord(word: string, id: number): void {
    this.addWord(word, id);
    if (id < 0) return;
    if (!this.surface[id]) this.surface[id] = this.wordIds.size;
    this.onNewWord?.(word);
  }

  /** Every surface word seen, once. */
  eachWord(fn: (word: string) => void): void {
    for (const [w, id] of this.wordIds.entries()) if (id >= 0) fn(w);
  }

  /** Document frequency of a surface word's term: docFreq(termId(stem(word))), without stemming a word already seen. */
  wordDocFreq(word: string): number {
    const id = this.wordIds.get(word);
    return id !== undefined && id >= 0 ? this.docFreq(id) : this.docFreq(this.termId(stem(word)));
  }

  /** Term id of a surface word (-1: none), without stemming a word already seen. */
  termOfWord(word: string): number {
    return this.idOfWord(word, false);
  }

  /** Whether a surface word was seen in any paper. */
  knowsWord(word: string): boolean {
    return (this.wordIds.get(word) ?? -1) >= 0;
  }

  /** The full vector of a paper (with `create`, its new words get term ids; otherwise unknown words are dropped). */
  vectorOf(p: Paper, create = false): DocVector {
    const v = this.countOf(p, create);
    return { id: p.id, terms: v.terms.slice(0, v.n), tf: v.tf.slice(0, v.n), ttf: v.ttf.slice(0, v.n), len: v.len, tlen: v.tlen };
  }

  private out = { terms: new Int32Array(0), tf: new Uint16Array(256), ttf: new Uint8Array(256), n: 0, len: 0, tlen: 0 };

  /** A paper's vector in reused arrays (valid until the next call; `terms`, `tf` and `ttf` may be longer than `n`). */
  private countOf(p: PaperText, create: boolean): typeof this.out {
    const c = this.counts;
    const f = this.fields;
    const unseen = create ? this.learn : this.lookUp;
    c.clear();
    c.scan(p.title, f.title, true, this.wordIds, unseen);
    if (p.keywords?.length) c.scan(p.keywords.join(' . '), f.keywords, false, this.wordIds, unseen);
    c.scan(p.summary, f.summary, false, this.wordIds, unseen);
    if (p.aiSummary && p.aiSummary !== p.summary) c.scan(p.aiSummary, f.aiSummary, false, this.wordIds, unseen);
    const o = this.out;
    if (o.tf.length < c.n) {
      o.tf = new Uint16Array(c.n * 2);
      o.ttf = new Uint8Array(c.n * 2);
    }
    for (let i = 0; i < c.n; i++) {
      o.tf[i] = clamp(c.tf[i]!, 65_535);
      o.ttf[i] = clamp(c.ttf[i]!, 255);
    }
    o.terms = c.terms;
    o.n = c.n;
    o.len = c.len;
    o.tlen = c.tlen;
    return o;
  }

  private readonly learn = (word: string): number => this.idOfWord(word, true);
  private readonly lookUp = (word: string): number => this.idOfWord(word, false);
}

/**
 * A flat copy of a word cut from a text: V8 keeps a slice of 13 characters or more as a view of the whole
 * text, so a kept word would otherwise keep its paper's abstract alive (over 100 MB at 100,000 papers),
 * and a joined one as its parts.
 */
const detached = (w: string): string => (w.length >= 13 ? Buffer.from(w, 'utf8').toString('utf8') : w);
