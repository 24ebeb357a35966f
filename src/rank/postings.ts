// Posting lists of the ranking corpus: one packed table, per-term lists for postings added one paper at a time, the queue that fills them.

/**
 * The documents holding one term, packed one per 32-bit word: slot (22 bits, up to 4 million
 * papers), weighted tf (8 bits, capped) and title tf (2 bits, capped). Appended as papers arrive.
 */
export class PostingList {
  /** The posting while there is only one: most terms are rare, and an array each would cost ~100 bytes. */
  one = 0;
  /** Postings 0 … n-1 . */
  data: Uint32Array | undefined;
  n = 0;

  push(slot: number, tf: number, ttf: number): void {
    this.pushPacked(packPosting(slot, tf, ttf));
  }

  pushPacked(packed: number): void {
    if (this.n === 0) {
      this.one = packed;
      this.n = 1;
      return;
    }
    if (!this.data) {
      this.data = new Uint32Array(4);
      this.data[0] = this.one;
    } else if (this.n === this.data.length) {
      const next = new Uint32Array(this.n * 2);
      next.set(this.data);
      this.data = next;
    }
    this.data[this.n++] = packed;
  }

  /** Posting j, packed. */
  at(j: number): number {
    return this.data ? this.data[j]! : this.one;
  }
}

/** A posting packed into 32 bits. */
export const packPosting = (slot: number, tf: number, ttf: number): number => ((slot << 10) | (Math.min(tf, 255) << 2) | Math.min(ttf, 3)) >>> 0;

/** The parts of a packed posting. */
export const postingSlot = (p: number): number => p >>> 10;
export const postingTf = (p: number): number => (p >>> 2) & 255;
export const postingTtf = (p: number): number => p & 3;

/** Below this many queued postings, a flush appends them to per-term lists (an incremental add); from it on, it packs every list anew. */
const BULK = 50_000;

/**
 * Every term's postings. Most sit packed end to end in one array (term t's at data[offsets[t],
 * offsets[t + 1])), with no object per term; a term that gets postings one paper at a time moves
 * to a list of its own. Postings are queued in paper order and put in place only when someone
 * reads them: after a bulk load that is one pass that packs every list anew at its exact size.
 */
export class PostingTable {
  private offsets = new Int32Array(1);
  private data: Uint32Array<ArrayBufferLike> = new Uint32Array(0);
  /** Terms given postings since the last packing: their whole list. */
  private own = new Map<number, PostingList>();
  private queuedTerms = new Int32Array(1024);
  private queued = new Uint32Array(1024);
  private nq = 0;
  /** Papers whose postings are queued (pushDoc), for `reserveFor`'s estimate. */
  private queuedDocs = 0;

  /** Postings queued, not yet in their lists. */
  get pending(): number {
    return this.nq;
  }

  push(term: number, slot: number, tf: number, ttf: number): void {
    this.reserve(1);
    this.queuedTerms[this.nq] = term;
    this.queued[this.nq++] = packPosting(slot, tf, ttf);
  }

  /** Queue one paper's postings: terms[i] with tf[i] and ttf[i], for i below m. */
  pushDoc(slot: number, terms: Int32Array, tf: ArrayLike<number>, ttf: ArrayLike<number>, m: number): void {
    this.reserve(m);
    this.queuedDocs++;
    const qt = this.queuedTerms;
    const q = this.queued;
    let at = this.nq;
    for (let i = 0; i < m; i++, at++) {
      qt[at] = terms[i]!;
      q[at] = packPosting(slot, tf[i]!, ttf[i]!);
    }
    this.nq = at;
  }

  /**
   * Room in the queue for the postings of `docs` more papers, as many a paper as those queued so far
   * (with a margin): a bulk load that knows its size grows the queue once, not by quadrupling.
   */
  reserveFor(docs: number): void {
    if (this.queuedDocs && docs > 0) this.reserve(Math.ceil((this.nq / this.queuedDocs) * docs * 1.15));
  }

  /** Room for n more queued postings. */
  private reserve(n: number): void {
    if (this.nq + n <= this.queuedTerms.length) return;
    // Four times as large: a bulk load queues millions, and each growth costs fresh pages as well as the copy
    // (pages never written cost no memory).
    const size = Math.max(this.nq + n, this.queuedTerms.length * 4);
    const terms = new Int32Array(size);
    terms.set(this.queuedTerms.subarray(0, this.nq));
    this.queuedTerms = terms;
    const packed = new Uint32Array(size);
    packed.set(this.queued.subarray(0, this.nq));
    this.queued = packed;
  }

  /** Term t's postings, packed, in the order added (a view: valid until the next change); call `flush` first. */
  get(t: number): Uint32Array | undefined {
    const l = this.own.get(t);
    if (l) return l.data ? l.data.subarray(0, l.n) : Uint32Array.of(l.one);
    if (t + 1 >= this.offsets.length || this.offsets[t] === this.offsets[t + 1]) return undefined;
    return this.data.subarray(this.offsets[t]!, this.offsets[t + 1]!);
  }

  /** Put queued postings in their lists (terms are below `vocabSize`). */
  flush(vocabSize: number): void {
    const n = this.nq;
    if (!n) return;
    if (n < BULK && this.own.size < 50_000) {
      for (let i = 0; i < n; i++) {
        const t = this.queuedTerms[i]!;
        let l = this.own.get(t);
        if (!l) {
          l = new PostingList();
          for (const p of this.get(t) ?? []) l.pushPacked(p);
          this.own.set(t, l);
        }
        l.pushPacked(this.queued[i]!);
      }
    } else {
      this.pack(vocabSize, (t) => this.get(t), this.queuedTerms.subarray(0, n), this.queued.subarray(0, n));
    }
    this.nq = 0;
    this.queuedDocs = 0;
    if (this.queuedTerms.length > 1024) {
      this.queuedTerms = new Int32Array(1024);
      this.queued = new Uint32Array(1024);
    }
  }

  /**
   * Pack every list anew: what `lists` gives for each term, then the postings of `terms`/`packed` in order.
   * Returns each term's new size.
   */
  private pack(vocabSize: number, lists: (t: number) => ArrayLike<number> | undefined, terms: Int32Array, packed: Uint32Array): Int32Array {
    const sizes = new Int32Array(vocabSize);
    for (let t = 0; t < vocabSize; t++) sizes[t] = lists(t)?.length ?? 0;
    for (let i = 0; i < terms.length; i++) sizes[terms[i]!]!++;
    const offsets = new Int32Array(vocabSize + 1);
    for (let t = 0; t < vocabSize; t++) offsets[t + 1] = offsets[t]! + sizes[t]!;
    const data = new Uint32Array(offsets[vocabSize]!);
    const at = offsets.slice(0, vocabSize);
    for (let t = 0; t < vocabSize; t++) {
      const l = lists(t);
      if (!l?.length) continue;
      if (l instanceof Uint32Array) data.set(l, at[t]!);
      else for (let j = 0; j < l.length; j++) data[at[t]! + j] = l[j]!;
      at[t]! += l.length;
    }
    for (let i = 0; i < terms.length; i++) data[at[terms[i]!]!++] = packed[i]!;
    this.offsets = offsets;
    this.data = data;
    this.own.clear();
    return sizes;
  }

  /** Renumber slots (`remap[old]`, -1: dropped) and pack; returns each term's new size. */
  remap(vocabSize: number, remap: Int32Array): Int32Array {
    this.flush(vocabSize);
    const kept: number[] = [];
    return this.pack(
      vocabSize,
      (t) => {
        kept.length = 0;
        for (const d of this.get(t) ?? []) {
          const to = remap[postingSlot(d)]!;
          if (to >= 0) kept.push(packPosting(to, postingTf(d), postingTtf(d)));
        }
        return kept.length ? Uint32Array.from(kept) : undefined;
      },
      new Int32Array(0),
      new Uint32Array(0),
    );
  }

  /** Sizes and postings of every term, packed (for a snapshot; `from` reads them back). */
  state(vocabSize: number): { sizes: Int32Array; data: Uint32Array } {
    this.flush(vocabSize);
    if (this.own.size || this.offsets.length !== vocabSize + 1) this.pack(vocabSize, (t) => this.get(t), new Int32Array(0), new Uint32Array(0));
    const sizes = new Int32Array(vocabSize);
    for (let t = 0; t < vocabSize; t++) sizes[t] = this.offsets[t + 1]! - this.offsets[t]!;
    return { sizes, data: this.data };
  }

  /** A table from `state()` (takes the postings over). */
  static from(s: { sizes: Int32Array; data: Uint32Array }): PostingTable {
    const t = new PostingTable();
    const offsets = new Int32Array(s.sizes.length + 1);
    for (let i = 0; i < s.sizes.length; i++) offsets[i + 1] = offsets[i]! + s.sizes[i]!;
    if (offsets[s.sizes.length] !== s.data.length) throw new Error('posting table state is inconsistent');
    t.offsets = offsets;
    t.data = s.data;
    return t;
  }
}
