// A small binary writer and reader: numbers, typed arrays and string lists, in the order written.

type Typed = Int32Array | Uint32Array | Uint16Array | Uint8Array | Float32Array | Float64Array;
type TypedClass<T extends Typed> = { new (n: number): T; BYTES_PER_ELEMENT: number };

/** Collects values into parts; `bytes()` joins them (typed arrays start at multiples of 8 bytes). */
export class BinaryWriter {
  private readonly parts: Uint8Array[] = [];
  private length = 0;

  private push(b: Uint8Array): void {
    this.parts.push(b);
    this.length += b.length;
  }

  f64(n: number): void {
    const b = new Uint8Array(8);
    new DataView(b.buffer).setFloat64(0, n, true);
    this.push(b);
  }

  array(a: Typed): void {
    this.f64(a.length);
    this.push(new Uint8Array(a.buffer, a.byteOffset, a.byteLength));
    const pad = (8 - (a.byteLength % 8)) % 8;
    if (pad) this.push(new Uint8Array(pad));
  }

  /** Strings without NUL characters. */
  strings(xs: readonly string[]): void {
    this.f64(xs.length);
    this.array(Buffer.from(xs.join('\u0000'), 'utf8'));
  }

  bytes(): Buffer {
    return Buffer.concat(this.parts, this.length);
  }
}

/** Reads what a BinaryWriter wrote, in the same order; throws on a short or malformed input. */
export class BinaryReader {
  private at = 0;
  constructor(private readonly buf: Uint8Array) {}

  private take(n: number): Uint8Array {
    if (!(n >= 0) || this.at + n > this.buf.length) throw new Error('snapshot is cut short');
    const b = this.buf.subarray(this.at, this.at + n);
    this.at += n;
    return b;
  }

  f64(): number {
    const b = this.take(8);
    return new DataView(b.buffer, b.byteOffset, 8).getFloat64(0, true);
  }

  /** A copy (aligned, not sharing the input). */
  array<T extends Typed>(type: TypedClass<T>): T {
    const n = this.f64();
    const size = n * type.BYTES_PER_ELEMENT;
    const out = new type(n);
    new Uint8Array(out.buffer).set(this.take(size));
    this.take((8 - (size % 8)) % 8);
    return out;
  }

  strings(): string[] {
    const n = this.f64();
    const bytes = this.array(Uint8Array);
    const text = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.length).toString('utf8');
    const xs = n ? text.split('\u0000') : [];
    if (xs.length !== n) throw new Error('snapshot string list is malformed');
    return xs;
  }

  get done(): boolean {
    return this.at === this.buf.length;
  }
}
