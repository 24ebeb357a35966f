// Ranking quality on the shared judgments: nDCG@5 for digests, search and a channel seeded with saves.
import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { evaluate, formatEval, seedsFor, type Judgments } from '../../src/rank/evaluate.ts';
import { fixturesDir } from '../fakes/fixtures.ts';
import { fixturePapers } from '../search/helpers.ts';

const judgments = JSON.parse(readFileSync(path.join(fixturesDir, 'judgments.json'), 'utf8')) as Judgments;
const papers = fixturePapers();
const now = new Date('2025-12-10T00:00:00Z');

/** arxiv-sanity-lite's search on these judgments (fixtures README). */
const ARXIV_SANITY_LITE = 0.83;
/** What this ranker reaches today; a change that loses quality fails here. Issue 3 asks 0.93 (not yet met). */
const FLOOR = { digest: 0.84, search: 0.84, 'digest-day': 0.88, saves: 0.5 } as const;

describe('evaluate on the fixture judgments', () => {
  for (const mode of ['digest', 'search', 'digest-day', 'saves'] as const) {
    it(`${mode}: mean nDCG@5 ≥ ${FLOOR[mode]}`, async () => {
      const r = await evaluate({ judgments, papers, mode, now });
      expect(r.queries.length).toBeGreaterThanOrEqual(Object.keys(judgments.queries).length);
      for (const q of r.queries) expect(q.ndcg).toBeGreaterThanOrEqual(0);
      expect(r.mean).toBeGreaterThanOrEqual(FLOOR[mode]);
      if (mode === 'digest' || mode === 'search') expect(r.mean).toBeGreaterThan(ARXIV_SANITY_LITE);
      expect(formatEval(r)).toContain(`mean nDCG@5 ${r.mean.toFixed(3)}`);
    });
  }

  it('seeds a channel with the first on-topic papers and leaves them out of the judged ranking', async () => {
    expect(seedsFor({ b: 2, a: 2, c: 1, d: 2 }, 2)).toEqual(['a', 'b']);
    const r = await evaluate({ judgments, papers, mode: 'saves', now });
    for (const q of r.queries) {
      const seeds = seedsFor(judgments.queries[q.query]!, 2);
      for (const t of q.top) expect(seeds).not.toContain(t.id);
    }
  });
});
