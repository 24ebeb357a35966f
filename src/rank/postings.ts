// Posting lists of the ranking corpus, and the queue that fills them in one pass after a bulk load.

/**
 * The documents holding one term, packed one per 32-bit word: slot (22 bits, up to 4 million
 * papers), weighted tf (8 bits, capped) and title tf (2 bits, capped). Appended as papers arrive.
 */
export class PostingList {
  /** The posting while there is only one: most terms are rare, and an array each would cost ~100 bytes. */
  one = 0;
  /** Postings 0 … n-1 (may be a view into a buffer shared with other lists; then it has no spare room). */
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

/** Below this many queued postings, `flushInto` pushes them one by one (an incremental add). */
const BULK = 50_000;

/**
 * Postings queued in paper order, two parallel arrays written front to back, and put into their
 * lists only when someone reads them. After a bulk load that is one pass that gives every list
 * its exact size in one shared buffer, instead of a list object touched and regrown per posting.
 */
export class PendingPostings {
  private terms = new Int32Array(1024);
  private packed = new Uint32Array(1024);
  private n = 0;

  get size(): number {
    return this.n;
  }

  push(term: number, slot: number, tf: number, ttf: number): void {
    if (this.n === this.terms.length) {
      const terms = new Int32Array(this.n * 2);
      terms.set(this.terms);
      this.terms = terms;
      const packed = new Uint32Array(this.n * 2);
      packed.set(this.packed);
      this.packed = packed;
    }
    this.terms[this.n] = term;
    this.packed[this.n++] = packPosting(slot, tf, ttf);
  }

  /** Append every queued posting to its term's list (in the order queued) and empty the queue. */
  flushInto(lists: (PostingList | undefined)[], vocabSize: number): void {
    const { terms, packed, n } = this;
    if (n < BULK) {
      for (let i = 0; i < n; i++) (lists[terms[i]!] ??= new PostingList()).pushPacked(packed[i]!);
    } else {
      // Count, lay the grown lists out end to end in one buffer, copy what they held, then scatter.
      const at = new Int32Array(vocabSize);
      for (let i = 0; i < n; i++) at[terms[i]!]!++;
      let total = 0;
      for (let t = 0; t < vocabSize; t++) {
        const size = at[t] ? (lists[t]?.n ?? 0) + at[t]! : 0;
        if (size > 1) total += size;
      }
      const buf = new Uint32Array(total);
      let off = 0;
      for (let t = 0; t < vocabSize; t++) {
        if (!at[t]) continue;
        const l = (lists[t] ??= new PostingList());
        const size = l.n + at[t]!;
        if (size === 1) {
          at[t] = -1; // the lone posting goes to `one`
          continue;
        }
        const data = buf.subarray(off, off + size);
        if (l.data) data.set(l.data.subarray(0, l.n));
        else if (l.n) data[0] = l.one;
        l.data = data;
        at[t] = off + l.n;
        l.n = size;
        off += size;
      }
      for (let i = 0; i < n; i++) {
        const t = terms[i]!;
        const to = at[t]!;
        if (to < 0) {
          lists[t]!.one = packed[i]!;
          lists[t]!.n = 1;
        } else {
          buf[to] = packed[i]!;
          at[t] = to + 1;
        }
      }
    }
    this.n = 0;
    if (this.terms.length > 1024) {
      this.terms = new Int32Array(1024);
      this.packed = new Uint32Array(1024);
    }
  }
}
