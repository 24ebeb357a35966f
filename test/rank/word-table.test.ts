// The word table: look-ups by string and straight from a text, lower-casing ASCII, through growth.
import { describe, expect, it } from 'vitest';
import { UNSEEN, WordTable } from '../../src/rank/word-table.ts';

/** Look a word up by its place in a text, as the tokeniser does (case-folded). */
const idIn = (t: WordTable, text: string, start: number, end: number) => t.idOf(...WordTable.hashesOf(text, start, end), end - start);

describe('WordTable', () => {
  it('finds words by string and by their place in a text, case-folded', () => {
    const t = new WordTable();
    t.add('attention', 7);
    t.add('the', -1);
    expect(t.get('attention')).toBe(7);
    expect(t.get('the')).toBe(-1);
    expect(t.get('Attention')).toBeUndefined();
    const text = 'Linear ATTENTION works';
    expect(idIn(t, text, 7, 16)).toBe(7);
    expect(idIn(t, text, 0, 6)).toBe(UNSEEN);
    expect(idIn(t, 'attentio', 0, 8)).toBe(UNSEEN);
  });

  it('keeps every word through growth', () => {
    const t = new WordTable();
    for (let i = 0; i < 20_000; i++) t.add(`w${i}`, i);
    expect(t.size).toBe(20_000);
    for (let i = 0; i < 20_000; i += 997) expect(t.get(`w${i}`)).toBe(i);
    expect([...t.entries()].length).toBe(20_000);
    expect(t.get('w20000')).toBeUndefined();
  });
});

describe('WordTable state', () => {
  it('comes back from its arrays with every word and id, and keeps growing', () => {
    const t = new WordTable();
    for (let i = 0; i < 3000; i++) t.add(`w${i}`, i % 7 ? i : -1);
    const s = t.state();
    const back = WordTable.fromState({ starts: s.starts.slice(), ids: s.ids.slice(), chars: s.chars.slice() });
    expect([...back.entries()]).toEqual([...t.entries()]);
    expect(back.get('w7')).toBe(-1);
    back.add('new', 5);
    expect(back.get('new')).toBe(5);
    expect(back.get('w2999')).toBe(2999);
    expect(() => WordTable.fromState({ ...s, starts: s.starts.subarray(1) })).toThrow();
  });
});

describe('WordTable long and non-ASCII words', () => {
  it('finds long words and words beyond Latin-1 as exactly as short ones', () => {
    const t = new WordTable();
    const long = 'representationlearning';
    t.add(long, 3);
    t.add('representationlearninx', 4); // same length, differs in its last char
    t.add('naïve', 5);
    t.add('ŝtono', 6); // a char past 255
    const text = `A ${long.toUpperCase()} study`;
    expect(idIn(t, text, 2, 2 + long.length)).toBe(3);
    expect(t.get('representationlearninx')).toBe(4);
    expect(t.get('representationlearninz')).toBeUndefined();
    expect(t.get('naïve')).toBe(5);
    expect(t.get('ŝtono')).toBe(6);
    expect(t.get('ŝtonp')).toBeUndefined();
  });
});

describe('WordTable hashes', () => {
  it('tells apart words of one length whose first hash is the same', () => {
    // Six-letter words until two share the first (32-bit) hash: about 77,000 for even odds.
    const seen = new Map<number, string>();
    let pair: [string, string] | undefined;
    for (let i = 0; !pair && i < 1_000_000; i++) {
      const w = (i * 2_654_435_761 >>> 0).toString(36).padStart(7, 'q').slice(-6);
      const [h] = WordTable.hashesOf(w, 0, w.length);
      const other = seen.get(h);
      if (other !== undefined && other !== w) pair = [other, w];
      else seen.set(h, w);
    }
    expect(pair).toBeDefined();
    const [a, b] = pair!;
    expect(WordTable.hashesOf(a, 0, 6)[0]).toBe(WordTable.hashesOf(b, 0, 6)[0]);
    const t = new WordTable();
    t.add(a, 1);
    expect(t.get(b)).toBeUndefined();
    t.add(b, 2);
    expect([t.get(a), t.get(b)]).toEqual([1, 2]);
    expect(idIn(t, `${a.toUpperCase()} ${b}`, 0, 6)).toBe(1);
    expect(idIn(t, `${a.toUpperCase()} ${b}`, 7, 13)).toBe(2);
  });

  it('holds no empty word, and refuses a state that has one', () => {
    const t = new WordTable();
    expect(() => t.add('', 1)).toThrow(RangeError);
    expect(t.get('')).toBeUndefined();
    t.add('a', 1);
    const s = t.state();
    expect(() => WordTable.fromState({ starts: Int32Array.of(0, 0, 1), ids: Int32Array.of(3, 1), chars: s.chars.slice() })).toThrow(/inconsistent/);
  });
});
