// One paper's term counts while the corpus reads it: a small reusable hash table keyed by term id.
import { foldAccents, isIndexWord } from '../search/text.ts';
import { HASH2_SEED, HASH_SEED, UNSEEN, WORD_CHAR, type WordTable } from './word-table.ts';
import { atLeast } from './typed-arrays.ts';

const NON_ASCII = /[^\x00-\x7f]/;

/**
 * Weighted and title counts of the terms of one text at a time. The table is sized to the paper
 * (a few hundred terms), not to the vocabulary, so counting stays in the processor's cache; the
 * terms come out in the order first seen.
 */
export class TermCounts {
  /** Term ids in the order first seen (0 … n-1), with their weighted and title counts. */
  terms = new Int32Array(256);
  tf = new Float64Array(256);
  ttf = new Uint16Array(256);
  n = 0;
  /** Weighted length (unknown index words included) and title length. */
  len = 0;
  tlen = 0;
  private keys = new Int32Array(1024).fill(-1);
  /** Per table slot: the index into `terms`. */
  private local = new Int32Array(1024);
  /** Per term index: its table slot. */
  private where = new Int32Array(256);
  private shift = 32 - 10;

  /** Forget the counts (cost in proportion to the terms counted). */
  clear(): void {
    for (let i = 0; i < this.n; i++) {
      this.keys[this.where[i]!] = -1;
      this.tf[i] = 0;
      this.ttf[i] = 0;
    }
    this.n = 0;
    this.len = 0;
    this.tlen = 0;
  }

  /** One occurrence of term `id` with weight `w`. */
  add(id: number, w: number, inTitle: boolean): void {
    const mask = this.keys.length - 1;
    let s = Math.imul(id, 0x9e3779b1) >>> this.shift;
    let j: number;
    for (;; s = (s + 1) & mask) {
      const k = this.keys[s]!;
      if (k === id) {
        j = this.local[s]!;
        break;
      }
      if (k < 0) {
        j = this.insert(s, id);
        break;
      }
    }
    this.tf[j] += w;
    this.len += w;
    if (inTitle) {
      this.ttf[j]! += 1;
      this.tlen += 1;
    }
  }

  /**
   * Count a text's words (as `words` splits them), scanning it in place: each word is looked up in
   * `table` straight from the text; `unseen` gives the term id of a word the table lacks (-1: none).
   */
  scan(text: string | undefined, w: number, inTitle: boolean, table: WordTable, unseen: (word: string) => number): void {
    if (!text || !w) return;
    // As `words` does; what is still not ASCII then separates words.
    if (NON_ASCII.test(text)) text = foldAccents(text.toLowerCase());
    const n = text.length;
    const fold = WORD_CHAR;
    for (let i = 0; i < n; ) {
      if (!fold[text.charCodeAt(i)]) {
        i++;
        continue;
      }
      const start = i;
      // WordTable's two hashes (its mix, mix2), written out: calling them here made vectorising about 10 % slower
      // (paired runs). A test scans words the table placed, so the two cannot drift apart unseen.
      let h = HASH_SEED;
      let g = HASH2_SEED;
      for (; i < n; i++) {
        const c = fold[text.charCodeAt(i)]!;
        if (!c) break;
        h = Math.imul(h ^ c, 0x01000193);
        g = (Math.imul(g, 0x2f0b3c5d) + c) | 0;
      }
      const known = table.idOf(h, g, i - start);
      if (known !== UNSEEN) {
        if (known >= 0) this.add(known, w, inTitle);
        // -1: seen before and not an index word: adds nothing.
        continue;
      }
      const word = text.slice(start, i).toLowerCase();
      const id = unseen(word);
      if (id >= 0) this.add(id, w, inTitle);
      else if (isIndexWord(word)) this.len += w; // unknown to the corpus: counts for length only
    }
  }

  private insert(s: number, id: number): number {
    const j = this.n++;
    if (j === this.terms.length) {
      this.terms = atLeast(this.terms, j * 2);
      this.tf = atLeast(this.tf, j * 2);
      this.ttf = atLeast(this.ttf, j * 2);
      this.where = atLeast(this.where, j * 2);
    }
    this.terms[j] = id;
    this.keys[s] = id;
    this.local[s] = j;
    this.where[j] = s;
    if (this.n * 2 > this.keys.length) this.rehash();
    return j;
  }

  private rehash(): void {
    this.keys = new Int32Array(this.keys.length * 2).fill(-1);
    this.local = new Int32Array(this.keys.length);
    this.shift--;
    const mask = this.keys.length - 1;
    for (let j = 0; j < this.n; j++) {
      let s = Math.imul(this.terms[j]!, 0x9e3779b1) >>> this.shift;
      while (this.keys[s]! >= 0) s = (s + 1) & mask;
      this.keys[s] = this.terms[j]!;
      this.local[s] = j;
      this.where[j] = s;
    }
  }
}
