// The full-text index: typo and prefix tolerance, field boosts, replacing papers.
import { beforeAll, describe, expect, it } from 'vitest';
import { SearchIndex } from '../../src/search/search-index.ts';
import { fixturePapers, paper } from './helpers.ts';

describe('SearchIndex over the fixture papers', () => {
  const index = new SearchIndex();
  const papers = fixturePapers();
  const title = (id: string): string => papers.find((p) => p.id === id)!.title;
  beforeAll(() => index.add(papers));

  it('indexes every paper once', () => {
    expect(index.size).toBe(papers.length);
    index.add(papers.slice(0, 5));
    expect(index.size).toBe(papers.length);
  });

  it('tolerates a typo ("attentoin")', () => {
    const hits = index.search('linear attentoin', { limit: 5 });
    expect(hits.length).toBe(5);
    for (const h of hits) expect(title(h.id)).toMatch(/linear|attention/i);
    expect(hits[0]!.terms).toContain('attention');
  });

  it('completes a prefix ("interp")', () => {
    const hits = index.search('mechanistic interp', { limit: 3 });
    expect(hits.map((h) => title(h.id)).some((t) => /Mechanistic Interpretability/.test(t))).toBe(true);
    expect(index.variants('interp')[0]).toMatch(/^interp/);
  });

  it('counts swapped letters as one edit, and walks two edits only when one finds nothing', () => {
    expect(index.variants('learnign', 2)[0]).toBe('learning');
    expect(index.variants('attnetion', 2)[0]).toBe('attention');
    // Two letters missing: nothing is one edit away, so the two-edit walk finds it.
    expect(index.variants('interprtabilty', 2)).toContain('interpretability');
  });

  it('finds authors', () => {
    const p = papers[3]!;
    const hits = index.search(p.authors[0]!, { limit: 1, exact: true });
    expect(hits[0]?.id).toBe(p.id);
  });

  it('answers nothing to stop words or punctuation', () => {
    expect(index.search('the of and')).toEqual([]);
    expect(index.search('  ?!  ')).toEqual([]);
  });
});

describe('SearchIndex field boosts and replacement', () => {
  it('ranks a title match above a keyword or author match', () => {
    const index = new SearchIndex();
    index.add([
      paper('2501.00001', 'Scaling laws for sparse models', '', { keywords: ['pruning'] }),
      paper('2501.00002', 'Pruning made simple'),
      paper('2501.00003', 'Graph transformers', '', { authors: ['Ada Pruning'] }),
    ]);
    expect(index.search('pruning').map((h) => h.id)).toEqual(['2501.00002', '2501.00001', '2501.00003']);
  });

  it('knows every word, abstracts included, and maps typos and prefixes to them', () => {
    const index = new SearchIndex();
    index.add([paper('2501.00001', 'Sparse models', 'Structured pruning of attention heads and interpretability probes.')]);
    expect(index.knows('pruning')).toBe(true);
    expect(index.variants('attentoin')).toEqual(['attention']);
    expect(index.variants('interp')).toEqual(['interpretability']);
    expect(index.variants('zzzzzz')).toEqual([]);
  });

  it('replaces a paper added again under the same id', () => {
    const index = new SearchIndex();
    index.add([paper('2501.00003', 'Diffusion for audio')]);
    index.add([paper('2501.00003', 'Graph neural networks')]);
    expect(index.size).toBe(1);
    expect(index.search('diffusion', { exact: true })).toEqual([]);
    expect(index.search('graph')[0]!.id).toBe('2501.00003');
  });

  it('keeps the last of duplicates within one batch', () => {
    const index = new SearchIndex();
    index.add([paper('2501.00004', 'First title'), paper('2501.00004', 'Second title')]);
    expect(index.size).toBe(1);
    expect(index.search('second')[0]!.id).toBe('2501.00004');
  });
});

describe('SearchIndex without text words (beside the ranking corpus)', () => {
  const gpt = paper('2501.00004', 'Scaling GPT 4 style attention to 1 million tokens');
  const plain = paper('2501.00005', 'Linear attention for long documents');

  it('holds only numbers and single letters in MiniSearch; the corpus has the words', () => {
    const index = new SearchIndex({ abstractWords: false, textWords: false });
    index.add([gpt, plain]);
    expect(index.size).toBe(2);
    expect(index.search('attention', { exact: true, fields: ['title'] })).toEqual([]);
    expect(index.search('4', { exact: true, fields: ['title'] }).map((h) => h.id)).toEqual([gpt.id]);
    // The full index, as before, finds both by their words.
    const full = new SearchIndex();
    full.add([gpt, plain]);
    expect(full.search('attention', { exact: true, fields: ['title'] })).toHaveLength(2);
  });

  it('counts and holds papers with nothing for MiniSearch, and follows a paper whose number comes and goes', () => {
    const index = new SearchIndex({ abstractWords: false, textWords: false });
    const bayes = paper('2501.00006', 'Naïve Bayes revisited');
    const x = paper('2501.00007', 'Scaling x beyond attention');
    const kw = { ...plain, id: '2501.00008', keywords: ['gpt 4'] };
    index.add([gpt, plain, bayes, x, kw]);
    expect(index.size).toBe(5);
    expect(index.has(plain.id)).toBe(true);
    expect(index.search('4', { exact: true, fields: ['title', 'keywords'] }).map((h) => h.id).sort()).toEqual([gpt.id, kw.id]);
    expect(index.search('x', { exact: true, fields: ['title'] }).map((h) => h.id)).toEqual([x.id]);
    expect(index.search('naive', { exact: true, fields: ['title'] })).toEqual([]);
    // The number leaves the title: the paper no longer matches it, and is still counted once.
    index.add([{ ...gpt, title: 'Scaling attention to long tokens' }]);
    expect(index.search('4', { exact: true, fields: ['title', 'keywords'] }).map((h) => h.id)).toEqual([kw.id]);
    // And comes back (twice in one batch, the last one counts).
    index.add([{ ...plain, title: 'Plain again' }, { ...plain, title: 'Linear attention 2' }]);
    expect(index.search('2', { exact: true, fields: ['title'] }).map((h) => h.id)).toEqual([plain.id]);
    expect(index.size).toBe(5);
  });
});
