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
