// The day's inverted vectors give the same dot products as the plain loop over each paper's terms, to the bit.
import { describe, expect, it } from 'vitest';
import { DayIndex } from '../../src/rank/day-index.ts';
import type { SparseVector } from '../../src/rank/profile.ts';

/** A deterministic sparse unit-ish vector over terms 0..vocab−1 (terms in random order, as papers hold them). */
function vector(seed: number, n: number, vocab: number): SparseVector {
  let s = seed;
  const next = (): number => ((s = (Math.imul(s, 1103515245) + 12345) >>> 0) / 2 ** 32);
  const terms = new Set<number>();
  while (terms.size < n) terms.add(Math.floor(next() * vocab));
  return { terms: Int32Array.from(terms), w: Float32Array.from(terms, () => next() - 0.2) };
}

/** The plain way: the signed vectors summed densely in Float32, then each paper's terms in order. */
function plain(units: SparseVector[], vectors: SparseVector[], signs: number[], vocab: number): number[] {
  const dense = new Float32Array(vocab);
  vectors.forEach((v, j) => v.terms.forEach((t, i) => (dense[t] = dense[t]! + signs[j]! * v.w[i]!)));
  return units.map((u) => {
    let sum = 0;
    for (let i = 0; i < u.terms.length; i++) sum += u.w[i]! * dense[u.terms[i]!]!;
    return sum;
  });
}

describe('DayIndex', () => {
  const vocab = 3000;
  const units = Array.from({ length: 60 }, (_, k) => vector(k + 1, 40 + (k % 50), vocab));
  const index = new DayIndex(units);

  it('matches the plain dot products exactly, for few and for many hits', () => {
    for (const n of [3, 20, 300]) {
      const saved = vector(1000 + n, n, vocab);
      const dismissed = vector(2000 + n, Math.ceil(n / 3), vocab);
      const out = new Float64Array(units.length);
      index.dots([saved, dismissed], [1, -1], out);
      expect([...out]).toEqual(plain(units, [saved, dismissed], [1, -1], vocab));
      index.dots([index.projectShared(saved)], [1], out);
      expect([...out]).toEqual(plain(units, [saved], [1], vocab));
    }
  });

  it('leaves papers not asked for at 0', () => {
    const v = vector(77, 200, vocab);
    const only = new Uint8Array(units.length);
    only[3] = only[41] = 1;
    const out = new Float64Array(units.length);
    index.dots([v], [1], out, only);
    const want = plain(units, [v], [1], vocab);
    expect([...out]).toEqual(want.map((x, k) => (only[k] ? x : 0)));
  });

  it('knows which terms the day has', () => {
    expect(index.local(vocab + 5)).toBe(-1);
    expect(index.local(-1)).toBe(-1);
    expect(index.local(units[0]!.terms[0]!)).toBeGreaterThanOrEqual(0);
  });
});
