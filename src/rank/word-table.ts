// A hash table from lower-case surface word to term id that looks words up straight from the text (no string made per token).
import { atLeast } from './typed-arrays.ts';

/** FNV-1a step over one (already lower-cased) char code: the first hash, which also places the word. */
const mix = (h: number, c: number): number => Math.imul(h ^ c, 0x01000193);
/** Polynomial step over one char code: the second hash, made with the first in the same pass. */
const mix2 = (g: number, c: number): number => (Math.imul(g, 0x2f0b3c5d) + c) | 0;
/** Where both hashes start. */
export const HASH_SEED = 0x811c9dc5;
export const HASH2_SEED = 0x3c6ef372;

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

/** Ints per slot: first hash, second hash, term id, length (0: empty). */
const SLOT = 4;
/** What `idOf` gives for a word the table does not hold. */
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
 * arrays; the tokeniser hashes each word as it reads it from the text (lower-casing ASCII on the
 * fly) and `idOf` looks it up by its two hashes and its length, so it makes a string only for words
 * never seen before.
 *
 * A slot is matched by its 64 bits of hash and its length, not by the word's chars: at 100,000
 * papers the table outgrows the processor's caches, and reading a rare word's chars from a second
 * place in memory to compare them made vectorising about 40 % slower. Two different words of one
 * length would have to agree on both 32-bit hashes to be taken for each other: for a vocabulary of
 * a million words, odds of about 3 in 10^8 that any pair does, and the cost if one did is one
 * rare word counted as another. The words' chars are kept, end to end, for `wordAt`, `entries` and
 * the snapshot. (Words kept in their slots were tried: no faster, and the table twice the size.)
 */
export class WordTable {
  private slots: Int32Array = new Int32Array(SLOT << 12);
  private starts: Int32Array = new Int32Array(1 << 11);
  private ids: Int32Array = new Int32Array(1 << 11);
  private chars: Uint16Array = new Uint16Array(1 << 14);
  private n = 0;

  get size(): number {
    return this.n;
  }

  /** The term id of a word, undefined when unseen. */
  get(word: string): number | undefined {
    const [h, g] = WordTable.hashesOf(word, 0, word.length, false);
    const id = this.idOf(h, g, word.length);
    return id === UNSEEN ? undefined : id;
  }

  /** Term id of the word of length `len` whose hashes are `h` and `g` (see `hashesOf`), or UNSEEN. */
  idOf(h: number, g: number, len: number): number {
    const slots = this.slots;
    const mask = slots.length / SLOT - 1;
    for (let i = spread(h) & mask; ; i = (i + 1) & mask) {
      const s = i * SLOT;
      const l = slots[s + 3]!;
      if (l === 0) return UNSEEN;
      if (slots[s] === h && slots[s + 1] === g && l === len) return slots[s + 2]!;
    }
  }

  /** Both hashes of text[start, end), lower-cased ASCII letters and digits with `fold` (what the tokeniser computes as it reads). */
  static hashesOf(text: string, start: number, end: number, fold = true): [number, number] {
    let h = HASH_SEED;
    let g = HASH2_SEED;
    for (let i = start; i < end; i++) {
      const c = fold ? WORD_CHAR[text.charCodeAt(i)]! : text.charCodeAt(i);
      h = mix(h, c);
      g = mix2(g, c);
    }
    return [h, g];
  }

  /** Record a new word (not already in the table, not empty: a slot of length 0 is free) with its term id. */
  add(word: string, id: number): void {
    if (!word) throw new RangeError('a word table holds no empty word');
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
    let h = HASH_SEED;
    let g = HASH2_SEED;
    for (let k = 0; k < len; k++) {
      const c = this.chars[from + k]!;
      h = mix(h, c);
      g = mix2(g, c);
    }
    let i = spread(h) & mask;
    while (slots[i * SLOT + 3]! !== 0) i = (i + 1) & mask;
    const s = i * SLOT;
    slots[s] = h;
    slots[s + 1] = g;
    slots[s + 2] = this.ids[e]!;
    slots[s + 3] = len;
  }

  private rehash(n: number): void {
    this.slots = new Int32Array(n);
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
    for (let e = 0; e < n; e++) if (s.starts[e + 1]! <= s.starts[e]!) throw new Error('word table state is inconsistent');
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
