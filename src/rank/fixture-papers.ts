// Reading daily-papers listings saved as files (the shared fixtures) as Papers, for eval, tests and benches.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Paper } from '../papers/paper.ts';
import { normalizeEntry } from '../papers/hf-schema.ts';
import { dedupe } from '../papers/merge.ts';

/** Papers of every `YYYY-MM-DD.json` listing in a daily_papers directory, by day (invalid entries skipped). */
export function readFixtureDays(dir: string, now: Date = new Date(0)): Map<string, Paper[]> {
  const days = new Map<string, Paper[]>();
  for (const f of readdirSync(dir).filter((n) => /^\d{4}-\d{2}-\d{2}\.json$/.test(n)).sort()) {
    const day = f.slice(0, 10);
    const raw = JSON.parse(readFileSync(join(dir, f), 'utf8')) as unknown[];
    const papers = raw.map((e) => normalizeEntry(e, day, now)).flatMap((r) => (r.ok ? [r.paper] : []));
    days.set(day, dedupe(papers));
  }
  return days;
}

/** The union of the days' papers, one per id (records merged: every listing day, the highest upvotes). */
export function unionOfDays(days: Map<string, Paper[]>): Paper[] {
  return dedupe([...days.values()].flat());
}
