// Hugging Face papers API: the daily listing (every page), one paper by id, and search.
import type { Logger } from '../logger.ts';
import { UpstreamError, UserInputError } from '../errors.ts';
import type { Paper } from './paper.ts';
import type { HttpClient } from './http.ts';
import { normalizeEntry } from './hf-schema.ts';
import { dedupe } from './merge.ts';
import { isOldStyleId, parsePaperRef } from './arxiv-id.ts';
import { head } from '../text/cut.ts';

const SERVICE = 'huggingface';

/** What the Hugging Face client is built from. */
export interface HfClientOptions {
  /** e.g. `https://huggingface.co` (a trailing slash is fine). */
  baseUrl: string;
  http: HttpClient;
  logger: Logger;
  /** Entries asked for per page. Default 50. */
  pageSize?: number;
  /** Pages fetched at most for one day. Default 20 (1,000 papers at 50 a page). */
  maxPages?: number;
  /**
   * Per-attempt timeout of `search`, which gets one attempt: the search service stops waiting for Hugging Face
   * after 1.5 s, and a request left running after that only keeps a finished CLI command alive. Default 2000 ms.
   */
  searchTimeoutMs?: number;
  /**
   * Timeout of `paper`, which gets one attempt too: a person waits for it, and arXiv is asked next when it fails
   * (with HTTP_TIMEOUT and HTTP_RETRIES a hanging Hugging Face held /paper show about a minute). Default 5000 ms.
   */
  lookupTimeoutMs?: number;
  /** Timestamps written into `updatedAt`. */
  now?: () => Date;
}

/** The Hugging Face papers API as paperboy uses it. */
export interface HfClient {
  /** Every paper listed on `date` (YYYY-MM-DD), validated, deduplicated, in listing order. */
  dailyPapers(date: string): Promise<Paper[]>;
  /** One paper by id (versions and URLs accepted), or undefined when Hugging Face does not know it (404, or an old-style id). One attempt. */
  paper(id: string): Promise<Paper | undefined>;
  /** Hugging Face's own paper search; `signal` cancels it (the caller stopped waiting). */
  search(query: string, signal?: AbortSignal): Promise<Paper[]>;
}

/** Build a client for the Hugging Face papers API. Failures are UpstreamError / RateLimitError. */
export function createHfClient({ baseUrl, http, logger, pageSize = 50, maxPages = 20, searchTimeoutMs = 2000, lookupTimeoutMs = 5000, now = () => new Date() }: HfClientOptions): HfClient {
  const base = baseUrl.replace(/\/+$/, '');

  /** Normalise an array body; invalid entries are logged and left out. */
  function normalizeAll(body: unknown, what: string, day: string | undefined, offset = 0): Paper[] {
    if (!Array.isArray(body)) throw new UpstreamError(SERVICE, `${what}: expected a JSON array, got ${kindOf(body)}`);
    const papers: Paper[] = [];
    body.forEach((raw, i) => {
      const result = normalizeEntry(raw, day, now());
      if (result.ok) papers.push(result.paper);
      else logger.warn({ what, index: offset + i, id: result.id, problem: result.problem }, 'dropping invalid paper entry');
    });
    return papers;
  }

  return {
    async dailyPapers(date) {
      if (!/^\d{4}-\d{2}-\d{2}$/.test(date) || Number.isNaN(Date.parse(date))) {
        throw new UserInputError(`"${head(date, 40)}" is not a date; use YYYY-MM-DD.`);
      }
      const seen = new Set<string>();
      const all: Paper[] = [];
      for (let p = 0; ; p++) {
        if (p >= maxPages) {
          logger.warn({ date, pages: p, papers: all.length }, 'daily listing: page cap reached, stopping');
          break;
        }
        const url = `${base}/api/daily_papers?date=${date}&limit=${pageSize}&p=${p}`;
        const body = await http.getJson(url, { service: SERVICE });
        const papers = normalizeAll(body, `daily_papers ${date} page ${p}`, date, p * pageSize);
        const fresh = papers.filter((paper) => !seen.has(paper.id));
        for (const paper of fresh) seen.add(paper.id);
        all.push(...papers);
        const raw = body as unknown[];
        if (raw.length < pageSize) break;
        if (fresh.length === 0) {
          logger.warn({ date, page: p }, 'daily listing: a full page added no new papers (paging ignored?), stopping');
          break;
        }
      }
      return dedupe(all);
    },

    async paper(ref) {
      const id = parsePaperRef(ref);
      // Never build a path from arbitrary text; an old-style id (hep-th/9901001) has no Hugging Face page.
      if (!id || isOldStyleId(id)) return undefined;
      const body = await http.getJson(`${base}/api/papers/${encodeURIComponent(id)}`, { service: SERVICE, allowNotFound: true, retries: 0, timeoutMs: lookupTimeoutMs });
      if (body === undefined) return undefined;
      const result = normalizeEntry(body, undefined, now());
      if (!result.ok) throw new UpstreamError(SERVICE, `paper ${id}: unusable response (${result.problem})`);
      return result.paper;
    },

    async search(query, signal) {
      const q = head(query.trim(), 200);
      if (!q) return [];
      const body = await http.getJson(`${base}/api/papers/search?q=${encodeURIComponent(q)}`, { service: SERVICE, retries: 0, timeoutMs: searchTimeoutMs, signal });
      return dedupe(normalizeAll(body, 'search', undefined));
    },
  };
}

function kindOf(v: unknown): string {
  if (v === null) return 'null';
  if (Array.isArray(v)) return 'an array';
  return typeof v === 'object' ? 'an object' : typeof v;
}
