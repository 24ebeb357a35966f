// The worker side of a rebuild: a corpus of its own turns papers' text into vectors, off the main thread.
import { parentPort, workerData } from 'node:worker_threads';
import { Corpus, type FieldWeights, type PaperText, type VectorBatch } from './corpus.ts';

/** A batch to vectorise, and the answer. */
export interface VectorizeRequest {
  id: number;
  papers: PaperText[];
}
export type VectorizeAnswer = { id: number; batch: VectorBatch } | { id: number; error: string };

const port = parentPort!;
const corpus = new Corpus(workerData as FieldWeights);

port.on('message', ({ id, papers }: VectorizeRequest) => {
  let answer: VectorizeAnswer;
  try {
    answer = { id, batch: corpus.vectorize(papers) };
  } catch (err) {
    answer = { id, error: (err as Error)?.message ?? String(err) };
  }
  const b = 'batch' in answer ? answer.batch : undefined;
  const arrays = b ? [b.hashes, b.offsets, b.terms, b.tf, b.ttf, b.lens, b.tlens, b.wordTerms] : [];
  port.postMessage(answer, arrays.map((a) => a.buffer as ArrayBuffer));
});
