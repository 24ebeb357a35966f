// Posting lists and the queue that fills them: queued postings land as pushing them one by one would put them.
import { describe, expect, it } from 'vitest';
import { PendingPostings, PostingList, packPosting, postingSlot, postingTf, postingTtf } from '../../src/rank/postings.ts';

const contents = (lists: (PostingList | undefined)[]): number[][] => Array.from({ length: lists.length }, (_, t) => Array.from({ length: lists[t]?.n ?? 0 }, (_, j) => lists[t]!.at(j)));

describe('postings', () => {
  it('packs slot, capped tf and capped title tf into 32 bits', () => {
    const p = packPosting(4_000_000, 300, 7);
    expect([postingSlot(p), postingTf(p), postingTtf(p)]).toEqual([4_000_000, 255, 3]);
  });

  it.each([
    ['a few (one by one)', 40],
    ['a bulk load (one shared buffer)', 60_000],
  ])('puts %s queued postings in their lists, after what they held, in order', (_, count) => {
    const direct: PostingList[] = [];
    const queued: PostingList[] = [];
    // Lists that already hold one posting, and several, before the queue.
    for (const lists of [direct, queued]) {
      (lists[3] = new PostingList()).push(1, 2, 0);
      lists[5] = new PostingList();
      for (let s = 0; s < 9; s++) lists[5].push(s, 1, 1);
    }
    const q = new PendingPostings();
    for (let i = 0; i < count; i++) {
      const term = (i * 7919) % 97;
      direct[term] ??= new PostingList();
      direct[term].push(10 + i, i % 300, i % 5);
      q.push(term, 10 + i, i % 300, i % 5);
    }
    expect(q.size).toBe(count);
    q.flushInto(queued, 97);
    expect(q.size).toBe(0);
    expect(contents(queued)).toEqual(contents(direct));
    // Lists filled from the queue still grow by pushes.
    queued[5]!.push(99_999, 1, 0);
    expect(queued[5]!.at(queued[5]!.n - 1)).toBe(packPosting(99_999, 1, 0));
  });
});
