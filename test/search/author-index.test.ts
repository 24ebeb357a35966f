// The author index: name words to papers, rarer and more words first, replaced papers forgotten.
import { describe, expect, it } from 'vitest';
import { AuthorIndex } from '../../src/search/author-index.ts';
import { BinaryReader, BinaryWriter } from '../../src/search/binary-codec.ts';
import { words } from '../../src/search/text.ts';

const index = (): AuthorIndex => new AuthorIndex((name) => words(name));

describe('AuthorIndex', () => {
  it('finds papers by any name word, those matching more and rarer words first', () => {
    const a = index();
    a.add('p1', ['Ada Lovelace', 'Charles Babbage']);
    a.add('p2', ['Ada Byron']);
    a.add('p3', ['Grace Hopper']);
    const hits = a.search(['ada', 'lovelace'], 1.5, 10);
    expect(hits.map((h) => h.id)).toEqual(['p1', 'p2']);
    expect(hits[0]!.terms.sort()).toEqual(['ada', 'lovelace']);
    expect(hits[1]!.terms).toEqual(['ada']);
    expect(a.search(['hopper'], 1.5, 10).map((h) => h.id)).toEqual(['p3']);
    expect(a.search(['nobody'], 1.5, 10)).toEqual([]);
    expect(a.search(['ada'], 1.5, 1)).toHaveLength(1);
  });

  it('forgets the old names of a paper added again, through compaction too', () => {
    const a = index();
    a.add('p1', ['Ada Lovelace']);
    a.add('p1', ['Grace Hopper']);
    expect(a.size).toBe(1);
    expect(a.search(['lovelace'], 1, 10)).toEqual([]);
    for (let i = 0; i < 3000; i++) a.add(`q${i % 500}`, [`Name${i} Smith`]);
    expect(a.size).toBe(501);
    expect(a.search(['smith'], 1, 1000)).toHaveLength(500);
    expect(a.search(['name2999'], 1, 10).map((h) => h.id)).toEqual(['q499']);
    expect(a.search(['name0'], 1, 10)).toEqual([]);
    expect(a.search(['hopper'], 1, 10).map((h) => h.id)).toEqual(['p1']);
    // A name seen before compaction still reaches its (new) list after it.
    a.add('late', ['Grace Hopper']);
    expect(a.search(['hopper'], 1, 10).map((h) => h.id).sort()).toEqual(['late', 'p1']);
  });

  it('lists a paper once per name word, and tells each new word once', () => {
    const a = index();
    const heard: string[] = [];
    a.add('p1', ['Ada Lovelace', 'Ada Byron', 'Ada Lovelace'], (w) => heard.push(w));
    a.add('p2', ['Ada Byron'], (w) => heard.push(w));
    expect(heard).toEqual(['ada', 'lovelace', 'byron']);
    expect(a.search(['ada'], 1, 10).map((h) => h.id)).toEqual(['p2', 'p1']);
    expect(a.search(['ada'], 1, 10)[0]!.score).toBe(a.search(['ada'], 1, 10)[1]!.score);
  });

  it('answers the same after a bulk load packed at once, papers added one by one after it, and a snapshot', () => {
    const a = index();
    // 30,000 papers of three authors each: a queue past the bulk threshold, packed when first read.
    for (let i = 0; i < 30_000; i++) a.add(`b${i}`, [`Ann${i % 1000} Smith`, `Bo${i % 7} Jones`, `Cy${i} Lee`]);
    a.trim();
    expect(a.search(['cy29999'], 1, 10).map((h) => h.id)).toEqual(['b29999']);
    expect(a.search(['ann5'], 1, 100).map((h) => h.id)).toHaveLength(30);
    // Newest first among equal scores, then papers matching more words.
    expect(a.search(['ann5'], 1, 1)[0]!.id).toBe('b29005');
    expect(a.search(['ann5', 'bo5'], 1, 1)[0]!.id).toBe('b28005');
    a.add('late', ['Cy1 Lee']);
    a.add('b1', ['Dee Fox']);
    expect(a.search(['cy1'], 1, 10).map((h) => h.id)).toEqual(['late']);
    const w = new BinaryWriter();
    a.writeTo(w);
    const b = index();
    b.readFrom(new BinaryReader(w.bytes()))();
    for (const q of [['cy1'], ['dee'], ['ann5', 'bo5'], ['smith']]) expect(b.search(q, 1, 50)).toEqual(a.search(q, 1, 50));
    expect(b.size).toBe(30_001);
    // A snapshot whose lists point past its papers is refused.
    const bad = new BinaryWriter();
    bad.strings(['p1']);
    bad.strings(['ada']);
    bad.array(Int32Array.of(1));
    bad.array(Int32Array.of(5));
    expect(() => index().readFrom(new BinaryReader(bad.bytes()))).toThrow(/inconsistent/);
  });

  it('finds every author through more names than it remembers, empty and odd names included', () => {
    const a = index();
    // 60,000 people: past the 50,000 names the index remembers, so it forgets them once on the way.
    const name = (i: number) => `Ńame${i} Doe-${i % 7}`;
    for (let i = 0; i < 60_000; i++) a.add(`p${i}`, [name(i), '', name((i * 7) % 60_000)]);
    for (const i of [0, 1, 49_999, 50_000, 59_999]) {
      const want = [...Array(60_000).keys()].filter((j) => j === i || (j * 7) % 60_000 === i).map((j) => `p${j}`);
      expect(a.search([`name${i}`], 1, 10).map((h) => h.id).sort(), `name${i}`).toEqual(want.sort());
    }
    expect(a.search(['doe'], 1, 100_000)).toHaveLength(60_000);
  });
});
