// nDCG@k against hand-computed values.
import { describe, expect, it } from 'vitest';
import { dcg, ndcgAt } from '../../src/rank/ndcg.ts';

describe('ndcg', () => {
  const judged = { a: 2, b: 1, c: 2 };

  it('is 1 for the ideal order and 0 for nothing relevant', () => {
    expect(ndcgAt(['a', 'c', 'b'], judged)).toBeCloseTo(1);
    expect(ndcgAt(['x', 'y'], judged)).toBe(0);
    expect(ndcgAt(['a'], {})).toBe(0);
  });

  it('discounts by log2 of the rank (linear gain by default)', () => {
    expect(dcg([2, 0, 1], 5)).toBeCloseTo(2 + 0 + 1 / 2);
    const ideal = 2 + 2 / Math.log2(3) + 1 / 2;
    expect(ndcgAt(['b', 'a', 'x', 'c'], judged)).toBeCloseTo((1 + 2 / Math.log2(3) + 0 + 2 / Math.log2(5)) / ideal);
  });

  it('cuts at k and supports exponential gain', () => {
    expect(ndcgAt(['x', 'x2', 'a'], judged, 2)).toBe(0);
    expect(dcg([2, 1], 5, 'exponential')).toBeCloseTo(3 + 1 / Math.log2(3));
  });
});
