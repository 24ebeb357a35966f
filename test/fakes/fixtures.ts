// Shared fixtures for tests and benchmarks: the recorded daily listings, synthetic days, and hostile entries.
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

/** The repository root (…/main). */
export const repoRoot = fileURLToPath(new URL('../../', import.meta.url));
/** `../shared/fixtures` beside the repository. */
export const fixturesDir = path.resolve(repoRoot, '../shared/fixtures');
const dailyDir = path.join(fixturesDir, 'hf', 'daily_papers');

/** A raw daily-papers entry as Hugging Face sends it (loosely typed on purpose). */
export type RawEntry = { paper: Record<string, unknown> & { id: string; title: string }; [key: string]: unknown };

/** The days (YYYY-MM-DD) with a recorded listing, sorted. */
export function fixtureDays(): string[] {
  return readdirSync(dailyDir)
    .filter((f) => /^\d{4}-\d{2}-\d{2}\.json$/.test(f))
    .map((f) => f.slice(0, 10))
    .sort();
}

const cache = new Map<string, string>();
/** The raw listing of a recorded day (a fresh copy each call: mutate freely). */
export function loadDay(date: string): RawEntry[] {
  let text = cache.get(date);
  if (text === undefined) {
    text = readFileSync(path.join(dailyDir, `${date}.json`), 'utf8');
    cache.set(date, text);
  }
  return JSON.parse(text) as RawEntry[];
}

/** Every recorded day, keyed by date. */
export function loadAllDays(): Record<string, RawEntry[]> {
  return Object.fromEntries(fixtureDays().map((d) => [d, loadDay(d)]));
}

/** A valid, unique new-style arXiv id for index `i` (0 … 1,199,999): `25MM.NNNNN`. */
export function syntheticId(i: number): string {
  const month = String((i % 12) + 1).padStart(2, '0');
  return `25${month}.${String(Math.floor(i / 12) % 100_000).padStart(5, '0')}`;
}

/**
 * `count` valid daily entries with unique ids (from `syntheticId(start + k)`), their text cycled from the
 * recorded papers with a varying suffix, upvotes varied. For paging tests and 100k-paper benchmarks.
 */
export function syntheticEntries(count: number, start = 0): RawEntry[] {
  const base = fixtureDays().flatMap((d) => loadDay(d));
  return Array.from({ length: count }, (_, k) => {
    const i = start + k;
    const src = base[i % base.length]!;
    const id = syntheticId(i);
    const variant = Math.floor(i / base.length);
    return {
      ...src,
      paper: {
        ...src.paper,
        id,
        title: variant ? `${src.paper.title} (variant ${variant})` : src.paper.title,
        upvotes: (i * 7919) % 500,
        authors: [{ name: `Author A of ${id}` }, { name: `Author B of ${id}` }],
      },
    };
  });
}

/** Strings that must never ping, link or break anything wherever a renderer puts them. */
export const HOSTILE_TEXT = {
  everyone: '@everyone look at this @here',
  slackBroadcast: '<!channel> <!here> <!everyone> urgent',
  userMention: 'Thanks <@U123ABC> and <@!123456789012345678> and <#C0123> and <@&987654321>',
  markdownLink: 'Click [x](http://evil.example/steal) **now** __please__ ~~ok~~ `code` ||spoiler||',
  slackLink: 'See <http://evil.example|a harmless link> & friends > others',
  html: '<script>alert(1)</script> &amp; <b>bold</b>',
  controls: 'Title\u0000with\u0007controls\u001b[31m red\u202Eevil\u200B hidden',
  longWord: 'x'.repeat(5000),
};

/** About 100 kB of abstract, in words (so clean cuts are possible). */
export const HUGE_ABSTRACT = Array.from({ length: 14_000 }, (_, i) => `word${i % 97}`).join(' ');

/**
 * A listing mixing hostile-but-valid entries (mentions, markdown, control characters, 100 kB abstracts,
 * odd but coercible types) with junk that must be dropped. `validIds` are the ids a lenient but strict-on-
 * id/title normaliser keeps, in order; `invalidCount` how many entries it must drop.
 */
export function hostileEntries(): { entries: unknown[]; validIds: string[]; invalidCount: number } {
  const paper = (id: string, extra: Record<string, unknown> = {}) => ({
    paper: { id, title: `Paper ${id}`, summary: `Abstract of ${id}.`, authors: [{ name: `Author of ${id}` }], upvotes: 3, ...extra },
  });
  const valid = [
    paper('2501.00001', { title: HOSTILE_TEXT.everyone }),
    paper('2501.00002', { title: HOSTILE_TEXT.slackBroadcast, summary: HOSTILE_TEXT.userMention }),
    paper('2501.00003', { title: HOSTILE_TEXT.markdownLink, summary: HOSTILE_TEXT.slackLink }),
    paper('2501.00004', { title: HOSTILE_TEXT.html, summary: HUGE_ABSTRACT }),
    paper('2501.00005', { title: HOSTILE_TEXT.controls, summary: HOSTILE_TEXT.longWord }),
    paper('2501.00006v3', { upvotes: '12', authors: ['Plain String Author', { name: 'Object Author' }, 42, null] }),
    { ...paper('2501.00007', { upvotes: undefined, githubRepo: 'javascript:alert(1)' }), ai_keywords: ['ok', 7], numComments: 'many' },
    paper('2501.00008', { publishedAt: 'not a date', ai_summary: 12, projectPage: 'https://example.org/project' }),
    { paper: { id: 'arXiv:2501.00009', summary: 'title beside paper' }, title: 'Outer Title Only', extra: { nested: true } },
  ];
  const junk: unknown[] = [
    null,
    'a string entry',
    42,
    [],
    {},
    { paper: 'not an object' },
    { paper: { title: 'no id' } },
    { paper: { id: 2501.0001, title: 'numeric id' } },
    { paper: { id: '2501.00010', title: 12345 } },
    { paper: { id: '2501.00011', title: '   \u0000\u200B  ' } },
    { paper: { id: 'not-an-arxiv-id', title: 'bad id' } },
    { paper: { id: '../../etc/passwd', title: 'path id' } },
  ];
  const entries = [valid[0], junk[0], valid[1], junk[1], valid[2], junk[2], junk[3], valid[3], junk[4], valid[4]];
  entries.push(junk[5], valid[5], junk[6], junk[7], valid[6], junk[8], valid[7], junk[9], junk[10], valid[8], junk[11]);
  return {
    entries,
    validIds: ['2501.00001', '2501.00002', '2501.00003', '2501.00004', '2501.00005', '2501.00006', '2501.00007', '2501.00008', '2501.00009'],
    invalidCount: junk.length,
  };
}
