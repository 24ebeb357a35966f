// The first k items of a stable sort, without sorting them all (a digest shows 10 of a day's 100 papers).

/**
 * The first `k` of the indices 0…n−1 in the order of `compare`, exactly as a stable sort would
 * place them (equal items keep their index order). Insertion into a list of k for small k; a
 * full stable sort otherwise.
 */
export function firstK(n: number, k: number, compare: (a: number, b: number) => number): number[] {
  k = Math.min(n, k);
  if (k <= 0) return [];
  if (k > 32) return Array.from({ length: n }, (_, i) => i).sort(compare).slice(0, k);
  const out: number[] = [];
  for (let c = 0; c < n; c++) {
    let j = out.length;
    if (j === k) {
      if (compare(c, out[k - 1]!) >= 0) continue;
      j = k - 1;
    }
    for (; j > 0 && compare(c, out[j - 1]!) < 0; j--) out[j] = out[j - 1]!;
    out[j] = c;
  }
  return out;
}
