// Papers for the renderer tests of every adapter: a plain one to vary, and the fixture days as papers.
import { readFileSync } from 'node:fs';
import type { Paper } from '../../src/papers/paper.ts';

const fixtures = new URL('../../../shared/fixtures/hf/daily_papers/', import.meta.url);

/** A small valid paper, with `over` on top. */
export function paper(over: Partial<Paper> = {}): Paper {
  return {
    id: '2406.12345', title: 'A paper', summary: 'One. Two. Three. Four.', authors: ['Ada Lovelace'], upvotes: 3,
    keywords: [], listedOn: ['2025-11-19'], source: 'hf', updatedAt: '2025-11-19T00:00:00Z', ...over,
  };
}

/** A fixture day's listing as papers (id, title, abstract, authors, upvotes, thumbnail). */
export function fixturePapers(day: string): Paper[] {
  const raw = JSON.parse(readFileSync(new URL(`${day}.json`, fixtures), 'utf8')) as Array<{ paper: { id: string; authors: { name: string }[]; upvotes?: number }; title: string; summary: string; thumbnail?: string }>;
  return raw.map((e) => paper({ id: e.paper.id, title: e.title, summary: e.summary, authors: e.paper.authors.map((a) => a.name), upvotes: e.paper.upvotes ?? 0, thumbnail: e.thumbnail }));
}
