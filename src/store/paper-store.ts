// Papers and day listings on the key-value backend: `papers:<id>` and `days:<YYYY-MM-DD>`.
import type { Paper } from '../papers/paper.ts';
import type { Logger } from '../logger.ts';
import type { Backend } from './backend.ts';
import type { PaperRow, PaperStore } from './stores.ts';
import { CORRUPT, EXPIRED, UNREADABLE, liveValue } from './envelope.ts';

/** Enough of a Paper's shape that readers will not trip over it. */
export function isPaper(v: unknown): v is Paper {
  const p = v as Paper;
  return (
    typeof p === 'object' &&
    p !== null &&
    typeof p.id === 'string' &&
    typeof p.title === 'string' &&
    typeof p.summary === 'string' &&
    strings(p.authors) &&
    strings(p.keywords) &&
    strings(p.listedOn) &&
    typeof p.upvotes === 'number' &&
    // The text the indexes read: a row with a number for a name would stop a rebuild, and start-up with it.
    (p.aiSummary === undefined || typeof p.aiSummary === 'string')
  );
}

/** An array of strings only. */
function strings(a: unknown): a is string[] {
  if (!Array.isArray(a)) return false;
  for (const x of a) if (typeof x !== 'string') return false;
  return true;
}

/** Why a stored row holds no paper: not JSON or not an envelope, not a paper, or past its expiry. */
export type RowProblem = 'unreadable' | 'malformed' | 'expired';

/** The paper in a stored row (see envelope.ts), or why there is none, as `all()` reads it: for a rebuild, on either thread. */
export function readPaperRow(text: string, now: number): Paper | RowProblem {
  const value = liveValue(text, now);
  if (value === CORRUPT) return 'unreadable';
  if (value === EXPIRED) return 'expired';
  return isPaper(value) ? value : 'malformed';
}

/** The papers in stored rows, and the rows (by index) that hold none, with why. */
export function readPaperRows(texts: readonly string[], now: number): { papers: Paper[]; skipped: [row: number, why: RowProblem][] } {
  const papers: Paper[] = [];
  const skipped: [number, RowProblem][] = [];
  texts.forEach((text, i) => {
    const p = readPaperRow(text, now);
    if (typeof p === 'string') skipped.push([i, p]);
    else papers.push(p);
  });
  return { papers, skipped };
}

/** Log a row that holds no paper, as the store does (an expired one silently). */
export function warnRow(logger: Logger, id: string, why: RowProblem): void {
  if (why !== 'expired') logger.warn({ key: `papers:${id}` }, why === 'malformed' ? 'store: malformed paper skipped' : UNREADABLE);
}

const isIdList = (v: unknown): v is string[] => Array.isArray(v) && v.every((x) => typeof x === 'string');

/** PaperStore on a Backend; records of the wrong shape are logged and treated as absent. */
export class KeyvPaperStore implements PaperStore {
  constructor(
    private readonly backend: Backend,
    private readonly logger: Logger,
  ) {}

  private check(id: string, v: unknown): Paper | undefined {
    if (v === undefined) return undefined;
    if (isPaper(v)) return v;
    warnRow(this.logger, id, 'malformed');
    return undefined;
  }

  async get(id: string): Promise<Paper | undefined> {
    return this.check(id, await this.backend.get(`papers:${id}`));
  }

  async getMany(ids: string[]): Promise<Map<string, Paper>> {
    const unique = [...new Set(ids)];
    const values = await this.backend.getMany(unique.map((id) => `papers:${id}`));
    const found = new Map<string, Paper>();
    unique.forEach((id, i) => {
      const paper = this.check(id, values[i]);
      if (paper) found.set(id, paper);
    });
    return found;
  }

  async putMany(papers: Paper[]): Promise<void> {
    await this.backend.setMany(papers.map((p) => ({ key: `papers:${p.id}`, value: p })));
  }

  async getDay(date: string): Promise<string[] | undefined> {
    const v = await this.backend.get(`days:${date}`);
    if (v === undefined || isIdList(v)) return v;
    this.logger.warn({ key: `days:${date}` }, 'store: malformed day listing skipped');
    return undefined;
  }

  async setDay(date: string, ids: string[]): Promise<void> {
    await this.backend.set(`days:${date}`, ids);
  }

  async *all(): AsyncIterable<Paper> {
    // Parsed in the backend's scan, not from rows(): reading rows here, a start-up from the snapshot at
    // 100,000 papers spent 0.8-0.9 s of its main thread in scavenges against 0.2-0.3 s (objects lived
    // just long enough to be promoted; why this shape and not the other was not found).
    for await (const [id, value] of this.backend.scan('papers:')) {
      const paper = this.check(id, value);
      if (paper) yield paper;
    }
  }

  count(): Promise<number | undefined> {
    return this.backend.count('papers:');
  }

  async *rows(): AsyncIterable<PaperRow[]> {
    for await (const page of this.backend.scanText('papers:')) yield page.map(([id, text]) => ({ id, text }));
  }
}
