// The app's start-up with a search snapshot: written before adapters connect, loaded on the next start.
import { existsSync, mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp } from '../../src/app.ts';
import { loadConfig } from '../../src/config.ts';
import { createLogger } from '../../src/logger.ts';
import { startFakeHf, type FakeHf } from '../fakes/hf-server.ts';

let hf: FakeHf;
let dir: string;
beforeAll(async () => {
  hf = await startFakeHf({ fixtures: true });
  dir = mkdtempSync(join(tmpdir(), 'paperboy-snapshot-'));
});
afterAll(async () => {
  await hf.close();
  rmSync(dir, { recursive: true, force: true });
});

/** An app over the SQLite file in `dir`, with the log lines it writes. */
async function appWithLog() {
  const lines: Record<string, unknown>[] = [];
  const sink = new Writable({
    write(chunk, _enc, done) {
      for (const l of String(chunk).split('\n').filter(Boolean)) lines.push(JSON.parse(l) as Record<string, unknown>);
      done();
    },
  });
  const config = loadConfig({ HF_API_URL: hf.url, STORE_URL: `sqlite://${join(dir, 'paperboy.sqlite')}`, HTTP_RETRIES: '0' });
  const app = await createApp({ config, logger: createLogger('info', sink), scheduler: false });
  return { app, lines, file: config.searchSnapshot! };
}

describe('search snapshot through createApp', () => {
  it('is written at the first start, and the next start loads it and finds the same papers', async () => {
    const first = await appWithLog();
    expect(first.file).toBe(join(dir, 'paperboy.sqlite.search-index'));
    await first.app.start();
    await first.app.papers.fetchDay('2025-10-23');
    await first.app.stop();
    expect(existsSync(first.file)).toBe(true);

    const second = await appWithLog();
    await second.app.start();
    const ready = second.lines.find((l) => l.msg === 'search index ready');
    expect(ready).toMatchObject({ from: 'snapshot', changed: 0 });
    expect(ready?.papers).toBeGreaterThan(10);
    const hits = await second.app.search.search('attention', { limit: 3 });
    expect(hits.length).toBeGreaterThan(0);
    await second.app.stop();
  });

  it('is rebuilt from the store, and written before start resolves, when the file is missing', async () => {
    const { app, file } = await appWithLog();
    rmSync(file);
    const before = Date.now();
    await app.start();
    // Written during start (before adapters would connect), not left for later.
    expect(statSync(file).mtimeMs).toBeGreaterThanOrEqual(before - 1000);
    await app.stop();
  });
});
