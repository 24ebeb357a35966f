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
 * reads them: in bulk, every list is packed anew, and a bulk load that said its size (`reserveFor`)
 * packs in place, in an array with room for the rest of it, reusing its queue from packing to packing.
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
  /** Papers pushed in all (pushDoc), and those a bulk load said are still to come (`reserveFor`). */
  private docs = 0;
  private coming = 0;
  /** Whether `state()` handed `data` out since it was last replaced. */
  private handedOut = false;

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
    this.docs++;
    if (this.coming > 0) this.coming--;
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
   * A bulk load's size: `docs` more papers, the first `queued` of them before the lists are next
   * read. The queue grows once for those (as many postings a paper as queued so far, with a margin),
   * not by quadrupling; it is kept from packing to packing until `trim`, and packing makes room in the
   * array for the rest of the load.
   */
  reserveFor(docs: number, queued = docs): void {
    if (!(docs > 0)) return;
    this.coming = docs;
    if (this.queuedDocs && queued > 0) this.reserve(Math.ceil((this.nq / this.queuedDocs) * Math.min(docs, queued) * 1.15));
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
      this.packQueued(vocabSize, this.queuedTerms.subarray(0, n), this.queued.subarray(0, n));
    }
    this.nq = 0;
    this.queuedDocs = 0;
    // A bulk load keeps its queue, in memory already, for the postings still to come.
    if (this.queuedTerms.length > 1024 && !this.coming) this.dropQueue();
  }

  /** After a bulk load: no more papers are coming; the queue's memory goes back, and the room made for papers that never came. */
  trim(vocabSize: number): void {
    this.coming = 0;
    this.flush(vocabSize);
    this.dropQueue();
    // Up to an eighth spare is kept: shrinking copies every list into fresh memory.
    const total = this.offsets[this.offsets.length - 1]!;
    if (this.data.length - total > this.data.length / 8) this.data = this.data.slice(0, total);
  }

  private dropQueue(): void {
    if (this.queuedTerms.length > 1024) {
      this.queuedTerms = new Int32Array(1024);
      this.queued = new Uint32Array(1024);
    }
  }

  /**
   * `pack` for a flush: every list with the queued postings after what it held, in an array with room
   * for what a bulk load still brings. Lists only grow, so when the array has room they move in place,
   * the last term's first, each to its new start (never before its old one): fresh memory is dear (a
   * page fault per 4 kB; touching 60 MB anew took 0.17 s on the 2-core VM this runs on), and packing
   * each time into a new array cost a 100,000-paper rebuild's main thread about 0.4 s of faults.
   */
  private packQueued(vocabSize: number, terms: Int32Array, packed: Uint32Array): void {
    if (this.own.size) return void this.pack(vocabSize, (t) => this.get(t), terms, packed);
    const old = this.offsets;
    const oldTerms = Math.min(old.length - 1, vocabSize);
    const offsets = new Int32Array(vocabSize + 1);
    for (let t = 0; t < oldTerms; t++) offsets[t + 1] = old[t + 1]! - old[t]!;
    for (let i = 0; i < terms.length; i++) offsets[terms[i]! + 1]!++;
    for (let t = 0; t < vocabSize; t++) offsets[t + 1]! += offsets[t]!;
    const total = offsets[vocabSize]!;
    let data = this.data;
    if (total > data.length || this.handedOut) {
      // Room for the rest of a bulk load, as many postings a paper as so far (pages not yet written cost no memory).
      const room = this.coming && this.docs ? Math.ceil(total * (1 + (this.coming / this.docs) * 1.1)) : total;
      data = new Uint32Array(Math.max(room, total));
    }
    for (let t = oldTerms - 1; t >= 0; t--) {
      const from = old[t]!;
      const n = old[t + 1]! - from;
      const to = offsets[t]!;
      if (!n || (to === from && data === this.data)) continue;
      if (n < 16) for (let j = n - 1; j >= 0; j--) data[to + j] = this.data[from + j]!;
      else if (data === this.data) data.copyWithin(to, from, from + n);
      else data.set(this.data.subarray(from, from + n), to);
    }
    const at = new Int32Array(vocabSize);
    for (let t = 0; t < vocabSize; t++) at[t] = offsets[t]! + (t < oldTerms ? old[t + 1]! - old[t]! : 0);
    this.install(offsets, data, at, terms, packed);
  }

  /** Write the queued postings after what each list holds (`at`: where each list's end is), and take the lists as the table's. */
  private install(offsets: Int32Array<ArrayBuffer>, data: Uint32Array, at: Int32Array, terms: Int32Array, packed: Uint32Array): void {
    for (let i = 0; i < terms.length; i++) data[at[terms[i]!]!++] = packed[i]!;
    this.offsets = offsets;
    this.data = data;
    this.handedOut = false;
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
    this.install(offsets, data, at, terms, packed);
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
    // Handed out (a view): the next packing writes a new array, not this one.
    this.handedOut = true;
    return { sizes, data: this.data.subarray(0, this.offsets[vocabSize]) };
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
