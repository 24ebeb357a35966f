// Search over every stored paper: the full-text index finds candidates, the relevance model orders them.
import type { SearchHit, SearchService } from '../app-services.ts';
import type { Logger } from '../logger.ts';
import type { Paper, PaperHead } from '../papers/paper.ts';
import type { PaperStore } from '../store/stores.ts';
import { warnRow } from '../store/paper-store.ts';
import { Corpus } from '../rank/corpus.ts';
import { CorpusLoader, type CorpusLoaderOptions } from '../rank/corpus-loader.ts';
import { retrieve } from '../rank/relevance.ts';
import { Ranker, type RankerOptions } from '../rank/rank-papers.ts';
import type { Ranking } from '../rank/ranking.ts';
import { withAuthors } from '../papers/text-hash.ts';
import { indexedHash, writeSnapshot, type IndexedHashes } from './index-snapshot.ts';
import { SearchIndex } from './search-index.ts';
import { warmStart, type WarmStart } from './warm-start.ts';
import { isIndexWord, isSearchable, isStopWord, queryWords, words } from './text.ts';
import { hasWord, spellings } from './spellings.ts';
import { namedAuthor, type NamedAuthor } from './named-author.ts';

/** What the search service needs. */
export interface SearchServiceDeps {
  papers: PaperStore;
  /** Paper lookup by canonical id (PaperService.lookup). */
  lookup: (ref: string) => Promise<Paper | undefined>;
  /** Hugging Face paper search (`/api/papers/search?q=`), merged in when it answers in time; `signal` aborts when the service stops waiting. */
  hfSearch?: (query: string, signal: AbortSignal) => Promise<Paper[]>;
  logger: Logger;
  /** The canonical arXiv id in a text, or undefined (parsePaperRef). */
  parseRef: (text: string) => string | undefined;
  /**
   * The app's ranking (its corpus and ranker are shared, and it keeps the corpus current itself:
   * `index` and `rebuild` then touch only the full-text index). Without it the service keeps its own.
   */
  ranking?: Pick<Ranking, 'corpus' | 'ranker'>;
  /** A corpus to use (and keep current) when there is no `ranking`. */
  corpus?: Corpus;
  /** How long to wait for Hugging Face search (default 1500 ms). */
  hfTimeoutMs?: number;
  /** Ranker weights (defaults: DEFAULT_RANKER). */
  rankerOptions?: Partial<RankerOptions>;
  /** When a bulk rebuild of the corpus starts a worker thread, and its entry (tests): see CorpusLoader. */
  rebuildWorker?: Pick<CorpusLoaderOptions, 'after' | 'url' | 'waitForWorker'>;
  /** Where `startUp` looks for a snapshot of the index and corpus, and `saveSnapshot` writes one (none: always rebuild). */
  snapshotFile?: string;
}

/** How `startUp` got the index ready: from a snapshot brought up to date, or by reading every paper. */
export type StartUp = { count: number; ms: number } & ({ from: 'snapshot'; changed: number } | { from: 'store'; snapshot?: Exclude<WarmStart, { count: number }> });

/** The search service, plus keeping its index current. */
export interface IndexedSearchService extends SearchService {
  /** Add or replace papers in the index and the corpus (call whenever papers are stored). */
  index(papers: Paper[]): void;
  /** Rebuild the index from every stored paper. */
  rebuild(): Promise<{ count: number; ms: number }>;
  /**
   * Rebuild the full-text index and the corpus (shared with the ranking, when given) in one pass
   * over the store: at start-up, this alone replaces `search.rebuild()` plus `ranking.rebuild()`.
   */
  rebuildAll(): Promise<{ count: number; ms: number }>;
  /**
   * At start-up, with nothing indexed yet: load the snapshot and index again the papers added or
   * changed since; without a usable one, `rebuildAll`.
   */
  startUp(): Promise<StartUp>;
  /** Write the index and corpus to the snapshot file (a no-op without one, or when nothing was indexed since it was written or read). */
  saveSnapshot(): Promise<{ bytes: number; ms: number } | undefined>;
  readonly corpus: Corpus;
  readonly size: number;
}

/** Candidates taken from each retriever before reranking. */
const CANDIDATES = 40;
/** How much each matched name or number word (which the relevance model cannot see) lifts a paper's score. */
const LIFT = 0.25;
/** Below this normalised relevance a hit is kept only as a plain full-text match. */
const SEARCH_THRESHOLD = 0.05;

/** A reason naming up to three matched words: `matches “smith”, “2024”`. */
const matching = (terms: readonly string[]): string => `matches ${terms.slice(0, 3).map((t) => `“${t}”`).join(', ')}`;

/** Papers a rebuild reads and indexes at a time. */
const BATCH = 1000;

/** Read pages of items in batches of BATCH, letting commands and deliveries run between batches. */
async function inBatches<T>(pages: AsyncIterable<T[]>, take: (batch: T[]) => Promise<void>): Promise<void> {
  let batch: T[] = [];
  for await (const page of pages)
    for (const item of page) {
      batch.push(item);
      if (batch.length < BATCH) continue;
      await take(batch);
      batch = [];
      await new Promise((resolve) => setImmediate(resolve));
    }
  if (batch.length) await take(batch);
}

/** An iterable's items in pages of BATCH. */
async function* paged<T>(items: AsyncIterable<T>): AsyncIterable<T[]> {
  let page: T[] = [];
  for await (const item of items) {
    page.push(item);
    if (page.length < BATCH) continue;
    yield page;
    page = [];
  }
  if (page.length) yield page;
}

/** Build the search service. */
export function createSearchService(deps: SearchServiceDeps): IndexedSearchService {
  const corpus = deps.ranking?.corpus ?? deps.corpus ?? new Corpus();
  const ranker = deps.ranking?.ranker ?? new Ranker(corpus, deps.rankerOptions);
  const ownsCorpus = !deps.ranking;
  const countOf = (w: string): number => corpus.wordDocFreq(w);
  const newIndex = (): SearchIndex => new SearchIndex({ abstractWords: false, textWords: false, countOf });
  let idx = newIndex();
  // The corpus reads every abstract anyway: it tells the typo dictionary each new word.
  corpus.onNewWord = (w) => idx.addWord(w);
  corpus.eachWord((w) => idx.addWord(w));
  const log = deps.logger.child({ module: 'search' });
  /** Each indexed paper's `indexedHash`, saved with a snapshot to tell which papers changed since. */
  const hashes: IndexedHashes = new Map();
  /** Papers indexed while a snapshot loads (indexed again once it is in place). */
  let arrivals: Set<string> | undefined;
  /** Whether papers were indexed since the last snapshot was written or read. */
  let dirty = false;
  /** Remember papers' hashes. */
  const record = (papers: readonly Paper[]): void => {
    for (const p of papers) hashes.set(p.id, indexedHash(p));
    if (papers.length) dirty = true;
  };
  /** Remember the hashes of papers just added to the corpus, which hashed their text already (a rebuild has only their heads). */
  const recordAdded = (papers: readonly PaperHead[]): void => {
    for (const p of papers) {
      const text = corpus.textHash(p.id);
      if (text !== undefined) hashes.set(p.id, withAuthors(text, p));
    }
    if (papers.length) dirty = true;
  };

  /**
   * The query with misspelt or cut-short words replaced by the indexed words they stand for, once
   * (typo look-ups are the dear part): for the full-text index (every word but stop words) and for
   * the relevance model (index words only). `liftOnly` holds the index words that stand only for
   * parts split off a typed word (the `3` of `llama3`): they lift papers that match the rest, but a
   * paper with nothing else (any title with a 3 in it) is not a match. `joined`: see Spellings.
   */
  const corrected = (query: string): { lexical: string; text: string; liftOnly: Set<string>; joined: string[] } => {
    // A name with a number is searched for both ways (`gpt4` and `gpt 4`): only the query changes, so the index costs nothing more.
    const { words: typed, split, joined } = spellings(queryWords(query), (w) => corpus.knowsWord(w) || idx.knows(w));
    const fixed = typed.map((w) => idx.correct([w]));
    // What a typed word stands for is never lift-only, even when a split-off part stands for it too.
    const whole = new Set(fixed.flatMap((f, i) => (split.has(typed[i]!) ? [] : f)));
    const liftOnly = new Set(fixed.flatMap((f, i) => (split.has(typed[i]!) ? f.filter((w) => !whole.has(w)) : [])));
    const join = (ws: string[]): string => [...new Set(ws)].join(' ');
    return { lexical: join(fixed.flat()), text: join(fixed.filter((_, i) => isIndexWord(typed[i]!)).flat()), liftOnly, joined };
  };

  const fromHf = async (query: string): Promise<Paper[]> => {
    if (!deps.hfSearch) return [];
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<'timeout'>((resolve) => (timer = setTimeout(() => resolve('timeout'), deps.hfTimeoutMs ?? 1500)));
    // Past the wait, the request is cancelled, not left running with nobody to read its answer.
    const stop = new AbortController();
    try {
      const r = await Promise.race([deps.hfSearch(query, stop.signal), timeout]);
      if (r === 'timeout') {
        stop.abort();
        log.warn({ query }, 'Hugging Face search timed out; answering from the local index');
      }
      return r === 'timeout' ? [] : r;
    } catch (err) {
      log.warn({ err: (err as Error)?.message, query }, 'Hugging Face search failed; answering from the local index');
      return [];
    } finally {
      clearTimeout(timer);
    }
  };

  /** Local hits: those the relevance model ranks, then weaker plain full-text matches (names, rare typos). */
  const local = async (query: string, limit: number): Promise<{ strong: SearchHit[]; weak: SearchHit[] }> => {
    const { lexical: fixed, text, liftOnly, joined } = corrected(query);
    // The corpus covers titles and abstracts; the full-text index adds author names, and what the corpus does
    // not index: numbers and single letters (`2024`, `GPT-4`, `k-means`), and title and keyword words it does
    // not know (searching it for common title words would only cost time).
    const unknown = words(text).some((w) => !corpus.knowsWord(w)) || queryWords(fixed).some((w) => !isIndexWord(w));
    const lexical = idx.search(fixed, { limit: Math.max(20, limit), exact: true, fields: unknown ? undefined : ['authors'] });
    const expanded = text ? retrieve(corpus, ranker.query(text).weights, CANDIDATES).flatMap((r) => corpus.idAt(r.slot) ?? []) : [];
    const ids = [...new Set([...lexical.map((h) => h.id), ...expanded])];
    const found = await deps.papers.getMany(ids);
    const papers = ids.map((id) => found.get(id)).filter((p): p is Paper => !!p);
    // What the relevance model cannot see (an author's name, a number) lifts the papers that also have it:
    // `smith gpt` puts Smith's GPT paper first, `imagenet 2024` the 2024 one.
    // (The full-text index holds only those: author names, and numbers and single letters of titles and keywords.)
    const also = new Map(lexical.map((h) => [h.id, h.queryTerms] as const));
    // A paper that writes the name and number joined (`Falcon7`) has the number as much as one writing `Falcon 7`,
    // though the full-text index, which holds lone numbers only, cannot tell.
    const joinedIn = new Map(joined.length ? papers.map((p) => [p.id, joined.filter((w) => hasWord(p, w)).length] as const) : []);
    const lift = (id: string) => (also.get(id)?.length ?? 0) + (joinedIn.get(id) ?? 0);
    const lifted = (text ? ranker.rank(papers, { topics: [text], threshold: SEARCH_THRESHOLD, limit: limit + lexical.length }) : [])
      .map((r) => ({ ...r, score: r.score * (1 + LIFT * lift(r.id)) }))
      .sort((a, b) => b.score - a.score);
    // Papers by the person the query names: every word of it in one author's name (`Max Welling`, `G Hinton`).
    // The relevance model cannot see names, and its stems mislead on them (`welling` is `well`).
    const spelled = words(query.slice(0, 500)).slice(0, 32);
    const named = new Map<string, NamedAuthor>();
    for (const h of lexical) {
      const author = namedAuthor(spelled, found.get(h.id)?.authors ?? []);
      if (author) named.set(h.id, author);
    }
    const ranked = lifted.filter((r) => !named.has(r.id)).slice(0, limit);
    const hit = (r: (typeof ranked)[number]): SearchHit => {
      const names = also.get(r.id) ?? [];
      const why = [r.why, names.length ? matching(names) : ''].filter(Boolean).join(' · ');
      return { paper: r.paper, score: r.score, why: why || 'matches your words' };
    };
    // As relevant as a digest would need, or half as relevant and matching a name or number too (a name may be an
    // everyday word: Long, Rich): vouched for; below that, weaker matches.
    const vouched = (r: (typeof ranked)[number]) => (r.relevance ?? 0) >= ranker.options.threshold / (lift(r.id) > 0 ? 2 : 1);
    let strong = ranked.filter(vouched).map(hit);
    const weak = ranked.filter((r) => !vouched(r)).map(hit);
    if (named.size) {
      // Two words of a name (`Kaiming He`), or one no paper's text has (`Hintonsky`), name the person searched for:
      // their papers come first, scored as a perfect text match lifted by each name word. A lone word papers also
      // use (`Long`, `Deep`) may not: its papers count as just relevant enough, after the text matches (and still
      // before Hugging Face's).
      const rare = spelled.filter((w) => !isStopWord(w)).every((w) => !corpus.knowsWord(w));
      const first: SearchHit[] = [];
      for (const [id, author] of named) {
        const full = author.words > 1 || rare;
        // The text's own match is said too (`by Igor Markov · title matches “markov”`).
        const own = lifted.find((r) => r.id === id);
        const why = [`by ${author.name}`, own?.why].filter(Boolean).join(' · ');
        const score = Math.max(own?.score ?? 0, full ? 1 + LIFT * author.words : ranker.options.threshold);
        (full ? first : strong).push({ paper: found.get(id)!, score, why });
      }
      const best = (hits: SearchHit[]) => hits.sort((a, b) => b.score - a.score);
      strong = [...best(first), ...best(strong)];
    }
    const seen = new Set([...ranked.map((r) => r.id), ...named.keys()]);
    for (const h of lexical) {
      const p = found.get(h.id);
      if (!p || seen.has(h.id) || strong.length + weak.length >= limit || h.queryTerms.every((t) => liftOnly.has(t))) continue;
      seen.add(h.id);
      weak.push({ paper: p, score: 0, why: matching(h.terms) });
    }
    return { strong, weak };
  };

  /** Read every stored paper once into a new full-text index and, with `withCorpus`, the corpus too. */
  const rebuild = async (withCorpus: boolean): Promise<{ count: number; ms: number }> => {
    const t0 = performance.now();
    // An empty index (start-up) is built in place: searches meanwhile see what is there so far. Otherwise
    // the old index keeps answering, and learns new words too, until the new one is done.
    const next = idx.size ? newIndex() : idx;
    if (next !== idx) corpus.eachWord((w) => next.addWord(w));
    corpus.onNewWord = (w) => {
      next.addWord(w);
      if (idx !== next) idx.addWord(w);
    };
    // How many papers are coming, when the store can tell at once: the corpus then grows once, not by doubling.
    const expected = withCorpus ? await deps.papers.count?.().catch(() => undefined) : undefined;
    const loader = withCorpus
      ? new CorpusLoader(corpus, {
          ...deps.rebuildWorker,
          expected,
          added: (papers) => {
            next.add(papers);
            recordAdded(papers);
          },
          skipped: (id, why) => warnRow(log, id, why),
          reread: async (ids) => {
            const found = await deps.papers.getMany(ids);
            return ids.flatMap((id) => found.get(id) ?? []);
          },
          warn: (err) => log.warn({ err }, 'the rest of the index rebuild runs on the main thread'),
        })
      : undefined;
    // Stored rows go to the loader unparsed (its worker reads them) when the store has rows.
    const rows = loader && deps.papers.rows?.();
    try {
      if (loader && rows) await inBatches(rows, (batch) => loader.pushRows(batch));
      else
        await inBatches(paged(deps.papers.all()), async (papers) => {
          if (loader) return loader.push(papers);
          next.add(papers);
          record(papers);
        });
      await loader?.finish();
    } finally {
      await loader?.close();
    }
    next.trim();
    if (withCorpus) corpus.trim();
    idx = next;
    corpus.onNewWord = (w) => idx.addWord(w);
    return { count: idx.size, ms: Math.round(performance.now() - t0) };
  };

  return {
    corpus,
    get size() {
      return idx.size;
    },
    index(papers) {
      idx.add(papers);
      if (ownsCorpus) corpus.add(papers);
      record(papers);
      for (const p of papers) arrivals?.add(p.id);
    },
    rebuild: () => rebuild(ownsCorpus),
    rebuildAll: () => rebuild(true),
    async startUp() {
      const t0 = performance.now();
      if (!deps.snapshotFile || idx.size || corpus.size) return { ...(await rebuild(true)), from: 'store' };
      arrivals = new Set();
      let arrivalsSeen = 0;
      const reindex = (papers: Paper[]): void => {
        idx.add(papers);
        corpus.add(papers);
        record(papers);
      };
      let warm: WarmStart;
      try {
        warm = await warmStart({ file: deps.snapshotFile, corpus, index: idx, papers: deps.papers, hashes, reindex });
        arrivalsSeen = arrivals.size;
        if ('count' in warm && arrivals.size) reindex([...(await deps.papers.getMany([...arrivals])).values()]);
      } finally {
        arrivals = undefined;
      }
      if ('count' in warm) {
        dirty = warm.changed > 0 || arrivalsSeen > 0;
        return { count: idx.size, changed: warm.changed, from: 'snapshot', ms: Math.round(performance.now() - t0) };
      }
      log.info({ file: deps.snapshotFile, why: warm.miss, error: warm.error }, 'search snapshot not used; reading every paper');
      const built = await rebuild(true);
      return { count: built.count, from: 'store', snapshot: warm, ms: Math.round(performance.now() - t0) };
    },
    async saveSnapshot() {
      if (!deps.snapshotFile || !dirty) return undefined;
      const t0 = performance.now();
      dirty = false;
      const bytes = await writeSnapshot(deps.snapshotFile, { corpus, index: idx, hashes }).catch((err: unknown) => {
        dirty = true;
        throw err;
      });
      return { bytes, ms: Math.round(performance.now() - t0) };
    },
    async search(query, opts = {}) {
      const limit = Math.max(1, Math.min(opts.limit ?? 10, 100));
      const q = query.trim().slice(0, 500);
      if (!q) return [];
      const ref = deps.parseRef(q);
      if (ref) {
        const paper = await deps.lookup(ref);
        return paper ? [{ paper, score: 1, why: `arXiv ${paper.id}` }] : [];
      }
      // Only stop words (`the of and`): nothing matches them here, and Hugging Face's answer would be arbitrary papers.
      if (!isSearchable(q)) return [];
      // Order: what the relevance model vouches for, then papers only Hugging Face found, then plain word matches.
      const [{ strong, weak }, remote] = await Promise.all([local(q, limit), fromHf(q)]);
      const seen = new Set([...strong, ...weak].map((h) => h.paper.id));
      const fromRemote: SearchHit[] = [];
      for (const p of remote) {
        if (seen.has(p.id)) continue;
        seen.add(p.id);
        fromRemote.push({ paper: p, score: 0, why: 'found by Hugging Face search' });
      }
      return [...strong, ...fromRemote, ...weak].slice(0, limit);
    },
  };
}
