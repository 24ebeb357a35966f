// Start-up from a snapshot: load it, check it against every stored paper, index again only what changed.
import type { Paper } from '../papers/paper.ts';
import type { Corpus } from '../rank/corpus.ts';
import type { PaperStore } from '../store/stores.ts';
import { indexedHash, readSnapshot, type IndexedHashes, type SnapshotMiss } from './index-snapshot.ts';
import type { SearchIndex } from './search-index.ts';

/** How a warm start went. */
export type WarmStart = { count: number; changed: number; ms: number } | { miss: SnapshotMiss | 'other papers'; error?: string };

/**
 * Load the snapshot in `file` into `corpus` and `index`, then bring them up to date with the store:
 * every stored paper is hashed, and those added or changed since the snapshot are indexed again
 * (`reindex`). A snapshot that holds a paper the store lacks (another store's) is not used, and
 * then nothing is changed. `hashes` ends up holding every stored paper's hash.
 */
export async function warmStart(opts: {
  file: string;
  corpus: Corpus;
  index: SearchIndex;
  papers: PaperStore;
  hashes: IndexedHashes;
  reindex: (papers: Paper[]) => void;
}): Promise<WarmStart> {
  const t0 = performance.now();
  const snap = await readSnapshot(opts.file, opts);
  if ('miss' in snap) return snap;
  const changed: string[] = [];
  let known = 0;
  let n = 0;
  for await (const p of opts.papers.all()) {
    const h = snap.hashes.get(p.id);
    if (h !== undefined) known++;
    if (h !== indexedHash(p)) changed.push(p.id);
    // Let commands and deliveries run meanwhile: start-up is not blocked while this reads.
    if (++n % 5000 === 0) await new Promise((resolve) => setImmediate(resolve));
  }
  if (known < snap.hashes.size) return { miss: 'other papers' };
  snap.commit();
  for (const [id, h] of snap.hashes) opts.hashes.set(id, h);
  for (let i = 0; i < changed.length; i += 1000) {
    const found = await opts.papers.getMany(changed.slice(i, i + 1000));
    opts.reindex([...found.values()]);
  }
  return { count: n, changed: changed.length, ms: Math.round(performance.now() - t0) };
}
