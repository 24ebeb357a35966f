// A hash table from lower-case surface word to term id that looks words up straight from the text (no string made per token).

/** FNV-1a step over one (already lower-cased) char code. */
const mix = (h: number, c: number): number => Math.imul(h ^ c, 0x01000193);

/** 'A'–'Z' → 'a'–'z'; other codes unchanged. */
const lower = (c: number): number => (c >= 65 && c <= 90 ? c + 32 : c);

/** Final mix (from murmur3), so that the low bits used for the slot depend on every char. */
const spread = (h: number): number => {
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  return h;
};

/**
 * Lower-case surface word → term id (-1: seen, but not an index word). Open addressing in typed
 * arrays; `findIn` looks a word up by its place in a text, lower-casing ASCII on the fly, so the
 * tokeniser makes a string only for words never seen before.
 */
export class WordTable {
  /** Pairs (entry, hash) per slot, side by side so a probe reads one cache line; entry -1: empty. */
  private slots = new Int32Array(2 << 12).fill(-1);
  private hashes = new Int32Array(1 << 11);
  private ids = new Int32Array(1 << 11);
  private readonly words: string[] = [];

  get size(): number {
    return this.words.length;
  }

  /** The term id of a word, undefined when unseen. */
  get(word: string): number | undefined {
    let h = 0x811c9dc5;
    for (let i = 0; i < word.length; i++) h = mix(h, word.charCodeAt(i));
    const e = this.find(word, 0, word.length, h, false);
    return e < 0 ? undefined : this.ids[e]!;
  }

  /** Entry of the ASCII word text[start, end) lower-cased, or -1. `h` is its hash (see `hashOf`). */
  findIn(text: string, start: number, end: number, h: number): number {
    return this.find(text, start, end, h, true);
  }

  /** Term id of an entry from `findIn`. */
  idOf(entry: number): number {
    return this.ids[entry]!;
  }

  /** Hash of the ASCII word text[start, end), lower-cased. */
  static hashOf(text: string, start: number, end: number): number {
    let h = 0x811c9dc5;
    for (let i = start; i < end; i++) h = mix(h, lower(text.charCodeAt(i)));
    return h;
  }

  private find(text: string, start: number, end: number, h: number, fold: boolean): number {
    const mask = (this.slots.length >> 1) - 1;
    const len = end - start;
    for (let s = spread(h) & mask; ; s = (s + 1) & mask) {
      const e = this.slots[2 * s]!;
      if (e < 0) return -1;
      if (this.slots[2 * s + 1] !== h) continue;
      const w = this.words[e]!;
      if (w.length !== len) continue;
      let same = true;
      for (let k = 0; k < len && same; k++) {
        const c = text.charCodeAt(start + k);
        same = w.charCodeAt(k) === (fold ? lower(c) : c);
      }
      if (same) return e;
    }
  }

  /** Record a new word (not already in the table) with its term id. */
  add(word: string, id: number): void {
    let h = 0x811c9dc5;
    for (let i = 0; i < word.length; i++) h = mix(h, word.charCodeAt(i));
    const e = this.words.length;
    if (e >= this.hashes.length) {
      const hs = new Int32Array(e * 2);
      hs.set(this.hashes);
      this.hashes = hs;
      const is = new Int32Array(e * 2);
      is.set(this.ids);
      this.ids = is;
    }
    this.words.push(word);
    this.hashes[e] = h;
    this.ids[e] = id;
    if ((e + 1) * 4 > this.slots.length) this.rehash(this.slots.length * 2);
    else this.place(e);
  }

  private place(e: number): void {
    const mask = (this.slots.length >> 1) - 1;
    const h = this.hashes[e]!;
    let s = spread(h) & mask;
    while (this.slots[2 * s]! >= 0) s = (s + 1) & mask;
    this.slots[2 * s] = e;
    this.slots[2 * s + 1] = h;
  }

  private rehash(n: number): void {
    this.slots = new Int32Array(n).fill(-1);
    for (let e = 0; e < this.words.length; e++) this.place(e);
  }

  /** Every word with its term id. */
  *entries(): IterableIterator<[string, number]> {
    for (let e = 0; e < this.words.length; e++) yield [this.words[e]!, this.ids[e]!];
  }
}
