// Adding every stored paper to a corpus in batches, with a worker thread vectorising ahead once the store proves large.
import type { Paper } from '../papers/paper.ts';
import type { Corpus, TermMap, VectorBatch } from './corpus.ts';
import { Vectorizer } from './vectorizer.ts';

/** The main thread vectorises one batch in this many itself: the worker's part is the larger one. */
const MAIN_SHARE = 8;
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
  /** Called with each batch once the corpus holds it, in the order pushed. */
  added(papers: Paper[]): void;
  /** Told once when the worker fails; the rest is added on this thread. */
  warn(err: string): void;
}

/**
 * Adds batches of papers to a corpus in the order pushed. Past the first papers a worker thread turns
 * batches into vectors (Corpus.vectorize) while this thread adds earlier ones (Corpus.addVectors,
 * which maps the worker's term ids to the corpus's), so the corpus comes out as `add` alone would
 * make it. A worker that fails costs a warning and the speed (a rebuild over before the worker's
 * failure is known has nothing to warn of: it did not need the worker).
 */
export class CorpusLoader {
  private worker?: Vectorizer;
  private readonly map: TermMap = { ids: new Int32Array(0) };
  private readonly waiting: { papers: Paper[]; vectors?: Promise<VectorBatch | Error> }[] = [];
  private read = 0;
  private sent = 0;
  private warned = false;

  constructor(
    private readonly corpus: Corpus,
    private readonly opts: CorpusLoaderOptions,
  ) {}

  /**
   * Queue a batch; adds the oldest when more than AHEAD wait. Until the worker has loaded (a few
   * hundred milliseconds), this thread vectorises the batches itself rather than wait for it.
   */
  async push(papers: Paper[]): Promise<void> {
    this.read += papers.length;
    if (!this.worker && this.read > (this.opts.after ?? 1000)) {
      this.worker = new Vectorizer(this.corpus.fields, this.opts.url);
      if (this.opts.waitForWorker) await this.worker.whenStarted();
    }
    const w = this.worker;
    this.warnIfFailed();
    const mine = !w?.ready || ++this.sent % MAIN_SHARE === 0;
    this.waiting.push({ papers, vectors: mine ? undefined : w.vectorize(papers).catch((err: Error) => err) });
    if (this.waiting.length > AHEAD) await this.addOldest();
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
    const { papers, vectors } = this.waiting.shift()!;
    // A batch the worker answered is whole even if the worker failed later; after a failure every answer is an Error.
    const b = vectors && (await vectors);
    if (b instanceof Error) this.warnIfFailed();
    if (b && !(b instanceof Error)) {
      this.corpus.addVectors(papers, b, this.map);
      this.worker?.recycle(b);
    } else this.corpus.add(papers);
    this.opts.added(papers);
  }
}
