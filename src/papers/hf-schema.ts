// What Hugging Face sends for a paper (zod), and how one entry becomes a clean Paper or a named problem.
import { z } from 'zod';
import type { Paper } from './paper.ts';
import { parsePaperRef } from './arxiv-id.ts';
import { head } from '../text/cut.ts';

// Wrong types in optional fields become "absent" instead of failing the whole entry.
const optString = z.string().optional().catch(undefined);
const optCount = z.union([z.number(), z.string()]).nullish().catch(undefined);
const optArray = z.array(z.unknown()).nullish().catch(undefined);

/** Fields that appear inside `paper` on some responses and beside it on others. */
const sharedFields = {
  summary: optString,
  publishedAt: optString,
  submittedOnDailyAt: optString,
  upvotes: optCount,
  ai_summary: optString,
  ai_keywords: optArray,
  githubRepo: optString,
  projectPage: optString,
  thumbnail: optString,
  numComments: optCount,
};

/** A paper as `/api/papers/{id}` returns it (and as `paper` inside a daily entry). Extra fields pass. */
export const hfPaperSchema = z.looseObject({
  id: z.string().trim().min(1).max(200),
  title: z.string(),
  authors: optArray,
  ...sharedFields,
});

/**
 * One entry of `/api/daily_papers`: `{paper: {…}, …}`. The title may sit inside `paper` or beside it, so either
 * copy may be null or of a wrong type; normalizeEntry drops the entry only when neither holds a title.
 */
export const dailyEntrySchema = z.looseObject({
  paper: hfPaperSchema.extend({ title: optString }),
  title: optString,
  ...sharedFields,
});

/** A validated (not yet normalised) Hugging Face paper. */
export type HfPaper = z.infer<typeof hfPaperSchema>;
/** A validated (not yet normalised) daily-papers entry. */
export type DailyEntry = z.infer<typeof dailyEntrySchema>;

/** The outcome of normalising one raw entry: a Paper, or why it was dropped (with its id when readable). */
export type NormalizeResult = { ok: true; paper: Paper } | { ok: false; problem: string; id?: string };

const MAX_TITLE = 500;
const MAX_TEXT = 20_000;
const MAX_AUTHORS = 500;
const MAX_KEYWORDS = 50;

// C0/C1 controls (newline and tab are handled by the callers), zero-width spaces, bidi overrides and isolates, BOM.
const INVISIBLE = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F-\u009F\u200B\u200E\u200F\u202A-\u202E\u2060-\u2064\u2066-\u2069\uFEFF]/g;

/** Half of a surrogate pair standing alone (a cut emoji, `\ud83d` in JSON): shown as �, and refused by some JSON readers. */
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;

/** Cut `text` to at most `max` characters at a word boundary, marking the cut with `…`. */
export function clip(text: string, max: number): string {
  if (text.length <= max) return text;
  const cut = head(text, max - 1);
  const space = cut.lastIndexOf(' ');
  return `${(space >= max * 0.5 ? cut.slice(0, space) : cut).trimEnd()}…`;
}

/** A one-line title: control and invisible characters removed, whitespace collapsed, length capped. */
export function cleanTitle(text: string): string {
  return clip(text.replace(/\s+/g, ' ').replace(INVISIBLE, '').replace(LONE_SURROGATE, '').replace(/ {2,}/g, ' ').trim(), MAX_TITLE);
}

/** Body text: control and invisible characters removed, newlines kept (at most one blank line), length capped. */
export function cleanText(text: string, max: number = MAX_TEXT): string {
  const t = text
    .replace(/\r\n?/g, '\n')
    .replace(/[\t\v\f\u00a0]/g, ' ')
    .replace(INVISIBLE, '')
    .replace(LONE_SURROGATE, '')
    .replace(/[ ]{2,}/g, ' ')
    .replace(/ *\n */g, '\n')
    .replace(/\n{3,}/g, '\n\n')
    .trim();
  return clip(t, max);
}

const first = <T>(...values: (T | null | undefined)[]): T | undefined =>
  values.find((v) => v !== undefined && v !== null && v !== '' && !(Array.isArray(v) && v.length === 0)) ?? undefined;

/** The first text that is not empty once cleaned (blank or invisible inside `paper`: the copy beside it is used). */
function firstText(clean: (s: string) => string, ...values: (string | null | undefined)[]): string {
  for (const v of values) {
    const text = typeof v === 'string' ? clean(v) : '';
    if (text) return text;
  }
  return '';
}

function toCount(v: number | string | null | undefined): number | undefined {
  const n = typeof v === 'string' ? Number(v.trim() || NaN) : v;
  return typeof n === 'number' && Number.isFinite(n) && n >= 0 ? Math.floor(n) : undefined;
}

function toUrl(v: string | undefined): string | undefined {
  const t = v?.trim();
  return t && t.length < 2000 && /^https?:\/\/[^\s<>"]+$/i.test(t) && URL.canParse(t) ? t : undefined;
}

function toIso(v: string | undefined): string | undefined {
  const t = v ? Date.parse(v) : NaN;
  return Number.isNaN(t) ? undefined : new Date(t).toISOString();
}

function toStrings(items: unknown[] | null | undefined, max: number): string[] {
  const out = new Set<string>();
  for (const item of items ?? []) {
    const raw = typeof item === 'string' ? item : (item as { name?: unknown } | null)?.name;
    const name = typeof raw === 'string' ? head(cleanTitle(raw), 200) : '';
    if (name) out.add(name);
    if (out.size >= max) break;
  }
  return [...out];
}

function problemOf(error: z.ZodError): string {
  return error.issues
    .slice(0, 3)
    .map((i) => `${i.path.join('.') || 'entry'}: ${i.message}`)
    .join('; ');
}

function readableId(raw: unknown): string | undefined {
  const r = raw as { id?: unknown; paper?: { id?: unknown } } | null;
  const id = typeof r === 'object' && r ? (typeof r.paper === 'object' && r.paper ? r.paper.id : r.id) : undefined;
  return typeof id === 'string' ? head(cleanTitle(id), 60) : undefined;
}

/**
 * Normalise a daily-papers entry (`{paper: {…}, …}`) or a bare paper (`/api/papers/{id}`, search) into a Paper.
 * Fields present both inside `paper` and beside it: the inside value wins when non-empty (it is the paper
 * record itself; the outer copy is listing metadata), the outer one fills the gaps. Upvotes missing → 0;
 * authors as strings or `{name}` objects; bad optional fields are dropped; only http(s) links are kept.
 * `day` (YYYY-MM-DD) is the listing the entry came from, recorded in `listedOn`.
 */
export function normalizeEntry(raw: unknown, day?: string, now: Date = new Date()): NormalizeResult {
  const isDaily = typeof raw === 'object' && raw !== null && 'paper' in raw;
  const parsed = isDaily ? dailyEntrySchema.safeParse(raw) : hfPaperSchema.safeParse(raw);
  if (!parsed.success) return { ok: false, problem: problemOf(parsed.error), id: readableId(raw) };
  const outer: Partial<DailyEntry> = isDaily ? (parsed.data as DailyEntry) : {};
  const inner = isDaily ? (parsed.data as DailyEntry).paper : (parsed.data as HfPaper);

  const id = parsePaperRef(inner.id);
  if (!id) return { ok: false, problem: `id is not an arXiv id`, id: readableId(raw) };
  const title = firstText(cleanTitle, inner.title, outer.title);
  if (!title) return { ok: false, problem: 'title is missing or empty', id };

  const numComments = toCount(first(inner.numComments, outer.numComments));
  const paper: Paper = {
    id,
    title,
    summary: firstText(cleanText, inner.summary, outer.summary),
    authors: toStrings(inner.authors, MAX_AUTHORS),
    // Only the paper's own: beside it, `publishedAt` is when the listing took it (as `submittedOnDailyAt`), not arXiv's date.
    publishedAt: toIso(inner.publishedAt),
    upvotes: toCount(first(inner.upvotes, outer.upvotes)) ?? 0,
    keywords: toStrings(first(inner.ai_keywords, outer.ai_keywords), MAX_KEYWORDS),
    aiSummary: firstText((t) => cleanText(t, 2000), inner.ai_summary, outer.ai_summary) || undefined,
    githubRepo: toUrl(first(inner.githubRepo, outer.githubRepo)),
    projectPage: toUrl(first(inner.projectPage, outer.projectPage)),
    thumbnail: toUrl(first(inner.thumbnail, outer.thumbnail)),
    numComments,
    listedOn: day && /^\d{4}-\d{2}-\d{2}$/.test(day) ? [day] : [],
    source: 'hf',
    updatedAt: now.toISOString(),
  };
  for (const key of Object.keys(paper) as (keyof Paper)[]) if (paper[key] === undefined) delete paper[key];
  return { ok: true, paper };
}
