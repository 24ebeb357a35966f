// Building a day's digest for a channel: the day's papers, ranked by the channel's ranker.
import type { DigestRequest, DigestService, PaperService } from '../app-services.ts';
import type { Paper } from '../papers/paper.ts';
import type { PaperCard } from '../views.ts';

/** Ranks papers for a request; the ranking modules provide it (see src/rank). */
export type DigestRanker = (papers: Paper[], req: DigestRequest) => Promise<PaperCard[]>;

/** Build the digest service over the paper service and a ranker. */
export function createDigestService(deps: { papers: PaperService; rank: DigestRanker }): DigestService {
  const rank: DigestService['rank'] = async (papers, req) => {
    const candidates = req.exclude ? papers.filter((p) => !req.exclude!.has(p.id)) : papers;
    const cards = await deps.rank(candidates, req);
    return cards.slice(0, req.size).map((c, i) => ({ ...c, rank: i + 1 }));
  };

  return {
    rank,
    async build(req) {
      let papers = await deps.papers.storedDay(req.date);
      if (!papers.length) papers = await deps.papers.fetchDay(req.date);
      const cards = await rank(papers, req);
      return {
        kind: 'digest',
        date: req.date,
        topics: req.topics,
        cards,
        emptyText: papers.length
          ? `Nothing on ${req.topics.map((t) => `“${t}”`).join(', ')} among the ${papers.length} papers of ${req.date}.`
          : `No papers are listed for ${req.date} yet.`,
      };
    },
  };
}
