// Quickselect: the k-th largest of a list of numbers, for keeping a paper's most distinctive terms.

/**
 * The k-th largest of the first `n` values (1 ≤ k ≤ n; all of them without `n`), using `buf` (at
 * least n long) as scratch: quickselect.
 */
export function kthLargest(buf: Float64Array, values: Float64Array, k: number, n = values.length): number {
  for (let i = 0; i < n; i++) buf[i] = values[i]!;
  let lo = 0;
  let hi = n - 1;
  const target = n - k; // index in ascending order
  while (lo < hi) {
    const pivot = buf[(lo + hi) >>> 1]!;
    let i = lo;
    let j = hi;
    while (i <= j) {
      while (buf[i]! < pivot) i++;
      while (buf[j]! > pivot) j--;
      if (i <= j) {
        const t = buf[i]!;
        buf[i++] = buf[j]!;
        buf[j--] = t;
      }
    }
    if (target <= j) hi = j;
    else if (target >= i) lo = i;
    else break;
  }
  return buf[target]!;
}
