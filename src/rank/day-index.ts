// The day's paper vectors inverted (term → papers), for the dot products of thousands of channel profiles.
import type { SparseVector } from './profile.ts';

/** A vector's entries on a day's terms: local term ids and weights. */
export interface Projected {
  l: Int32Array;
  w: Float32Array;
}

/** Home slot of a term in a table of mask + 1 slots (Fibonacci hashing). */
const slot = (t: number, mask: number): number => (Math.imul(t, 0x9e3779b1) >>> 12) & mask;

/** A growable scratch array. */
const room = <T extends Int32Array | Float64Array>(a: T, n: number): T =>
  a.length >= n ? a : (new (a.constructor as new (n: number) => T)(n * 2));

/**
 * Unit vectors of a set of papers, inverted: for each term, the papers holding it with its weight
 * and its position in each paper's vector. A profile shares a few hundred terms with a day of
 * papers, so its dot products with every paper cost in proportion to those, not to the day's size.
 * Each sum still runs in the paper's own term order, so every dot product equals, to the last bit,
 * the plain loop over the paper's terms against the vector laid out densely (Float32, as the sum
 * of signed vectors it is).
 */
export class DayIndex {
  /**
   * Global term id → local term: a bit per global term (is it in the day? small enough to stay in
   * cache), then an open-addressing table of (term, local) pairs, since a vocabulary-sized array
   * would miss the cache on nearly every look-up.
   */
  private readonly bits: Int32Array;
  private readonly table: Int32Array;
  private readonly mask: number;
  /** Local term → its first posting; postings hold the paper, the position in its vector, the weight. */
  private readonly starts: Int32Array;
  private readonly docs: Int32Array;
  private readonly pos: Int32Array;
  private readonly w: Float32Array;
  // Scratch for one call: the loaded vector per local term, the terms touched, the hits per paper.
  private readonly value: Float32Array;
  private readonly marked: Uint8Array;
  private readonly touched: Int32Array;
  private readonly counts: Int32Array;
  private hitDoc = new Int32Array(256);
  private hitPos = new Int32Array(256);
  private hitVal = new Float64Array(256);
  private order = new Int32Array(256);
  private readonly shared = new WeakMap<SparseVector, Projected>();

  constructor(readonly units: readonly SparseVector[]) {
    let maxTerm = -1;
    let postings = 0;
    for (const u of units) {
      for (const t of u.terms) maxTerm = Math.max(maxTerm, t);
      postings += u.terms.length;
    }
    const local = new Map<number, number>();
    const perTerm: number[] = [];
    for (const u of units) {
      for (const t of u.terms) {
        let l = local.get(t);
        if (l === undefined) {
          local.set(t, (l = perTerm.length));
          perTerm.push(0);
        }
        perTerm[l]!++;
      }
    }
    const nLocal = perTerm.length;
    this.bits = new Int32Array((Math.max(0, maxTerm) >>> 5) + 1);
    let cap = 16;
    while (cap < nLocal * 2) cap *= 2;
    this.mask = cap - 1;
    this.table = new Int32Array(cap * 2).fill(-1);
    for (const [t, l] of local) {
      this.bits[t >>> 5]! |= 1 << (t & 31);
      let h = slot(t, this.mask);
      while (this.table[h * 2]! >= 0) h = (h + 1) & this.mask;
      this.table[h * 2] = t;
      this.table[h * 2 + 1] = l;
    }
    this.starts = new Int32Array(nLocal + 1);
    for (let l = 0; l < nLocal; l++) this.starts[l + 1] = this.starts[l]! + perTerm[l]!;
    const fill = this.starts.slice(0, nLocal);
    this.docs = new Int32Array(postings);
    this.pos = new Int32Array(postings);
    this.w = new Float32Array(postings);
    units.forEach((u, k) => {
      for (let i = 0; i < u.terms.length; i++) {
        const at = fill[this.local(u.terms[i]!)]!++;
        this.docs[at] = k;
        this.pos[at] = i;
        this.w[at] = u.w[i]!;
      }
    });
    this.value = new Float32Array(nLocal);
    this.marked = new Uint8Array(nLocal);
    this.touched = new Int32Array(nLocal);
    this.counts = new Int32Array(units.length + 1);
  }

  /** A vector's entries on the day's terms (local term, weight), in its order: all a dot product with the day needs. */
  project(v: SparseVector): Projected {
    const ls: number[] = [];
    const ws: number[] = [];
    for (let i = 0; i < v.terms.length; i++) {
      const l = this.local(v.terms[i]!);
      if (l < 0) continue;
      ls.push(l);
      ws.push(v.w[i]!);
    }
    return { l: Int32Array.from(ls), w: Float32Array.from(ws) };
  }

  /** The local id of a global term, −1 when no paper of the day has it. */
  local(t: number): number {
    const word = t >>> 5;
    if (word >= this.bits.length || !((this.bits[word]! >>> (t & 31)) & 1)) return -1;
    for (let h = slot(t, this.mask); ; h = (h + 1) & this.mask) {
      const key = this.table[h * 2]!;
      if (key === t) return this.table[h * 2 + 1]!;
      if (key < 0) return -1;
    }
  }

  /** `project`, remembered for vectors many channels share (the saved papers behind "like N papers saved here"). */
  projectShared(v: SparseVector): Projected {
    let p = this.shared.get(v);
    if (!p) this.shared.set(v, (p = this.project(v)));
    return p;
  }

  /**
   * out[k] = Σ over paper k's terms, in its order, of its weight × the weight of Σ signs[j]·vectors[j]
   * (accumulated in Float32, vector by vector). Papers with `only[k]` 0 are left at 0 (all, without `only`).
   */
  dots(vectors: readonly (Projected | SparseVector)[], signs: readonly number[], out: Float64Array, only?: Uint8Array): void {
    out.fill(0, 0, this.units.length);
    const { value, marked, touched } = this;
    let nt = 0;
    for (let j = 0; j < vectors.length; j++) {
      const v = vectors[j]!;
      const projected = 'l' in v;
      const ids = projected ? v.l : v.terms;
      const w = v.w;
      const sign = signs[j]!;
      for (let i = 0; i < ids.length; i++) {
        const l = projected ? ids[i]! : this.local(ids[i]!);
        if (l < 0) continue;
        if (!marked[l]) {
          marked[l] = 1;
          touched[nt++] = l;
        }
        value[l] = value[l]! + sign * w[i]!;
      }
    }
    // Gather each non-zero product (a zero one leaves a sum as it is), then sum per paper in term order.
    let h = 0;
    for (let n = 0; n < nt; n++) {
      const l = touched[n]!;
      const x = value[l]!;
      value[l] = 0;
      marked[l] = 0;
      if (x === 0) continue;
      const end = this.starts[l + 1]!;
      if (this.hitDoc.length < h + end - this.starts[l]!) this.growHits(h + end - this.starts[l]!);
      for (let p = this.starts[l]!; p < end; p++) {
        const k = this.docs[p]!;
        if (only && !only[k]) continue;
        this.hitDoc[h] = k;
        this.hitPos[h] = this.pos[p]!;
        this.hitVal[h++] = this.w[p]! * x;
      }
    }
    if (h <= 32) this.sumFew(h, out);
    else this.sumByPaper(h, out);
  }

  /** A few hits: insertion sort by (paper, position), then each paper's run summed. */
  private sumFew(h: number, out: Float64Array): void {
    const { hitDoc, hitPos, hitVal } = this;
    this.order = room(this.order, h);
    const order = this.order;
    for (let a = 0; a < h; a++) {
      let b = a;
      for (; b > 0 && (hitDoc[order[b - 1]!]! > hitDoc[a]! || (hitDoc[order[b - 1]!] === hitDoc[a] && hitPos[order[b - 1]!]! > hitPos[a]!)); b--) order[b] = order[b - 1]!;
      order[b] = a;
    }
    for (let a = 0; a < h; ) {
      const k = hitDoc[order[a]!]!;
      let sum = 0;
      for (; a < h && hitDoc[order[a]!] === k; a++) sum += hitVal[order[a]!]!;
      out[k] = sum;
    }
  }

  /** Counting sort of the hits by paper, then each paper's hits by position, summed in that order. */
  private sumByPaper(h: number, out: Float64Array): void {
    const { counts, hitDoc, hitPos, hitVal } = this;
    const n = this.units.length;
    this.order = room(this.order, h);
    const order = this.order;
    for (let i = 0; i < h; i++) counts[hitDoc[i]! + 1]!++;
    for (let k = 0; k < n; k++) counts[k + 1]! += counts[k]!;
    for (let i = 0; i < h; i++) order[counts[hitDoc[i]!]!++] = i;
    // counts[k] is now the end of paper k's hits (and the start of paper k + 1's).
    let from = 0;
    for (let k = 0; k < n; k++) {
      const to = counts[k]!;
      for (let a = from + 1; a < to; a++) {
        const x = order[a]!;
        let b = a;
        for (; b > from && hitPos[order[b - 1]!]! > hitPos[x]!; b--) order[b] = order[b - 1]!;
        order[b] = x;
      }
      let sum = 0;
      for (let a = from; a < to; a++) sum += hitVal[order[a]!]!;
      if (to > from) out[k] = sum;
      from = to;
    }
    counts.fill(0);
  }

  private growHits(n: number): void {
    const [doc, pos, val] = [this.hitDoc, this.hitPos, this.hitVal];
    this.hitDoc = room(doc, n);
    this.hitPos = room(pos, n);
    this.hitVal = room(val, n);
    this.hitDoc.set(doc);
    this.hitPos.set(pos);
    this.hitVal.set(val);
  }
}
