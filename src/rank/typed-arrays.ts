// Growing typed arrays: the corpus, its term counts and its word table keep their data in them.

/** The typed arrays the ranking structures use. */
export type Typed = Int32Array | Uint16Array | Uint8Array | Uint32Array | Float32Array | Float64Array;

/** `a` when it holds `min` items, else a copy with room for exactly `min`. */
export function atLeast<T extends Typed>(a: T, min: number): T {
  if (a.length >= min) return a;
  const b = new (a.constructor as new (n: number) => T)(min);
  b.set(a);
  return b;
}

/** `a` when it holds `min` items, else a copy with room for `min` and at least twice as many as before (amortised growth). */
export const grow = <T extends Typed>(a: T, min: number): T => atLeast(a, a.length >= min ? min : Math.max(min, a.length * 2));
