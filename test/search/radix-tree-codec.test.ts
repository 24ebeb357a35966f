// The typo dictionary's radix tree written and read back: the same words, the same fuzzy and prefix answers in the same order.
import SearchableMap from 'minisearch/SearchableMap';
import { describe, expect, it } from 'vitest';
import { BinaryReader, BinaryWriter } from '../../src/search/binary-codec.ts';
import { readWordTree, writeWordTree } from '../../src/search/radix-tree-codec.ts';

describe('word tree codec', () => {
  it('rebuilds the same tree', () => {
    const map = new SearchableMap<true>();
    for (const w of ['attention', 'attend', 'attentive', 'at', 'linear', 'line', 'lineage', 'zebra', 'attentions']) map.set(w, true);
    const w = new BinaryWriter();
    writeWordTree(w, map);
    const r = new BinaryReader(w.bytes());
    const back = readWordTree(r);
    expect(r.done).toBe(true);
    expect([...back.keys()]).toEqual([...map.keys()]);
    expect([...back.fuzzyGet('atention', 2)]).toEqual([...map.fuzzyGet('atention', 2)]);
    expect([...back.atPrefix('line').keys()]).toEqual([...map.atPrefix('line').keys()]);
    expect(back.has('lineage') && !back.has('lin')).toBe(true);
    back.set('attic', true);
    expect(back.has('attic')).toBe(true);
  });

  it('reads an empty tree', () => {
    const w = new BinaryWriter();
    writeWordTree(w, new SearchableMap<true>());
    expect(readWordTree(new BinaryReader(w.bytes())).size).toBe(0);
  });
});
