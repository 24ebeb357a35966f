// arXiv export API (Atom): one paper by id, paced to at most one request every few seconds per host.
import { setTimeout as sleep } from 'node:timers/promises';
import { XMLParser } from 'fast-xml-parser';
import type { Logger } from '../logger.ts';
import { UpstreamError } from '../errors.ts';
import type { Paper } from './paper.ts';
import type { HttpClient } from './http.ts';
import { parsePaperRef } from './arxiv-id.ts';
import { cleanText, cleanTitle } from './hf-schema.ts';
import { head } from '../text/cut.ts';

const SERVICE = 'arxiv';

/** Spaces request starts: each `wait(interval)` resolves at least `interval` ms after the previous slot. */
export interface Pacer {
  wait(intervalMs: number): Promise<void>;
}

/** A pacer that reserves slots synchronously, so concurrent callers queue in call order. */
export function createPacer(): Pacer {
  let next = 0;
  return {
    wait(intervalMs) {
      const now = Date.now();
      const at = Math.max(now, next);
      next = at + intervalMs;
      return at > now ? sleep(at - now) : Promise.resolve();
    },
  };
}

// arXiv's limit is per client, not per object: every client for the same host shares one pacer.
const processPacers = new Map<string, Pacer>();
function pacerFor(baseUrl: string): Pacer {
  const key = URL.canParse(baseUrl) ? new URL(baseUrl).origin : baseUrl;
  let pacer = processPacers.get(key);
  if (!pacer) processPacers.set(key, (pacer = createPacer()));
  return pacer;
}

/** What the arXiv client is built from. */
export interface ArxivClientOptions {
  /** e.g. `https://export.arxiv.org`. */
  baseUrl: string;
  http: HttpClient;
  logger: Logger;
  /** Least time between two request starts (retries included). Default 3000 ms, as arXiv asks. */
  minIntervalMs?: number;
  /** Defaults to the process-wide pacer of `baseUrl`'s origin. */
  pacer?: Pacer;
  now?: () => Date;
}

/** The arXiv query API as paperboy uses it. */
export interface ArxivClient {
  /** The paper with this id (no version), or undefined when arXiv has none. */
  paper(id: string): Promise<Paper | undefined>;
}

const parser = new XMLParser({
  ignoreAttributes: false,
  attributeNamePrefix: '@_',
  removeNSPrefix: true,
  parseTagValue: false,
  // Numeric character references (`Schr&#246;dinger`) are decoded only with HTML entities on; arXiv's feed uses no named ones.
  htmlEntities: true,
  isArray: (name) => ['entry', 'author', 'link', 'category'].includes(name),
});

type Node = string | { '#text'?: unknown; [key: string]: unknown } | undefined;

const textOf = (node: unknown): string => {
  const n = node as Node;
  if (typeof n === 'string') return n;
  if (n && typeof n === 'object' && typeof n['#text'] === 'string') return n['#text'];
  return '';
};

/** Parse an Atom feed from the arXiv API into the paper with `id`, or undefined (no entry, error entry, other id). */
export function parseArxivFeed(xml: string, id: string, now: Date = new Date()): Paper | undefined {
  let doc: { feed?: { entry?: Record<string, unknown>[] } };
  try {
    doc = parser.parse(xml) as typeof doc;
  } catch (e) {
    throw new UpstreamError(SERVICE, `unreadable Atom feed: ${head(e instanceof Error ? e.message : String(e), 120)}`);
  }
  if (!doc || typeof doc !== 'object' || !doc.feed) throw new UpstreamError(SERVICE, 'response is not an Atom feed');
  for (const entry of doc.feed.entry ?? []) {
    if (parsePaperRef(textOf(entry.id)) !== id) continue; // error entries carry http://arxiv.org/api/errors#…
    const title = cleanTitle(textOf(entry.title));
    if (!title || title === 'Error') continue;
    const authors = ((entry.author as unknown[] | undefined) ?? [])
      .map((a) => cleanTitle(textOf((a as { name?: unknown } | null)?.name)))
      .filter(Boolean);
    const published = Date.parse(textOf(entry.published));
    const paper: Paper = {
      id,
      title,
      summary: cleanText(textOf(entry.summary).replace(/\s+/g, ' ')),
      authors,
      upvotes: 0,
      keywords: [],
      listedOn: [],
      source: 'arxiv',
      updatedAt: now.toISOString(),
    };
    if (!Number.isNaN(published)) paper.publishedAt = new Date(published).toISOString();
    return paper;
  }
  return undefined;
}

/** Build a client for the arXiv query API. Failures are UpstreamError / RateLimitError. */
export function createArxivClient({ baseUrl, http, logger, minIntervalMs = 3000, pacer, now = () => new Date() }: ArxivClientOptions): ArxivClient {
  const base = baseUrl.replace(/\/+$/, '');
  const pace = pacer ?? pacerFor(base);
  return {
    async paper(id) {
      const canonical = parsePaperRef(id);
      if (!canonical) return undefined;
      const url = `${base}/api/query?id_list=${encodeURIComponent(canonical)}`;
      const xml = await http.getText(url, {
        service: SERVICE,
        accept: 'application/atom+xml',
        beforeAttempt: () => pace.wait(minIntervalMs),
      });
      const paper = parseArxivFeed(xml, canonical, now());
      logger.debug({ id: canonical, found: Boolean(paper) }, 'arXiv lookup');
      return paper;
    },
  };
}
