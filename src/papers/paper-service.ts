// Fetching and remembering papers: the daily listing, lookups by id, and keeping the index fed.
import type { PaperService } from '../app-services.ts';
import type { Logger } from '../logger.ts';
import type { PaperStore } from '../store/stores.ts';
import { UserInputError } from '../errors.ts';
import type { Paper } from './paper.ts';
import { mergePaper } from './merge.ts';
import { parsePaperRef } from './arxiv-id.ts';

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
  const save = async (incoming: Paper[]): Promise<Paper[]> => {
    if (!incoming.length) return [];
    const stored = await store.getMany(incoming.map((p) => p.id));
    const merged = incoming.map((p) => mergePaper(stored.get(p.id), p));
    await store.putMany(merged);
    onStored?.(merged);
    return merged;
  };

  return {
    async fetchDay(date) {
      const listed = await hf.dailyPapers(date);
      const merged = await save(listed);
      // The listing fills during the day: keep earlier ids, add new ones in listing order.
      const before = (await store.getDay(date)) ?? [];
      const ids = [...new Set([...merged.map((p) => p.id), ...before])];
      await store.setDay(date, ids);
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
          `"${ref.slice(0, 80)}" is not an arXiv id or paper URL. Try an id like 2406.12345 or a link to arxiv.org or huggingface.co/papers.`,
        );
      }
      const stored = await store.get(id);
      if (stored) return stored;
      const fromHf = await hf.paper(id).catch((e: unknown) => {
        logger.warn({ id, err: String(e) }, 'Hugging Face lookup failed; trying arXiv');
        return undefined;
      });
      if (fromHf) return (await save([fromHf]))[0];
      const fromArxiv = await arxiv.paper(id);
      return fromArxiv ? (await save([fromArxiv]))[0] : undefined;
    },
  };
}
