// Fetching and remembering papers: the daily listing, lookups by id, and keeping the index fed.
import type { PaperService } from '../app-services.ts';
import type { Logger } from '../logger.ts';
import type { PaperStore } from '../store/stores.ts';
import { UpstreamError, UserInputError } from '../errors.ts';
import type { Paper } from './paper.ts';
import { mergePaper } from './merge.ts';
import { parsePaperRef } from './arxiv-id.ts';
import { KeyedMutex } from '../store/keyed-mutex.ts';
import { head } from '../text/cut.ts';

/** What the service needs from Hugging Face. */
export interface HfSource {
  dailyPapers(date: string): Promise<Paper[]>;
  paper(id: string): Promise<Paper | undefined>;
}

/** What the service needs from arXiv. */
export interface ArxivSource {
  paper(id: string): Promise<Paper | undefined>;
}

export interface PaperServiceDeps {
  hf: HfSource;
  arxiv: ArxivSource;
  store: PaperStore;
  logger: Logger;
  /** Called with every paper written, so the search index and ranking corpus stay current. */
  onStored?: (papers: Paper[]) => void;
}

/** Build the paper service over its sources and store. */
export function createPaperService({ hf, arxiv, store, logger, onStored }: PaperServiceDeps): PaperService {
  /**
   * Merging is a read, a merge and a write: two at once (the listings of a day and the day before, fetched
   * together, share papers) would each write what it read, and the last would undo the other's days and
   * upvotes. In one process they take turns; processes sharing a store can still race (a day's listing or an
   * upvote count is then restored by the next fetch).
   */
  const turns = new KeyedMutex();
  const save = (incoming: Paper[]): Promise<Paper[]> =>
    turns.run('papers', async () => {
      if (!incoming.length) return [];
      const stored = await store.getMany(incoming.map((p) => p.id));
      const merged = incoming.map((p) => mergePaper(stored.get(p.id), p));
      await store.putMany(merged);
      onStored?.(merged);
      return merged;
    });

  return {
    async fetchDay(date) {
      const listed = await hf.dailyPapers(date);
      const merged = await save(listed);
      // The listing fills during the day: keep earlier ids, add new ones in listing order.
      const ids = await turns.run(`day:${date}`, async () => {
        const before = (await store.getDay(date)) ?? [];
        const all = [...new Set([...merged.map((p) => p.id), ...before])];
        await store.setDay(date, all);
        return all;
      });
      logger.info({ date, listed: listed.length, total: ids.length }, 'fetched daily listing');
      if (ids.length === merged.length) return merged;
      const all = await store.getMany(ids);
      return ids.map((id) => all.get(id)).filter((p): p is Paper => Boolean(p));
    },

    async storedDay(date) {
      const ids = (await store.getDay(date)) ?? [];
      const all = await store.getMany(ids);
      return ids.map((id) => all.get(id)).filter((p): p is Paper => Boolean(p));
    },

    async lookup(ref) {
      const id = parsePaperRef(ref);
      if (!id) {
        throw new UserInputError(
          `"${head(ref, 80)}" is not an arXiv id or paper URL. Try an id like 2406.12345 or a link to arxiv.org or huggingface.co/papers.`,
        );
      }
      const stored = await store.get(id);
      if (stored) return stored;
      let hfFailure: unknown;
      const fromHf = await hf.paper(id).catch((e: unknown) => {
        logger.warn({ id, err: String(e) }, 'Hugging Face lookup failed; trying arXiv');
        hfFailure = e;
        return undefined;
      });
      if (fromHf) return (await save([fromHf]))[0];
      const fromArxiv = await arxiv.paper(id);
      if (fromArxiv) return (await save([fromArxiv]))[0];
      // Not "unknown": Hugging Face, which lists papers arXiv has not yet, could not be asked.
      if (hfFailure instanceof UpstreamError) throw new UpstreamError(hfFailure.service, `${hfFailure.detail}; arXiv does not know ${id}`, hfFailure.status, hfFailure.noAnswer);
      if (hfFailure) throw new UpstreamError('huggingface', `could not be asked about ${id} (${String(hfFailure)}); arXiv does not know it`);
      return undefined;
    },
  };
}
