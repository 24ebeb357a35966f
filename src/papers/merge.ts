// Merging two records of the same paper (a stored one and a fresh one), and deduplicating a list by id.
import type { Paper } from './paper.ts';

const text = (fresh: string | undefined, old: string | undefined): string | undefined =>
  fresh && fresh.trim() ? fresh : old;

const list = (fresh: string[], old: string[]): string[] => (fresh.length ? fresh : old);

const maxDefined = (a: number | undefined, b: number | undefined): number | undefined =>
  a === undefined ? b : b === undefined ? a : Math.max(a, b);

/**
 * Merge a freshly fetched record into the stored one (either may be the richer).
 * - `listedOn`: union, sorted; `upvotes` and `numComments`: the larger (they only grow).
 * - Text, lists and links: the incoming value when non-empty, else the stored one (a later fetch
 *   corrects typos; an arXiv record without keywords does not erase Hugging Face's).
 * - `source`: `hf` once either record came from Hugging Face; `updatedAt`: the later of the two.
 */
export function mergePaper(stored: Paper | undefined, incoming: Paper): Paper {
  if (!stored) return { ...incoming, listedOn: [...new Set(incoming.listedOn)].sort() };
  const merged: Paper = {
    id: stored.id,
    title: text(incoming.title, stored.title) ?? '',
    summary: text(incoming.summary, stored.summary) ?? '',
    authors: list(incoming.authors, stored.authors),
    publishedAt: text(incoming.publishedAt, stored.publishedAt),
    upvotes: Math.max(stored.upvotes || 0, incoming.upvotes || 0),
    keywords: list(incoming.keywords, stored.keywords),
    aiSummary: text(incoming.aiSummary, stored.aiSummary),
    githubRepo: text(incoming.githubRepo, stored.githubRepo),
    projectPage: text(incoming.projectPage, stored.projectPage),
    thumbnail: text(incoming.thumbnail, stored.thumbnail),
    numComments: maxDefined(stored.numComments, incoming.numComments),
    listedOn: [...new Set([...stored.listedOn, ...incoming.listedOn])].sort(),
    source: stored.source === 'hf' || incoming.source === 'hf' ? 'hf' : 'arxiv',
    updatedAt: incoming.updatedAt > stored.updatedAt ? incoming.updatedAt : stored.updatedAt,
  };
  for (const key of Object.keys(merged) as (keyof Paper)[]) if (merged[key] === undefined) delete merged[key];
  return merged;
}

/** One record per id, duplicates merged in order (later ones count as incoming), first-seen order kept. */
export function dedupe(papers: readonly Paper[]): Paper[] {
  const byId = new Map<string, Paper>();
  for (const p of papers) byId.set(p.id, mergePaper(byId.get(p.id), p));
  return [...byId.values()];
}
