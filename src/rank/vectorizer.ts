// A second thread for a bulk rebuild: papers' text becomes vectors in a worker while this thread adds the vectors it made before.
import { Worker } from 'node:worker_threads';
import type { PaperHead, PaperText } from '../papers/paper.ts';
import type { RowProblem } from '../store/paper-store.ts';
import type { FieldWeights, VectorBatch } from './corpus.ts';
import type { VectorizeAnswer, VectorizeRequest } from './vectorize-worker.ts';
import { bundledWorker } from './worker-bundle.ts';

/** The worker's TypeScript entry (through tsx), when it cannot be bundled. */
const TS_ENTRY = new URL('./vectorize-worker.js', import.meta.url);

/** Stored rows read and vectorised: the papers' heads, in the vectors' order, and the rows (by index) that held no paper. */
export interface RowsRead {
  batch: VectorBatch;
  heads: PaperHead[];
  skipped: [row: number, why: RowProblem][];
}

interface Waiting {
  resolve(a: Extract<VectorizeAnswer, { batch: VectorBatch }>): void;
  reject(err: Error): void;
}

/**
 * Sends batches of papers to a worker thread whose own corpus vectorises them (`Corpus.vectorize`),
 * for this thread's corpus to add (`Corpus.addVectors`). Batches are answered in the order sent. A
 * worker that fails to load, throws or exits fails every batch still waiting; the caller then goes
 * on without it (its vocabulary no longer matches what was added).
 */
export class Vectorizer {
  /** Made once the worker's code is ready (bundled: see worker-bundle.ts). */
  private worker?: Worker;
  private readonly waiting = new Map<number, Waiting>();
  private next = 0;
  private failure?: Error;
  private loaded = false;
  /** Settles once the worker has loaded or failed. */
  private readonly started: Promise<void>;
  private settle!: () => void;

  /** `url`: the worker's entry (tests); by default its code bundled into one module, else its TypeScript entry. */
  constructor(fields: FieldWeights, url?: URL) {
    this.started = new Promise((resolve) => (this.settle = resolve));
    if (url) this.spawn(fields, url);
    else void bundledWorker().then((bundled) => this.spawn(fields, bundled ?? TS_ENTRY));
  }

  private spawn(fields: FieldWeights, url: URL): void {
    if (this.failure) return; // closed before its code was ready
    let worker: Worker;
    try {
      // The bundle needs no options (a process started with `--import tsx`, as the bench and tests are,
      // would otherwise give it tsx's loader); the TypeScript entry inherits the process's.
      worker = new Worker(url, { workerData: fields, ...(url.protocol === 'data:' ? { execArgv: [] } : {}) });
    } catch (err) {
      return this.fail(new Error(`the rebuild's worker thread could not start: ${(err as Error).message}`));
    }
    this.worker = worker;
    worker.on('message', (a: VectorizeAnswer) => {
      if ('ready' in a) {
        this.loaded = true;
        return this.settle();
      }
      const w = this.waiting.get(a.id);
      if (!w) return;
      if ('error' in a) return this.fail(new Error(`the rebuild's worker thread failed: ${a.error}`));
      this.waiting.delete(a.id);
      w.resolve(a);
    });
    worker.on('error', (err) => this.fail(new Error(`the rebuild's worker thread failed: ${err.message}`)));
    worker.on('exit', (code) => this.fail(new Error(`the rebuild's worker thread stopped (exit code ${code})`)));
  }

  /** Why the worker failed (every batch since is refused), undefined while it works. */
  get failed(): Error | undefined {
    return this.failure;
  }

  /** Whether the worker has loaded and answers batches at once. */
  get ready(): boolean {
    return this.loaded && !this.failure;
  }

  /** Settles once the worker has loaded or failed. */
  whenStarted(): Promise<void> {
    return this.started;
  }

  /** Vectorise papers in the worker (rejects once the worker has failed). */
  async vectorize(papers: readonly PaperText[]): Promise<VectorBatch> {
    const texts: PaperText[] = papers.map((p) => ({ title: p.title, summary: p.summary, keywords: p.keywords, aiSummary: p.aiSummary }));
    return (await this.send((id) => ({ id, papers: texts }))).batch;
  }

  /** Read stored rows (readPaperRow) and vectorise their papers in the worker (rejects once the worker has failed). */
  async vectorizeRows(rows: string[]): Promise<RowsRead> {
    const a = await this.send((id) => ({ id, rows }));
    return { batch: a.batch, heads: a.heads ?? [], skipped: a.skipped ?? [] };
  }

  private send(request: (id: number) => VectorizeRequest): Promise<Extract<VectorizeAnswer, { batch: VectorBatch }>> {
    if (this.failure) return Promise.reject(this.failure);
    const worker = this.worker;
    if (!worker) return Promise.reject(new Error("the rebuild's worker thread has not started yet"));
    const id = this.next++;
    return new Promise((resolve, reject) => {
      this.waiting.set(id, { resolve, reject });
      worker.postMessage(request(id));
    });
  }

  /** Give a used batch's buffer back to the worker, for a later batch (the batch is unusable after). */
  recycle(b: VectorBatch): void {
    if (this.failure || !this.worker) return;
    const buffer = b.terms.buffer as ArrayBuffer;
    this.worker.postMessage({ recycle: buffer } satisfies VectorizeRequest, [buffer]);
  }

  /** Stop the worker (batches still waiting fail). */
  async close(): Promise<void> {
    this.fail(new Error("the rebuild's worker thread was stopped"));
    await this.worker?.terminate();
  }

  private fail(err: Error): void {
    this.failure ??= err;
    this.settle();
    for (const w of this.waiting.values()) w.reject(this.failure);
    this.waiting.clear();
  }
}
