// Quickselect: the k-th largest of a list of numbers, for keeping a paper's most distinctive terms.

/** The k-th largest of `values` (k ≥ 1, k ≤ length), using `buf` (same length) as scratch: quickselect. */
export function kthLargest(buf: Float64Array, values: Float64Array, k: number): number {
  buf.set(values);
  let lo = 0;
  let hi = buf.length - 1;
  const target = buf.length - k; // index in ascending order
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
