// Topic relevance, the relevance threshold, popularity as a tie-breaker, the no-topics day.
import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { Corpus } from '../../src/rank/corpus.ts';
import { Ranker, rankPapers } from '../../src/rank/rank-papers.ts';
import { fixturesDir } from '../fakes/fixtures.ts';
import { fixturePapers, paper } from '../search/helpers.ts';

const judgments = JSON.parse(readFileSync(path.join(fixturesDir, 'judgments.json'), 'utf8')) as { queries: Record<string, Record<string, number>> };

describe('rankPapers', () => {
  const papers = fixturePapers();
  const corpus = Corpus.of(papers);

  it('puts on-topic papers first and explains the match', () => {
    const ranked = rankPapers(papers, { corpus, topics: ['linear attention'], limit: 5 });
    expect(ranked).toHaveLength(5);
    for (const r of ranked) expect(judgments.queries['linear attention']![r.id]).toBe(2);
    expect(ranked[0]!.why).toMatch(/^title matches “linear”, “attention”/);
  });

  it('names the field a word matched in, and quotes the word as the paper spells it', () => {
    const extra = [
      paper('2501.20002', 'Direct Preference Optimization', 'We propose an alternative to reinforcement learning.', { keywords: ['RLHF', 'DPO'] }),
      paper('2501.20011', 'Aligning chatbots', 'We align chat models.', { aiSummary: 'A cheaper way to do RLHF.' }),
      paper('2501.20012', 'Sparse coding', 'It works well on images.'),
    ];
    const all = [...papers, ...extra];
    const why = (topic: string, id: string) => rankPapers(all, { corpus: Corpus.of(all), topics: [topic] }).find((r) => r.id === id)?.why;
    expect(why('rlhf', '2501.20002')).toBe('keywords match “rlhf”');
    expect(why('rlhf', '2501.20011')).toBe('AI summary matches “rlhf”');
    // `welling` stems to `well`: the abstract has `well`, not `welling`.
    expect(why('welling', '2501.20012')).toBe('abstract matches “well”');
    expect(why('optimization rlhf', '2501.20002')).toBe('title matches “optimization” · keywords match “rlhf”');
  });

  it('keeps a topic digest to papers above the relevance threshold', () => {
    const ranked = rankPapers(papers, { corpus, topics: ['linear mode connectivity'] });
    expect(ranked.length).toBeLessThan(papers.length / 2);
    expect(ranked.slice(0, 2).map((r) => r.id).sort()).toEqual(['2402.02969', '2406.95972']);
    expect(rankPapers(papers, { corpus, topics: ['protein folding kinetics'] })).toEqual([]);
  });

  it('never lets popularity lift an off-topic paper into a topic digest', () => {
    const viral = paper('2510.99999', 'A viral benchmark of cooking recipes', 'Recipes, kitchens and taste tests.', { upvotes: 10_000 });
    const all = [...papers, viral];
    const c = Corpus.of(all);
    const ranker = new Ranker(c);
    for (const q of Object.keys(judgments.queries)) {
      expect(ranker.rank(all, { topics: [q] }).map((r) => r.id)).not.toContain('2510.99999');
    }
  });

  it('orders papers of equal relevance by upvotes, but not above clearly more relevant ones', () => {
    const a = paper('2501.00001', 'Pruning neural networks', 'We prune networks.', { upvotes: 0 });
    const b = paper('2501.00002', 'Pruning neural networks', 'We prune networks.', { upvotes: 50 });
    const c = paper('2501.00003', 'Pruning and pruning schedules for pruning', 'Pruning, pruning, pruning networks by pruning.', { upvotes: 0 });
    const weak = paper('2501.00004', 'Scaling vision models', 'Some pruning is mentioned once.', { upvotes: 500 });
    const filler = Array.from({ length: 20 }, (_, i) => paper(`2501.1${String(i).padStart(4, '0')}`, `Unrelated topic ${i} about graphs`, 'Graphs and nodes.'));
    const all = [a, b, c, weak, ...filler];
    const ids = rankPapers(all, { corpus: Corpus.of(all), topics: ['pruning'] }).map((r) => r.id);
    expect(ids.indexOf('2501.00002')).toBeLessThan(ids.indexOf('2501.00001'));
    expect(ids.indexOf('2501.00004')).toBeGreaterThan(ids.indexOf('2501.00001'));
  });

  it('ranks the day by popularity when the channel has no topics', () => {
    const ranked = rankPapers(papers, { corpus, topics: [] });
    expect(ranked).toHaveLength(papers.length);
    const ups = ranked.map((r) => r.paper.upvotes);
    expect(ups).toEqual([...ups].sort((x, y) => y - x));
    expect(ranked[0]!.why).toBe(`${ranked[0]!.paper.upvotes} upvotes`);
  });

  it('takes the best of several topics', () => {
    const ranked = rankPapers(papers, { corpus, topics: ['brain imaging', 'linear mode connectivity'], limit: 6 });
    const ids = new Set(ranked.map((r) => r.id));
    expect(ids.has('2406.95972') && ids.has('2306.17355')).toBe(true);
  });

  it('ranks papers the corpus has not seen yet', () => {
    const fresh = paper('2512.00001', 'Linear attention for speech', 'A linear attention model for speech recognition.');
    const ranked = rankPapers([fresh], { corpus, topics: ['linear attention'] });
    expect(ranked.map((r) => r.id)).toEqual(['2512.00001']);
  });
});
