// Scoring many papers at once gives each the figures it gets alone.
import { describe, expect, it } from 'vitest';
import { Corpus } from '../../src/rank/corpus.ts';
import { buildQuery, relevance, relevanceMany } from '../../src/rank/relevance.ts';
import { fixturePapers } from '../search/helpers.ts';

describe('relevanceMany', () => {
  it('equals relevance paper by paper', () => {
    const papers = fixturePapers();
    const corpus = Corpus.of(papers);
    const docs = papers.map((p) => corpus.vectorOf(p));
    for (const topic of ['linear attention', 'brain imaging', 'protein folding kinetics']) {
      const q = buildQuery(corpus, topic);
      expect(relevanceMany(corpus, q, docs)).toEqual(docs.map((d) => relevance(corpus, q, d)));
    }
  });
});
