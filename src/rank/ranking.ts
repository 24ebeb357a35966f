// Ranking as the app wires it: one corpus of every stored paper, channel profiles from saves, the digest ranker.
import { channelKey } from '../chat.ts';
import type { Clock, DigestRequest } from '../app-services.ts';
import type { Logger } from '../logger.ts';
import type { Paper } from '../papers/paper.ts';
import type { Save, Stores } from '../store/stores.ts';
import type { PaperCard } from '../views.ts';
import { Corpus, type FieldWeights } from './corpus.ts';
import { ProfileCache } from './profile.ts';
import { Ranker, type RankerOptions } from './rank-papers.ts';

/** The ranking services: keep the corpus current, rank digests, hear saves. */
export interface Ranking {
  readonly corpus: Corpus;
  readonly ranker: Ranker;
  readonly profiles: ProfileCache;
  /** Add or replace papers in the corpus (call whenever papers are stored; cheap). */
  addPapers(papers: Paper[]): void;
  /** Rank a day's papers for a digest request (createDigestService's `rank`). */
  rankDigest(papers: Paper[], req: DigestRequest): Promise<PaperCard[]>;
  /** A save or dismissal was added or removed: the channel's profile follows on its next digest. */
  onSignal(save: Save, added: boolean): void;
  /** Build the corpus from every stored paper (start-up). */
  rebuild(): Promise<{ count: number; ms: number }>;
}

/** Build the ranking services over the stores. */
export function createRanking(deps: {
  stores: Pick<Stores, 'papers' | 'saves'>;
  logger: Logger;
  clock: Clock;
  options?: Partial<RankerOptions>;
  fields?: FieldWeights;
}): Ranking {
  const corpus = new Corpus(deps.fields);
  const ranker = new Ranker(corpus, deps.options);
  const profiles = new ProfileCache(corpus);
  const log = deps.logger.child({ module: 'rank' });

  return {
    corpus,
    ranker,
    profiles,
    addPapers(papers) {
      corpus.add(papers);
    },
    async rankDigest(papers, req) {
      let profile;
      if (req.channel) {
        try {
          profile = profiles.get(channelKey(req.channel), await deps.stores.saves.byChannel(req.channel.platform, req.channel.channelId));
        } catch (err) {
          log.warn({ err: (err as Error)?.message, channel: channelKey(req.channel) }, 'could not read saves; ranking without them');
        }
      }
      const ranked = ranker.rank(papers, { topics: req.topics, profile, now: deps.clock.now(), limit: req.size });
      return ranked.map((r, i) => ({ paper: r.paper, rank: i + 1, score: Number(r.score.toFixed(4)), why: r.why || undefined }));
    },
    onSignal(save, added) {
      // Profiles are diffed against the channel's saves on its next digest; nothing to retrain here.
      log.debug({ channel: channelKey(save), paper: save.paperId, kind: save.kind, added }, 'channel signal');
    },
    async rebuild() {
      const t0 = performance.now();
      let batch: Paper[] = [];
      for await (const p of deps.stores.papers.all()) {
        batch.push(p);
        if (batch.length >= 1000) {
          corpus.add(batch);
          batch = [];
        }
      }
      corpus.add(batch);
      corpus.trim();
      return { count: corpus.size, ms: Math.round(performance.now() - t0) };
    },
  };
}
