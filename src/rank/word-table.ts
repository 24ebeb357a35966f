// A hash table from lower-case surface word to term id that looks words up straight from the text (no string made per token).
import { atLeast } from './typed-arrays.ts';

/** FNV-1a step over one (already lower-cased) char code. */
const mix = (h: number, c: number): number => Math.imul(h ^ c, 0x01000193);

/**
 * Per UTF-16 code: the lower-case code of an ASCII letter or digit, 0 for anything else (what
 * separates words). One load per character where range checks took four.
 */
export const WORD_CHAR = new Uint8Array(65_536);
for (let c = 48; c <= 57; c++) WORD_CHAR[c] = c;
for (let c = 97; c <= 122; c++) WORD_CHAR[c] = WORD_CHAR[c - 32] = c;

/** Final mix (from murmur3), so that the low bits used for the slot depend on every char. */
const spread = (h: number): number => {
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  return h;
};

/** Ints per slot: hash, term id, entry number (-1: empty), length. */
const SLOT = 4;
/** What `idIn` gives for a word the table does not hold. */
export const UNSEEN = -2;

/** The arrays a word table is made of (see `WordTable.state`). */
export interface WordTableState {
  /** Per entry: where its chars start in `chars` (the entry's end is the next entry's start). */
  starts: Int32Array;
  ids: Int32Array;
  chars: Uint16Array;
}

/**
 * Lower-case surface word → term id (-1: seen, but not an index word). Open addressing in typed
 * arrays; `idIn` looks a word up by its place in a text, lower-casing ASCII on the fly, so the
 * tokeniser makes a string only for words never seen before. A slot holds the hash, term id, entry
 * and length of its word; the words' chars sit end to end in one array. (Words kept in their slots
 * were tried: a look-up was no faster that a rebuild could show, and the table twice the size.)
 */
export class WordTable {
  private slots: Int32Array = new Int32Array(SLOT << 12).fill(-1);
  private starts: Int32Array = new Int32Array(1 << 11);
  private ids: Int32Array = new Int32Array(1 << 11);
  private chars: Uint16Array = new Uint16Array(1 << 14);
  private n = 0;

  get size(): number {
    return this.n;
  }

  /** The term id of a word, undefined when unseen. */
  get(word: string): number | undefined {
    let h = 0x811c9dc5;
    for (let i = 0; i < word.length; i++) h = mix(h, word.charCodeAt(i));
    const s = this.find(word, 0, word.length, h, false);
    return s < 0 ? undefined : this.slots[s + 1]!;
  }

  /** Term id of the ASCII word text[start, end) (letters and digits) lower-cased, or UNSEEN. `h` is its hash (see `hashOf`). */
  idIn(text: string, start: number, end: number, h: number): number {
    const s = this.find(text, start, end, h, true);
    return s < 0 ? UNSEEN : this.slots[s + 1]!;
  }

  /** Hash of the ASCII word text[start, end), lower-cased. */
  static hashOf(text: string, start: number, end: number): number {
    let h = 0x811c9dc5;
    for (let i = start; i < end; i++) h = mix(h, WORD_CHAR[text.charCodeAt(i)]!);
    return h;
  }

  private find(text: string, start: number, end: number, h: number, fold: boolean): number {
    const slots = this.slots;
    const mask = slots.length / SLOT - 1;
    const len = end - start;
    for (let i = spread(h) & mask; ; i = (i + 1) & mask) {
      const s = i * SLOT;
      const e = slots[s + 2]!;
      if (e < 0) return -1;
      if (slots[s] === h && slots[s + 3] === len && this.same(e, text, start, len, fold)) return s;
    }
  }

  /** Whether text[start, start + len) (lower-cased letters and digits with `fold`) is entry e's word. */
  private same(e: number, text: string, start: number, len: number, fold: boolean): boolean {
    const chars = this.chars;
    const from = this.starts[e]! - start;
    if (fold) {
      for (let k = start; k < start + len; k++) if (chars[from + k] !== WORD_CHAR[text.charCodeAt(k)]) return false;
    } else {
      for (let k = start; k < start + len; k++) if (chars[from + k] !== text.charCodeAt(k)) return false;
    }
    return true;
  }

  /** Record a new word (not already in the table) with its term id. */
  add(word: string, id: number): void {
    const e = this.n++;
    if (e + 2 > this.ids.length) {
      this.ids = atLeast(this.ids, e * 2);
      this.starts = atLeast(this.starts, e * 2);
    }
    const from = this.starts[e]!;
    if (from + word.length > this.chars.length) this.chars = atLeast(this.chars, 2 * (from + word.length));
    for (let i = 0; i < word.length; i++) this.chars[from + i] = word.charCodeAt(i);
    this.starts[e + 1] = from + word.length;
    this.ids[e] = id;
    if (this.n * 2 * SLOT > this.slots.length) this.rehash(this.slots.length * 2);
    else this.place(e);
  }

  /** Put entry e in a free slot. */
  private place(e: number): void {
    const slots = this.slots;
    const mask = slots.length / SLOT - 1;
    const from = this.starts[e]!;
    const len = this.starts[e + 1]! - from;
    let h = 0x811c9dc5;
    for (let k = 0; k < len; k++) h = mix(h, this.chars[from + k]!);
    let i = spread(h) & mask;
    while (slots[i * SLOT + 2]! >= 0) i = (i + 1) & mask;
    const s = i * SLOT;
    slots[s] = h;
    slots[s + 1] = this.ids[e]!;
    slots[s + 2] = e;
    slots[s + 3] = len;
  }

  private rehash(n: number): void {
    this.slots = new Int32Array(n).fill(-1);
    for (let e = 0; e < this.n; e++) this.place(e);
  }

  /** Word number e (in the order added). */
  wordAt(e: number): string {
    let w = '';
    for (let i = this.starts[e]!; i < this.starts[e + 1]!; i += 4096) w += String.fromCharCode(...this.chars.subarray(i, Math.min(i + 4096, this.starts[e + 1]!)));
    return w;
  }

  /** Term id of word number e. */
  idAt(e: number): number {
    return this.ids[e]!;
  }

  /** Every word with its term id, in the order added. */
  *entries(): IterableIterator<[string, number]> {
    for (let e = 0; e < this.n; e++) yield [this.wordAt(e), this.ids[e]!];
  }

  /** Its words and ids, trimmed (for a snapshot; shares memory with the table). The slots are not part of it: they are made again. */
  state(): WordTableState {
    return { starts: this.starts.subarray(0, this.n + 1), ids: this.ids.subarray(0, this.n), chars: this.chars.subarray(0, this.starts[this.n]!) };
  }

  /** A table from `state()` (takes the arrays over). */
  static fromState(s: WordTableState): WordTable {
    const t = new WordTable();
    const n = s.ids.length;
    if (s.starts.length !== n + 1 || s.starts[0] !== 0 || s.starts[n] !== s.chars.length) throw new Error('word table state is inconsistent');
    for (let e = 0; e < n; e++) if (s.starts[e + 1]! < s.starts[e]!) throw new Error('word table state is inconsistent');
    t.starts = atLeast(s.starts, n + 2);
    t.ids = atLeast(s.ids, n + 1);
    t.chars = s.chars;
    t.n = n;
    let cap = SLOT << 12;
    while (n * 2 * SLOT > cap) cap *= 2;
    t.rehash(cap);
    return t;
  }
}
