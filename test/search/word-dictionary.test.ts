// The packed typo dictionary answers as MiniSearch's radix tree (SearchableMap) does, words in sorted order.
import SearchableMap from 'minisearch/SearchableMap';
import { describe, expect, it } from 'vitest';
import { WordDictionary } from '../../src/search/word-dictionary.ts';
import { words } from '../../src/search/text.ts';
import { fixturePapers } from './helpers.ts';

const vocabulary = [...new Set(fixturePapers().flatMap((p) => words(`${p.title} ${p.summary} ${p.authors.join(' ')}`)))];

describe('WordDictionary', () => {
  const dict = new WordDictionary();
  const tree = new SearchableMap<true>();
  for (const w of vocabulary) {
    dict.add(w);
    tree.set(w, true);
  }

  it('holds each word once', () => {
    for (const w of vocabulary.slice(0, 50)) dict.add(w);
    expect(dict.size).toBe(vocabulary.length);
    expect(dict.has(vocabulary[7]!)).toBe(true);
    expect(dict.has('zzzznotaword')).toBe(false);
  });

  it('finds the words within n edits, with their distance, as the radix tree does', () => {
    for (const q of ['attentoin', 'modle', 'interpretabilty', 'transformr', 'lnear', 'a', 'xq', 'graph', 'zzzzzzzz', 'mechanistic']) {
      for (const edits of [1, 2]) {
        const want = [...tree.fuzzyGet(q, edits)].map(([w, [, d]]) => [w, d] as const).sort((a, b) => (a[0] < b[0] ? -1 : 1));
        expect([...dict.fuzzy(q, edits)], `${q} ${edits}`).toEqual(want);
      }
    }
  });

  it('lists the words that start with a prefix, in sorted order', () => {
    for (const p of ['interp', 'mo', 'atten', 'zzz', '']) {
      expect([...dict.atPrefix(p)], p).toEqual([...tree.atPrefix(p).keys()].sort());
    }
  });

  it('takes words added after a look-up, and keeps them through its state', () => {
    const d = new WordDictionary();
    for (const w of ['beta', 'alpha', 'alphabet']) d.add(w);
    expect([...d.atPrefix('alp')]).toEqual(['alpha', 'alphabet']);
    d.add('alpine');
    d.add('aaa');
    expect([...d.fuzzy('alphx', 1)]).toEqual([['alpha', 1]]);
    const copy = WordDictionary.from(d.state());
    expect([...copy.atPrefix('a')]).toEqual(['aaa', 'alpha', 'alphabet', 'alpine']);
    expect(copy.has('beta')).toBe(true);
    expect(() => WordDictionary.from({ chars: new Uint8Array(3), starts: Int32Array.from([0, 2]) })).toThrow();
  });

  it('stays sorted and whole through many merges of words old and new', () => {
    const d = new WordDictionary();
    const all = new Set<string>();
    let x = 7;
    const next = () => (x = (Math.imul(x, 1_103_515_245) + 12_345) >>> 0);
    for (let round = 0; round < 12; round++) {
      // Look-ups merge what was added: rounds of new words, words already merged, and words added twice.
      for (let k = 0; k < 3000; k++) {
        const w = (next() % 40_000).toString(36);
        d.add(w);
        all.add(w);
      }
      for (const w of [...all].slice(0, 200)) d.add(w);
      expect(d.size).toBe(all.size);
    }
    expect([...d.atPrefix('')]).toEqual([...all].sort());
    expect([...d.atPrefix('z')]).toEqual([...all].filter((w) => w.startsWith('z')).sort());
  });
});
