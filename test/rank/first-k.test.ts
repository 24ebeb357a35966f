// The first k of a stable sort, picked without sorting everything.
import { describe, expect, it } from 'vitest';
import { firstK } from '../../src/rank/first-k.ts';

describe('firstK', () => {
  it('agrees with a stable sort, ties included', () => {
    const keys = Array.from({ length: 100 }, (_, i) => (i * 37) % 11);
    const compare = (a: number, b: number): number => keys[b]! - keys[a]!;
    const sorted = Array.from({ length: 100 }, (_, i) => i).sort(compare);
    for (const k of [0, 1, 5, 10, 32, 33, 100, 150]) expect(firstK(100, k, compare)).toEqual(sorted.slice(0, k));
  });
});
