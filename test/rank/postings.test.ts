// Posting lists and the table that holds them: queued postings land as pushing them one by one would put them.
import { describe, expect, it } from 'vitest';
import { PostingList, PostingTable, packPosting, postingSlot, postingTf, postingTtf } from '../../src/rank/postings.ts';

const contents = (table: PostingTable, vocab: number): number[][] => Array.from({ length: vocab }, (_, t) => [...(table.get(t) ?? [])]);
/** The first term whose list in `table` differs from `expected`'s (-1: none), compared by element: toEqual is slow at millions. */
const firstDifference = (table: PostingTable, expected: number[][]): number =>
  expected.findIndex((list, t) => {
    const got = table.get(t) ?? new Uint32Array(0);
    return got.length !== list.length || list.some((p, j) => got[j] !== p);
  });

/** A paper with `m` distinct terms below `vocab`, pushed as the corpus pushes one. */
const pushPaper = (table: PostingTable, slot: number, vocab: number, m: number): void => {
  const terms = new Int32Array(new Set(Array.from({ length: m }, (_, i) => (slot * 7 + i * 13) % vocab)));
  table.pushDoc(slot, terms, new Uint16Array(terms.length).fill(1), new Uint8Array(terms.length), terms.length);
};
/** The array a table packs its postings in (its length is the room it holds). */
const backing = (t: PostingTable): Uint32Array => (t as unknown as { data: Uint32Array }).data;

describe('postings', () => {
  it('packs slot, capped tf and capped title tf into 32 bits', () => {
    const p = packPosting(4_000_000, 300, 7);
    expect([postingSlot(p), postingTf(p), postingTtf(p)]).toEqual([4_000_000, 255, 3]);
  });

  it('grows a list one posting at a time', () => {
    const l = new PostingList();
    for (let s = 0; s < 9; s++) l.push(s, 1, 1);
    expect(l.n).toBe(9);
    expect(l.at(8)).toBe(packPosting(8, 1, 1));
  });

  it.each([
    ['a few (one list each)', 40],
    ['a bulk load (packed anew)', 60_000],
    ['a bulk load that grows the queue many times', 150_000],
    ['a bulk load of millions', 2_200_000],
  ])('puts %s queued postings in their lists, after what they held, in order', (_, count) => {
    const direct: number[][] = Array.from({ length: 97 }, () => []);
    const table = new PostingTable();
    const add = (term: number, slot: number, tf: number, ttf: number): void => {
      direct[term]!.push(packPosting(slot, tf, ttf));
      table.push(term, slot, tf, ttf);
    };
    // Lists that already hold one posting, and several, before the queue (packed in bulk first).
    add(3, 1, 2, 0);
    for (let s = 0; s < 60_000; s++) add(5, s, 1, 1);
    table.flush(97);
    for (let i = 0; i < count; i++) add((i * 7919) % 97, 70_000 + i, i % 300, i % 5);
    expect(table.pending).toBe(count);
    table.flush(97);
    expect(table.pending).toBe(0);
    expect(firstDifference(table, direct)).toBe(-1);
    // Lists filled from the queue still take more, and survive a snapshot.
    add(5, 99_999, 1, 0);
    table.flush(97);
    expect(table.get(5)!.at(-1)).toBe(packPosting(99_999, 1, 0));
    expect(firstDifference(PostingTable.from(table.state(97)), direct)).toBe(-1);
  });

  it('keeps every list whole and in order: a bulk load that said its size, packed in place as it goes, then papers one at a time', () => {
    const vocab = 3000;
    const direct: number[][] = Array.from({ length: vocab }, () => []);
    const table = new PostingTable();
    let seed = 7;
    const next = (n: number): number => ((seed = (Math.imul(seed, 1_103_515_245) + 12_345) >>> 0) % n);
    let slot = 0;
    const paper = (terms: number): void => {
      const mine = new Set<number>();
      // Skewed, and the vocabulary grows as papers come (lists move further at each packing).
      const limit = Math.min(vocab, 200 + slot);
      while (mine.size < terms) mine.add(Math.floor(limit * (next(1000) / 1000) ** 3));
      const ids = Int32Array.from(mine);
      for (const t of ids) direct[t]!.push(packPosting(slot, 1, 0));
      table.pushDoc(slot++, ids, new Uint16Array(terms).fill(1), new Uint8Array(terms), terms);
    };
    // A bulk load of 4,000 papers that says its size after the first 100, placed at a quarter, half, and its end.
    for (let i = 0; i < 100; i++) paper(60);
    table.reserveFor(3900);
    for (let i = 100; i < 4000; i++) {
      paper(60);
      if (i === 999 || i === 1999) {
        table.flush(vocab);
        expect(firstDifference(table, direct)).toBe(-1);
      }
    }
    table.trim(vocab);
    expect(table.pending).toBe(0);
    expect(firstDifference(table, direct)).toBe(-1);
    // Packed in place, the array has room to spare; a snapshot holds just the postings.
    const state = table.state(vocab);
    expect(state.data.length).toBe(direct.reduce((n, l) => n + l.length, 0));
    // Then papers one at a time, each read at once (lists of their own), and a last bulk packing with those lists.
    for (let i = 0; i < 3000; i++) {
      paper(20 + next(20));
      table.flush(vocab);
    }
    expect(firstDifference(table, direct)).toBe(-1);
    for (let i = 0; i < 2000; i++) paper(30);
    table.flush(vocab);
    expect(firstDifference(table, direct)).toBe(-1);
    expect(firstDifference(PostingTable.from(table.state(vocab)), direct)).toBe(-1);
    // Renumbered: every other slot dropped.
    const remap = Int32Array.from({ length: slot }, (_, s) => (s % 2 ? -1 : s / 2));
    const sizes = table.remap(vocab, remap);
    const kept = direct.map((l) => l.filter((p) => postingSlot(p) % 2 === 0).map((p) => packPosting(postingSlot(p) / 2, postingTf(p), postingTtf(p))));
    expect([...sizes]).toEqual(kept.map((l) => l.length));
    expect(firstDifference(table, kept)).toBe(-1);
  });

  it('gives back, at the end of a bulk load, the room it made for papers that never came', () => {
    const vocab = 5000;
    const table = new PostingTable();
    let slot = 0;
    // The store said 40,000 papers: room is made for them at the first packing (a search read the lists), but 4,000 come.
    for (let i = 0; i < 1000; i++) pushPaper(table, slot++, vocab, 60);
    table.reserveFor(39_000, 9000);
    table.flush(vocab);
    for (let i = 0; i < 3000; i++) pushPaper(table, slot++, vocab, 60);
    table.trim(vocab);
    const total = table.state(vocab).data.length;
    expect(total).toBe(4000 * 60);
    expect(backing(table).length).toBeLessThanOrEqual(total * 1.125);
  });

  it("leaves what state() handed out as it was: a later packing in place writes elsewhere", () => {
    const vocab = 500;
    const a = new PostingTable();
    let slot = 0;
    for (let i = 0; i < 1000; i++) pushPaper(a, slot++, vocab, 60);
    a.reserveFor(3000);
    a.flush(vocab);
    const b = PostingTable.from(a.state(vocab));
    const before = Array.from({ length: vocab }, (_, t) => [...(b.get(t) ?? [])]);
    for (let i = 0; i < 1000; i++) pushPaper(a, slot++, vocab, 60);
    a.flush(vocab);
    expect(firstDifference(b, before)).toBe(-1);
  });

  it('keeps every list whole and in order whatever comes: bulk and small placings, sizes said right or wrong, snapshots, renumbering', () => {
    let inPlace = 0;
    // Seeds 6 and 10 pack in place (as a counted load does); the others, into new arrays, and after snapshots.
    for (const seed0 of [1, 2, 6, 10]) {
      let seed = seed0 * 7919;
      const rnd = (n: number): number => ((seed = (Math.imul(seed, 1_103_515_245) + 12_345) >>> 0) >>> 8) % n;
      let vocab = 50;
      let direct: number[][] = Array.from({ length: 5000 }, () => []);
      let table = new PostingTable();
      let slot = 0;
      const paper = (m: number): void => {
        const mine = new Set<number>();
        while (mine.size < Math.min(m, vocab)) mine.add(Math.floor(vocab * (rnd(1000) / 1000) ** 2));
        const ids = Int32Array.from(mine);
        const tf = new Uint16Array(ids.length).map(() => 1 + rnd(5));
        const ttf = new Uint8Array(ids.length).map(() => rnd(3));
        ids.forEach((t, i) => direct[t]!.push(packPosting(slot, tf[i]!, ttf[i]!)));
        table.pushDoc(slot++, ids, tf, ttf, ids.length);
      };
      for (let step = 0; step < 30; step++) {
        const op = rnd(10);
        if (op < 5) {
          const n = rnd(8) === 0 ? rnd(20) : 1000 + rnd(2000);
          for (let i = 0; i < n; i++) {
            paper(10 + rnd(60));
            if (rnd(50) === 0) vocab = Math.min(5000, vocab + rnd(300));
          }
        } else if (op < 7) {
          const was = backing(table);
          const bulk = table.pending >= 50_000;
          table.flush(vocab);
          if (bulk && backing(table) === was) inPlace++;
          expect(firstDifference(table, direct.slice(0, vocab))).toBe(-1);
        } else if (op === 7) {
          // A size said right, too low or too high, with the queue's share before the next packing.
          table.reserveFor(rnd(20_000) - 500, rnd(6000) - 1000);
        } else if (op === 8 && rnd(2)) {
          table.trim(vocab);
          expect(firstDifference(table, direct.slice(0, vocab))).toBe(-1);
        } else if (op === 8) {
          table = PostingTable.from(table.state(vocab));
          expect(firstDifference(table, direct.slice(0, vocab))).toBe(-1);
        } else {
          const remap = Int32Array.from({ length: slot }, () => (rnd(4) === 0 ? -1 : 0));
          let k = 0;
          for (let s = 0; s < slot; s++) if (remap[s]! >= 0) remap[s] = k++;
          const sizes = table.remap(vocab, remap);
          direct = direct.map((l) => l.filter((p) => remap[postingSlot(p)]! >= 0).map((p) => packPosting(remap[postingSlot(p)]!, postingTf(p), postingTtf(p))));
          slot = k;
          expect([...sizes]).toEqual(direct.slice(0, vocab).map((l) => l.length));
        }
      }
      table.trim(vocab);
      expect(firstDifference(table, direct.slice(0, vocab))).toBe(-1);
      expect(table.state(vocab).data.length).toBe(direct.slice(0, vocab).reduce((n, l) => n + l.length, 0));
    }
    // The runs packed in place, not only into new arrays.
    expect(inPlace).toBeGreaterThan(0);
  });

  it('renumbers slots and drops those removed', () => {
    const table = new PostingTable();
    for (let s = 0; s < 6; s++) table.push(s % 2, s, 1, 0);
    const sizes = table.remap(2, Int32Array.from([0, -1, 1, -1, 2, 3]));
    expect([...sizes]).toEqual([3, 1]);
    expect(contents(table, 2)).toEqual([
      [0, 1, 2].map((s) => packPosting(s, 1, 0)),
      [packPosting(3, 1, 0)],
    ]);
    expect(() => PostingTable.from({ sizes: Int32Array.from([2]), data: new Uint32Array(1) })).toThrow();
  });
});
