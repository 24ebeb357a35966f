// The worker side of a rebuild: a corpus of its own turns papers' text into vectors, off the main thread.
import { parentPort, workerData } from 'node:worker_threads';
import type { PaperHead, PaperText } from '../papers/paper.ts';
import { readPaperRows, type RowProblem } from '../store/paper-store.ts';
import { Corpus, type FieldWeights, type VectorBatch } from './corpus.ts';

/**
 * A batch to vectorise (papers' text, or stored rows to read first: see readPaperRow), or a batch's
 * buffer given back once used (see Vectorizer.recycle).
 */
export type VectorizeRequest = { id: number; papers: PaperText[] } | { id: number; rows: string[] } | { recycle: ArrayBuffer };
/**
 * A batch's vectors (their arrays share one transferred buffer), or why there are none; `ready` once
 * loaded. For rows: the papers read (their heads, in order, as the vectors are) and the rows that held none.
 */
export type VectorizeAnswer =
  | { id: number; batch: VectorBatch; heads?: PaperHead[]; skipped?: [row: number, why: RowProblem][] }
  | { id: number; error: string }
  | { ready: true };

const port = parentPort!;
const corpus = new Corpus(workerData as FieldWeights);
/**
 * Buffers given back, for the next batches: a rebuild sends a hundred batches of about a megabyte,
 * and allocating each anew left the allocator holding tens of megabytes after the rebuild.
 */
const spare: ArrayBuffer[] = [];

/** The batch's arrays copied into one buffer (a spare one when it is large enough). */
function packed(b: VectorBatch): VectorBatch {
  const parts = [b.offsets, b.lens, b.tlens, b.hashes, b.wordTerms, b.terms, b.tf, b.ttf];
  const size = parts.reduce((sum, a) => sum + Math.ceil(a.byteLength / 8) * 8, 0);
  const i = spare.findIndex((s) => s.byteLength >= size);
  const buffer = i >= 0 ? spare.splice(i, 1)[0]! : new ArrayBuffer(Math.ceil(size * 1.25));
  let at = 0;
  const copy = <T extends (typeof parts)[number]>(a: T): T => {
    const out = new (a.constructor as new (b: ArrayBuffer, o: number, n: number) => T)(buffer, at, a.length);
    out.set(a as never);
    at += Math.ceil(a.byteLength / 8) * 8;
    return out;
  };
  return { ...b, offsets: copy(b.offsets), lens: copy(b.lens), tlens: copy(b.tlens), hashes: copy(b.hashes), wordTerms: copy(b.wordTerms), terms: copy(b.terms), tf: copy(b.tf), ttf: copy(b.ttf) };
}

port.on('message', (m: VectorizeRequest) => {
  if ('recycle' in m) {
    if (spare.length < 4) spare.push(m.recycle);
    return;
  }
  let answer: VectorizeAnswer;
  try {
    if ('papers' in m) answer = { id: m.id, batch: packed(corpus.vectorize(m.papers)) };
    else {
      const { papers, skipped } = readPaperRows(m.rows, Date.now());
      const heads = papers.map((p): PaperHead => ({ id: p.id, title: p.title, authors: p.authors, keywords: p.keywords }));
      answer = { id: m.id, batch: packed(corpus.vectorize(papers)), heads, skipped };
    }
  } catch (err) {
    answer = { id: m.id, error: (err as Error)?.message ?? String(err) };
  }
  port.postMessage(answer, 'batch' in answer ? [answer.batch.terms.buffer as ArrayBuffer] : []);
});

// Loaded (modules compiled and evaluated: a few hundred milliseconds): batches sent from now on are answered at once.
port.postMessage({ ready: true } satisfies VectorizeAnswer);
