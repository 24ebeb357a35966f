// Where a paper holds the matched terms: the first field in reading order, and the word as written there.
import { describe, expect, it } from 'vitest';
import { fieldWords } from '../../src/rank/field-words.ts';
import { Corpus } from '../../src/rank/corpus.ts';
import { stem } from '../../src/search/text.ts';
import { paper } from '../search/helpers.ts';

describe('fieldWords', () => {
  const p = paper('2501.00001', 'Pruning Transformers', 'We prune models well.', { keywords: ['RLHF', 'model pruning'], aiSummary: 'Cheaper Schrödinger bridges.' });
  const corpus = Corpus.of([p]);
  const term = (w: string) => corpus.termId(stem(w));
  const termOf = (w: string) => corpus.termOfWord(w);

  it("finds each wanted term in the first field that has it, title first, with the paper's own word", () => {
    const wanted = ['pruned', 'modelling', 'welling', 'rlhf', 'schrodinger'].map(term);
    const places = fieldWords(p, new Set(wanted), termOf);
    expect(places.get(term('pruned'))).toEqual({ field: 'title', word: 'pruning' });
    expect(places.get(term('modelling'))).toEqual({ field: 'abstract', word: 'models' });
    expect(places.get(term('welling'))).toEqual({ field: 'abstract', word: 'well' });
    expect(places.get(term('rlhf'))).toEqual({ field: 'keywords', word: 'rlhf' });
    expect(places.get(term('schrodinger'))).toEqual({ field: 'AI summary', word: 'schrodinger' });
  });

  it('reads no further than it must, and holds only what was wanted', () => {
    const read: string[] = [];
    const places = fieldWords(p, new Set([term('transformers')]), (w) => (read.push(w), termOf(w)));
    expect([...places.values()]).toEqual([{ field: 'title', word: 'transformers' }]);
    expect(read).toEqual(['pruning', 'transformers']);
    expect(fieldWords(p, new Set(), termOf).size).toBe(0);
  });
});
