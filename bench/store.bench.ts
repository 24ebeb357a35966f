// Store benchmark: write 100,000 papers, then time the full `all()` scan the search index rebuild uses.
// Run: `npx tsx bench/store.bench.ts [count]` (REDIS_URL set: Redis too).
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { silentLogger } from '../src/logger.ts';
import type { Paper } from '../src/papers/paper.ts';
import { openStores } from '../src/store/open-stores.ts';

/** Figures for one backend. */
export interface StoreBenchFigures {
  backend: string;
  papers: number;
  insertMs: number;
  scanMs: number;
  getMany100Ms: number;
  fileMB?: number;
}

const words = 'diffusion transformer pruning sparse attention robot policy language vision reward token'.split(' ');

function syntheticPaper(i: number): Paper {
  const w = (k: number) => words[(i * 7 + k * 13) % words.length];
  const id = `${String(2300 + (i % 300)).padStart(4, '0')}.${String(i).padStart(5, '0')}`;
  return {
    id,
    title: `${w(1)} ${w(2)} for ${w(3)} ${w(4)} at scale (${i})`,
    summary: Array.from({ length: 160 }, (_, k) => w(k)).join(' '),
    authors: Array.from({ length: 6 }, (_, k) => `Author ${(i + k) % 5000}`),
    upvotes: i % 97,
    keywords: [w(5), w(6), w(7)],
    listedOn: ['2025-01-06'],
    source: 'hf',
    updatedAt: '2025-01-06T10:00:00.000Z',
  };
}

/** Insert `count` papers into the store at `url` (putMany of 1,000 at a time; only the writes are timed) and scan them back. */
export async function benchStore(url: string, backend: string, count = 100_000, file?: string): Promise<StoreBenchFigures> {
  const stores = await openStores(url, { logger: silentLogger(), redisPrefix: `paperboy-bench-${process.pid}:` });
  try {
    let insertMs = 0;
    for (let i = 0; i < count; i += 1000) {
      const batch = Array.from({ length: Math.min(1000, count - i) }, (_, k) => syntheticPaper(i + k));
      const start = performance.now();
      await stores.papers.putMany(batch);
      insertMs += performance.now() - start;
    }
    let t = performance.now();
    let n = 0;
    for await (const p of stores.papers.all()) if (p.id) n++;
    const scanMs = performance.now() - t;
    if (n !== count) throw new Error(`scan saw ${n} papers, expected ${count}`);
    t = performance.now();
    await stores.papers.getMany(Array.from({ length: 100 }, (_, k) => syntheticPaper(k * 997 % count).id));
    const getMany100Ms = performance.now() - t;
    const fileMB = file ? statSync(file).size / 1e6 : undefined;
    if (backend === 'redis') for await (const p of stores.papers.all()) await stores.backend.delete(`papers:${p.id}`);
    return { backend, papers: count, insertMs, scanMs, getMany100Ms, fileMB };
  } finally {
    await stores.close();
  }
}

async function main(): Promise<void> {
  const count = Number(process.argv[2] ?? 100_000);
  const dir = mkdtempSync(path.join(os.tmpdir(), 'paperboy-bench-'));
  const file = path.join(dir, 'bench.sqlite');
  const results = [await benchStore('memory://', 'memory', count), await benchStore(`sqlite://${file}`, 'sqlite', count, file)];
  if (process.env.REDIS_URL) results.push(await benchStore(process.env.REDIS_URL, 'redis', count));
  rmSync(dir, { recursive: true, force: true });
  for (const r of results) {
    console.log(
      `store ${r.backend.padEnd(6)} ${r.papers} papers: insert ${(r.insertMs / 1000).toFixed(2)} s, ` +
        `all() scan ${(r.scanMs / 1000).toFixed(2)} s, getMany(100) ${r.getMany100Ms.toFixed(1)} ms` +
        (r.fileMB ? `, file ${r.fileMB.toFixed(0)} MB` : ''),
    );
  }
  console.log(`rss ${(process.memoryUsage().rss / 1e6).toFixed(0)} MB`);
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) await main();
