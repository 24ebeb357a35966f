// The rebuild's worker bundled into one module: it runs without tsx and vectorises as the corpus does.
import { Worker } from 'node:worker_threads';
import { describe, expect, it } from 'vitest';
import { Corpus, FIELD_WEIGHTS, type VectorBatch } from '../../src/rank/corpus.ts';
import { bundledWorker } from '../../src/rank/worker-bundle.ts';
import type { VectorizeAnswer } from '../../src/rank/vectorize-worker.ts';
import { fixturePapers } from '../search/helpers.ts';

describe('bundledWorker', () => {
  it('is one data: module, made once, that loads without tsx and vectorises as an in-process corpus does', async () => {
    const url = await bundledWorker();
    expect(url?.protocol).toBe('data:');
    expect(await bundledWorker()).toBe(url);
    // No --import of tsx: the bundle needs no TypeScript loader.
    const worker = new Worker(url!, { workerData: FIELD_WEIGHTS, execArgv: [] });
    try {
      const answers: VectorizeAnswer[] = [];
      const papers = fixturePapers().slice(0, 20);
      const batch = await new Promise<VectorBatch>((resolve, reject) => {
        worker.on('error', reject);
        worker.on('message', (a: VectorizeAnswer) => {
          answers.push(a);
          if ('ready' in a) worker.postMessage({ id: 1, papers: papers.map((p) => ({ title: p.title, summary: p.summary, keywords: p.keywords, aiSummary: p.aiSummary })) });
          else if ('batch' in a) resolve(a.batch);
          else reject(new Error(JSON.stringify(a)));
        });
      });
      expect(answers[0]).toEqual({ ready: true });
      const here = new Corpus().vectorize(papers);
      expect([...batch.terms]).toEqual([...here.terms]);
      expect([...batch.hashes]).toEqual([...here.hashes]);
      expect(batch.stems).toEqual(here.stems);
    } finally {
      await worker.terminate();
    }
  });
});
