// The binary writer and reader: what is written comes back, in order; short input is refused.
import { describe, expect, it } from 'vitest';
import { BinaryReader, BinaryWriter } from '../../src/search/binary-codec.ts';

describe('binary codec', () => {
  it('reads back numbers, typed arrays of every width and string lists', () => {
    const w = new BinaryWriter();
    w.f64(-1.5);
    w.array(Uint8Array.of(1, 2, 3));
    w.array(Int32Array.of(-7, 2 ** 30));
    w.array(new Uint16Array(new Uint16Array([9, 8, 7, 6, 5]).buffer, 2, 3));
    w.array(Float32Array.of(0.25));
    w.strings(['', 'ünïcode', 'a b']);
    w.strings([]);
    const r = new BinaryReader(w.bytes());
    expect(r.f64()).toBe(-1.5);
    expect([...r.array(Uint8Array)]).toEqual([1, 2, 3]);
    expect([...r.array(Int32Array)]).toEqual([-7, 2 ** 30]);
    expect([...r.array(Uint16Array)]).toEqual([8, 7, 6]);
    expect([...r.array(Float32Array)]).toEqual([0.25]);
    expect(r.strings()).toEqual(['', 'ünïcode', 'a b']);
    expect(r.strings()).toEqual([]);
    expect(r.done).toBe(true);
  });

  it('refuses input cut short', () => {
    const w = new BinaryWriter();
    w.array(Int32Array.of(1, 2, 3, 4));
    const r = new BinaryReader(w.bytes().subarray(0, 12));
    expect(() => r.array(Int32Array)).toThrow(/cut short/);
  });
});
