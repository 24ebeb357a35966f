// Where a paper holds each term: the first field in reading order, and the word as written there.
import { describe, expect, it } from 'vitest';
import { fieldWords } from '../../src/rank/field-words.ts';
import { stem } from '../../src/search/text.ts';

describe('fieldWords', () => {
  it('finds each stem in the first field that has it, title first, with the paper\'s own word', () => {
    const places = fieldWords({ title: 'Pruning Transformers', summary: 'We prune models well.', keywords: ['RLHF', 'model pruning'], aiSummary: 'Cheaper Schrödinger bridges.' });
    expect(places.get(stem('pruned'))).toEqual({ field: 'title', word: 'pruning' });
    expect(places.get(stem('modelling'))).toEqual({ field: 'abstract', word: 'models' });
    expect(places.get(stem('welling'))).toEqual({ field: 'abstract', word: 'well' });
    expect(places.get('rlhf')).toEqual({ field: 'keywords', word: 'rlhf' });
    expect(places.get(stem('schrodinger'))).toEqual({ field: 'AI summary', word: 'schrodinger' });
    expect(places.has('we')).toBe(false);
  });
});
