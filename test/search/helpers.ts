// Papers for the search and rank tests: the shared fixture days, and small made-up papers.
import path from 'node:path';
import type { Paper } from '../../src/papers/paper.ts';
import { readFixtureDays, unionOfDays } from '../../src/rank/fixture-papers.ts';
import { fixturesDir } from '../fakes/fixtures.ts';

/** The recorded listings, by day. */
export const fixtureListings = (): Map<string, Paper[]> => readFixtureDays(path.join(fixturesDir, 'hf', 'daily_papers'));

/** Every fixture paper once. */
export const fixturePapers = (): Paper[] => unionOfDays(fixtureListings());

/** A made-up paper. */
export function paper(id: string, title: string, summary = '', extra: Partial<Paper> = {}): Paper {
  return { id, title, summary, authors: [], upvotes: 0, keywords: [], listedOn: ['2025-01-01'], source: 'hf', updatedAt: '2025-01-01T00:00:00.000Z', ...extra };
}
