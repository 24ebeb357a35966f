// The typo dictionary: every indexed word, sorted and packed in typed arrays, with prefix and edit-distance look-ups.

/** Bytes of word i: chars[starts[i], starts[i + 1]). Words are ASCII (lower-case letters and digits). */
interface Packed {
  chars: Uint8Array;
  starts: Int32Array;
}

const encoder = new TextEncoder();
const decoder = new TextDecoder();

/**
 * A set of ASCII words for typo and prefix tolerance, about 12 bytes a word where a radix tree of
 * Maps took some 150. Words sit in sorted order end to end in one byte array; walking them in that
 * order with a Levenshtein matrix whose rows are shared along common prefixes is the same search a
 * trie would make (Steve Hanov's), and a prefix whose row is already too far skips every word that
 * shares it by binary search. Words added go to a small set, merged in before the next look-up
 * (or once it grows past a quarter of the rest); adding a word already there costs one set insert,
 * the merge drops it.
 */
export class WordDictionary {
  private chars: Uint8Array<ArrayBufferLike> = new Uint8Array(0);
  private starts: Int32Array<ArrayBufferLike> = new Int32Array(1);
  private pending = new Set<string>();

  /** Number of words. */
  get size(): number {
    this.merge();
    return this.count;
  }

  /** Add a word (lower-case ASCII letters and digits). */
  add(word: string): void {
    this.pending.add(word);
    // Merged in geometric steps: adding n words costs O(n log n), and few are ever held as strings.
    if (this.pending.size > 4096 + this.count / 4) this.merge();
  }

  has(word: string): boolean {
    return this.pending.has(word) || this.indexOf(word) >= 0;
  }

  /** Words that start with `prefix`, in sorted order. */
  *atPrefix(prefix: string): IterableIterator<string> {
    this.merge();
    const p = encoder.encode(prefix);
    for (let i = this.lowerBound(p, p.length); i < this.count && this.sharesPrefix(i, p, p.length); i++) yield this.word(i);
  }

  /** Words within `maxEdits` Levenshtein edits of `query`, with their distance, in sorted order. */
  fuzzy(query: string, maxEdits: number): Map<string, number> {
    this.merge();
    const out = new Map<string, number>();
    const q = encoder.encode(query);
    const n = q.length + 1;
    const maxLen = q.length + maxEdits;
    // Row r is the distance of the word's first r chars to each prefix of the query (cells off the band stay maxEdits + 1).
    const matrix = new Uint8Array((maxLen + 1) * n).fill(maxEdits + 1);
    for (let j = 0; j < n; j++) matrix[j] = j;
    for (let r = 1; r <= maxLen; r++) matrix[r * n] = r;
    const path = new Uint8Array(maxLen + 1);
    const { chars, starts } = this;
    let depth = 0;
    for (let i = 0; i < this.count; ) {
      const s = starts[i]!;
      const len = starts[i + 1]! - s;
      let k = 0;
      while (k < depth && k < len && chars[s + k] === path[k]) k++;
      depth = k;
      let dead = -1;
      while (depth < len) {
        if (depth >= maxLen) {
          dead = depth + 1;
          break;
        }
        const c = chars[s + depth]!;
        path[depth] = c;
        const r = depth + 1;
        const row = r * n;
        const prev = row - n;
        let min = matrix[row]!;
        const jmax = Math.min(n - 1, r + maxEdits);
        for (let j = Math.max(0, r - maxEdits - 1); j < jmax; j++) {
          const d = Math.min(matrix[prev + j]! + (c === q[j] ? 0 : 1), matrix[prev + j + 1]! + 1, matrix[row + j]! + 1);
          matrix[row + j + 1] = d;
          if (d < min) min = d;
        }
        depth = r;
        if (min > maxEdits) {
          dead = r;
          break;
        }
      }
      if (dead < 0) {
        const d = matrix[len * n + n - 1]!;
        if (d <= maxEdits) out.set(this.word(i), d);
        i++;
      } else {
        // No word that starts with this one's first `dead` chars can come within reach.
        i = this.prefixEnd(i, dead);
      }
    }
    return out;
  }

  /** The sorted words packed (for a snapshot; `from` reads them back). */
  state(): Packed {
    this.merge();
    return { chars: this.chars, starts: this.starts };
  }

  /** A dictionary from `state()` (takes the arrays over). */
  static from(s: Packed): WordDictionary {
    const n = s.starts.length - 1;
    if (n < 0 || s.starts[0] !== 0 || s.starts[n] !== s.chars.length) throw new Error('word dictionary state is inconsistent');
    const d = new WordDictionary();
    d.chars = s.chars;
    d.starts = s.starts;
    return d;
  }

  private get count(): number {
    return this.starts.length - 1;
  }

  private word(i: number): string {
    return decoder.decode(this.chars.subarray(this.starts[i]!, this.starts[i + 1]!));
  }

  /** Word i against p[off, off + len): negative when it sorts first (a word sorts before the longer words it starts), 0 when equal. */
  private compare(i: number, p: Uint8Array, len: number, off = 0): number {
    const s = this.starts[i]!;
    const wl = this.starts[i + 1]! - s;
    for (let k = 0; k < wl && k < len; k++) {
      const d = this.chars[s + k]! - p[off + k]!;
      if (d) return d;
    }
    return wl - len;
  }

  private sharesPrefix(i: number, p: Uint8Array, len: number): boolean {
    const s = this.starts[i]!;
    if (this.starts[i + 1]! - s < len) return false;
    for (let k = 0; k < len; k++) if (this.chars[s + k] !== p[k]) return false;
    return true;
  }

  /** The first word not before p[0, len). */
  private lowerBound(p: Uint8Array, len: number): number {
    let lo = 0;
    let hi = this.count;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (this.compare(mid, p, len) < 0) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }

  /** The first word after i that does not start with word i's first `len` chars. */
  private prefixEnd(i: number, len: number): number {
    const p = this.chars.subarray(this.starts[i]!, this.starts[i]! + len);
    // Galloping first: most such runs are short.
    let lo = i + 1;
    let step = 1;
    while (lo + step < this.count && this.sharesPrefix(lo + step, p, len)) {
      lo += step + 1;
      step *= 2;
    }
    let hi = Math.min(this.count, lo + step);
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (this.sharesPrefix(mid, p, len)) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }

  private indexOf(word: string): number {
    const p = encoder.encode(word);
    const i = this.lowerBound(p, p.length);
    return i < this.count && this.compare(i, p, p.length) === 0 ? i : -1;
  }

  /** Merge the words added since into the sorted arrays (skipping those already there). */
  private merge(): void {
    if (!this.pending.size) return;
    const sorted = [...this.pending].sort();
    this.pending.clear();
    // One buffer for every added word, ASCII as `word` needs (no encoder call per word).
    let total = 0;
    for (const w of sorted) total += w.length;
    const added = new Uint8Array(total);
    let a = 0;
    for (const w of sorted) for (let k = 0; k < w.length; k++) added[a++] = w.charCodeAt(k);
    const chars = new Uint8Array(this.chars.length + total);
    const starts = new Int32Array(this.starts.length + sorted.length);
    const old = this.chars;
    let at = 0;
    let e = 0;
    let i = 0;
    let from = 0;
    for (const s of sorted) {
      // The words before this one are copied in one run (no view made per word: a rebuild merges a million).
      const run = i;
      let c = -1;
      for (; i < this.count && (c = this.compare(i, added, s.length, from)) < 0; i++) starts[++e] = at + this.starts[i + 1]! - this.starts[run]!;
      if (i > run) {
        chars.set(old.subarray(this.starts[run]!, this.starts[i]!), at);
        at += this.starts[i]! - this.starts[run]!;
      }
      if (!(i < this.count && c === 0)) {
        for (let k = 0; k < s.length; k++) chars[at + k] = added[from + k]!;
        at += s.length;
        starts[++e] = at;
      }
      from += s.length;
    }
    chars.set(old.subarray(this.starts[i]!), at);
    for (; i < this.count; i++) {
      at += this.starts[i + 1]! - this.starts[i]!;
      starts[++e] = at;
    }
    this.chars = at === chars.length ? chars : chars.slice(0, at);
    this.starts = e + 1 === starts.length ? starts : starts.slice(0, e + 1);
  }
}
