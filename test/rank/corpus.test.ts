// The corpus: document frequencies, replacement of changed papers, compaction, first-pass retrieval.
import { describe, expect, it } from 'vitest';
import { Corpus, KEPT_TERMS } from '../../src/rank/corpus.ts';
import { retrieve } from '../../src/rank/relevance.ts';
import { stem } from '../../src/search/text.ts';
import { paper } from '../search/helpers.ts';

const id = (c: Corpus, word: string): number => c.termId(stem(word));
const top = (c: Corpus, word: string, k = 5): string[] => retrieve(c, new Map([[id(c, word), 1]]), k).map((r) => c.idAt(r.slot)!);

describe('Corpus', () => {
  it('counts document frequencies and finds papers by their words', () => {
    const c = Corpus.of([paper('2501.00001', 'Pruning networks', 'We prune.'), paper('2501.00002', 'Graph networks', 'Nodes and edges.')]);
    expect(c.size).toBe(2);
    expect(c.docFreq(id(c, 'networks'))).toBe(2);
    expect(c.docFreq(id(c, 'pruning'))).toBe(1);
    expect(top(c, 'graph')).toEqual(['2501.00002']);
    expect(c.knowsWord('edges')).toBe(true);
    expect(c.word(id(c, 'pruning'))).toBe('pruning');
  });

  it('replaces a paper whose text changed, and ignores one re-added unchanged', () => {
    const c = Corpus.of([paper('2501.00001', 'Pruning networks', 'We prune.')]);
    const v = c.version;
    c.add([paper('2501.00001', 'Pruning networks', 'We prune.', { upvotes: 9 })]);
    expect(c.version).toBe(v);
    c.add([paper('2501.00001', 'Diffusion models', 'We denoise.')]);
    expect(c.size).toBe(1);
    expect(top(c, 'diffusion')).toEqual(['2501.00001']);
    expect(top(c, 'pruning')).toEqual([]);
    expect(c.docFreq(id(c, 'diffusion'))).toBe(1);
  });

  it('stays exact through compaction and trimming', () => {
    const c = new Corpus();
    const many = Array.from({ length: 1200 }, (_, i) => paper(`2501.${String(i).padStart(5, '0')}`, `Topic ${i % 7} study`, `Words about alpha${i % 3}.`));
    c.add(many);
    c.trim();
    // Rewrite every paper (forces compaction), then once more with new words.
    c.add(many.map((p) => ({ ...p, summary: `${p.summary} beta` })));
    c.add(many.slice(0, 10).map((p) => ({ ...p, title: 'Gamma rays', summary: 'Gamma.' })));
    expect(c.size).toBe(1200);
    expect(c.slotCount).toBeLessThanOrEqual(1200 * 1.25 + 10);
    expect(c.docFreq(id(c, 'beta'))).toBe(1190);
    expect(c.docFreq(id(c, 'gamma'))).toBe(10);
    expect(top(c, 'gamma', 20).sort()).toEqual(many.slice(0, 10).map((p) => p.id).sort());
    expect(c.doc('2501.00000')!.terms.length).toBeGreaterThan(0);
  });

  it("keeps a long paper's most distinctive terms, also while replaced papers leave dead slots behind", () => {
    const common = Array.from({ length: 80 }, (_, i) => `common${i}`).join(' ');
    const c = Corpus.of(Array.from({ length: 30 }, (_, i) => paper(`2501.${String(i).padStart(5, '0')}`, 'Shared title', common)));
    // Replacing a paper again and again leaves dead slots (document frequencies count them until compaction).
    for (let r = 0; r < 5; r++) c.add([paper('2501.00000', 'Shared title', `${common} round${r}`)]);
    const rare = Array.from({ length: 10 }, (_, i) => `rare${i}`);
    c.add([paper('2501.99999', 'Shared title', `${common} ${rare.join(' ')}`)]);
    const kept = c.doc('2501.99999')!.terms;
    expect(kept.length).toBe(KEPT_TERMS);
    for (const w of rare) expect(kept).toContain(id(c, w));
  });
});
