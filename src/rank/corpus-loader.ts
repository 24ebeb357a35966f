// Adding every stored paper to a corpus in batches, with a worker thread vectorising ahead once the store proves large.
import type { Paper, PaperHead } from '../papers/paper.ts';
import { readPaperRows, type RowProblem } from '../store/paper-store.ts';
import type { PaperRow } from '../store/stores.ts';
import type { Corpus, TermMap } from './corpus.ts';
import { Vectorizer, type RowsRead } from './vectorizer.ts';

/**
 * How long the first batch for the worker waits for it to load. Bundled (worker-bundle.ts), it loads in
 * about 0.1 s; meanwhile this thread would have vectorised a batch itself, cold (its code not yet
 * compiled): at 100,000 papers that first batch took 0.66 s of this thread, and held the worker's
 * batches back all that time. A worker slower than this is not waited for.
 */
const STARTUP_WAIT_MS = 1000;

/**
 * Shares of a counted load after which the postings queued so far are put in place, while the worker
 * still works (this thread mostly waits for it then): the end of the load, when nothing else runs,
 * then has only the last quarter to place. Packing is in place and the queue is reused (see
 * PostingTable), so each placing writes only what was queued since the last, into memory already
 * touched once the first is done: at 100,000 papers, a quarter's queue is about 25 MB, where a half
 * touched 45 MB of fresh memory (a page fault per 4 kB, dear on the VM this runs on).
 */
const PACK_AT = [0.25, 0.5, 0.75];

/** Batches read but not yet added: the worker works this far ahead. */
const AHEAD = 2;

export interface CorpusLoaderOptions {
  /** Papers added on this thread alone before the worker starts (default 1,000; Infinity: never). */
  after?: number;
  /** The worker's entry (tests point it elsewhere). */
  url?: URL;
  /**
   * Wait for the worker to load before going on (tests: so that it gets batches however slow it is to
   * start). Otherwise this thread adds batches itself until the worker is ready.
   */
  waitForWorker?: boolean;
  /** Papers the load brings in all (the store's count), when known: once the first batch is in, the corpus makes room for the rest at once. */
  expected?: number;
  /** Called with each batch once the corpus holds it, in the order pushed (of rows: the papers they held, by their heads). */
  added(papers: PaperHead[]): void;
  /** Told of each stored row that held no paper (pushRows). */
  skipped(id: string, why: RowProblem): void;
  /**
   * The stored papers of these ids, in this order (those still stored): for the batches of rows a
   * worker took and then failed, read again here. Without it, those rows' text is kept until added.
   */
  reread?(ids: string[]): Promise<Paper[]>;
  /** Told once when the worker fails; the rest is added on this thread. */
  warn(err: string): void;
}

/** A batch waiting to be added: the worker's answer for it when the worker has it, else its papers read here. */
interface Waiting {
  work?: Promise<RowsRead | Error>;
  papers(): Paper[] | Promise<Paper[]>;
  /** The id of the batch's i-th row. */
  rowId(i: number): string;
  /** Rows or papers in the batch. */
  size: number;
}

/**
 * Adds batches of papers to a corpus in the order pushed. Past the first papers a worker thread turns
 * batches into vectors (Corpus.vectorize) while this thread adds earlier ones (Corpus.addVectors,
 * which maps the worker's term ids to the corpus's), so the corpus comes out as `add` alone would
 * make it. Batches of stored rows (pushRows) are parsed where they are vectorised: the worker hands
 * back only what the full-text index reads, so this thread never holds the abstracts. A worker that
 * fails costs a warning and the speed (a rebuild over before the worker's failure is known has
 * nothing to warn of: it did not need the worker).
 */
export class CorpusLoader {
  private worker?: Vectorizer;
  private readonly map: TermMap = { ids: new Int32Array(0) };
  private readonly waiting: Waiting[] = [];
  private read = 0;
  /** Papers added on this thread alone before a worker is worth starting. */
  private get after(): number {
    return this.opts.after ?? 1000;
  }
  /** Whether the first batch for the worker waited for it to load. */
  private waited = false;
  /** Rows or papers added so far. */
  private added = 0;
  private warned = false;

  constructor(
    private readonly corpus: Corpus,
    private readonly opts: CorpusLoaderOptions,
  ) {
    // A load known to be large starts its worker at once: it loads while this thread reads the first pages.
    if ((opts.expected ?? 0) > this.after) this.worker = new Vectorizer(corpus.fields, opts.url);
  }

  /**
   * Queue a batch; adds the oldest when more than AHEAD wait. The first batch for the worker waits
   * for it to load (up to STARTUP_WAIT_MS); until it has, this thread vectorises the batches itself.
   */
  async push(papers: Paper[]): Promise<void> {
    const w = await this.workerFor(papers.length);
    const work = w?.vectorize(papers).then((batch): RowsRead => ({ batch, heads: papers, skipped: [] }), (err: Error) => err);
    this.waiting.push({ work, papers: () => papers, rowId: (i) => papers[i]!.id, size: papers.length });
    if (this.waiting.length > AHEAD) await this.addOldest();
  }

  /** Queue a batch of stored rows (PaperStore.rows), as `push`; rows that hold no paper are told to `skipped`. */
  async pushRows(rows: PaperRow[]): Promise<void> {
    const w = await this.workerFor(rows.length);
    const work = w?.vectorizeRows(rows.map((r) => r.text)).catch((err: Error) => err);
    // A batch the worker took keeps only its ids: rows' text held until the batch is added outlived the young
    // generation, and at 100,000 papers the main thread spent 0.6-0.7 s in scavenges against 0.4-0.5 s.
    const reread = w && this.opts.reread;
    this.waiting.push(reread ? byIds(work, rows.map((r) => r.id), reread) : this.byRows(work, rows));
    if (this.waiting.length > AHEAD) await this.addOldest();
  }

  /** A batch that keeps its rows, to read them here if need be (made here, so that no other closure keeps them). */
  private byRows(work: Waiting['work'], rows: PaperRow[]): Waiting {
    return { work, papers: () => this.readRows(rows), rowId: (i) => rows[i]!.id, size: rows.length };
  }

  /**
   * The worker, when it is to take the next batch of `n`: every batch once it has loaded. (This thread
   * has the larger share of a rebuild's work, adding what the worker made: in alternating runs at
   * 100,000 papers, also vectorising one batch in eight itself cost it 0.35-0.8 s of CPU.)
   */
  private async workerFor(n: number): Promise<Vectorizer | undefined> {
    this.read += n;
    if (!this.worker && this.read > this.after) this.worker = new Vectorizer(this.corpus.fields, this.opts.url);
    const w = this.worker;
    if (w && !this.waited) {
      this.waited = true;
      if (this.opts.waitForWorker) await w.whenStarted();
      else if (!w.ready) await Promise.race([w.whenStarted(), new Promise((resolve) => setTimeout(resolve, STARTUP_WAIT_MS).unref())]);
    }
    this.warnIfFailed();
    return w?.ready ? w : undefined;
  }

  /** Add every batch still waiting. */
  async finish(): Promise<void> {
    while (this.waiting.length) await this.addOldest();
    this.warnIfFailed();
  }

  /** Warn, once, of the worker's failure (every batch it failed carries that same error). */
  private warnIfFailed(): void {
    const err = this.worker?.failed;
    if (!err || this.warned) return;
    this.warned = true;
    this.opts.warn(err.message);
  }

  /** Stop the worker (what still waits is not added). */
  async close(): Promise<void> {
    await this.worker?.close();
  }

  private async addOldest(): Promise<void> {
    const next = this.waiting.shift()!;
    const first = this.added === 0;
    this.added += next.size;
    try {
      await this.add(next);
    } finally {
      // From the first batch's postings, the corpus can tell how much room the rest will need.
      if (first && this.opts.expected) this.corpus.reserve(this.opts.expected - this.added, PACK_AT[0]! * this.opts.expected - this.added);
      const e = this.opts.expected ?? 0;
      if (e && PACK_AT.some((f) => this.added >= f * e && this.added - next.size < f * e)) this.corpus.packPostings();
    }
  }

  private async add(next: Waiting): Promise<void> {
    // A batch the worker answered is whole even if the worker failed later; after a failure every answer is an Error.
    const done = next.work && (await next.work);
    if (done instanceof Error) this.warnIfFailed();
    if (!done || done instanceof Error) {
      const papers = await next.papers();
      this.corpus.add(papers);
      return this.opts.added(papers);
    }
    for (const [row, why] of done.skipped) this.opts.skipped(next.rowId(row), why);
    this.corpus.addVectors(done.heads, done.batch, this.map);
    this.worker?.recycle(done.batch);
    this.opts.added(done.heads);
  }

  /** The papers in stored rows, read on this thread. */
  private readRows(rows: PaperRow[]): Paper[] {
    const { papers, skipped } = readPaperRows(rows.map((r) => r.text), Date.now());
    for (const [row, why] of skipped) this.opts.skipped(rows[row]!.id, why);
    return papers;
  }
}

/** A batch that keeps only its ids, and reads its papers again from the store if need be. */
function byIds(work: Waiting['work'], ids: string[], reread: (ids: string[]) => Promise<Paper[]>): Waiting {
  return { work, papers: () => reread(ids), rowId: (i) => ids[i]!, size: ids.length };
}
