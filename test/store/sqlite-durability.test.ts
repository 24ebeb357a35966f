// What a SQLite write call resolved survives `kill -9`: a real child process is killed right after acks.
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { silentLogger } from '../../src/logger.ts';
import { openStores } from '../../src/store/open-stores.ts';

const here = path.dirname(fileURLToPath(import.meta.url));
const repoRoot = path.resolve(here, '../..');
const dir = mkdtempSync(path.join(os.tmpdir(), 'paperboy-crash-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** Run the writer until it has acknowledged `acks` rounds, SIGKILL it at once; the last ack seen. */
function writeThenKill(file: string, acks: number): Promise<number> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', path.join(here, 'crash-writer.ts'), file], {
      cwd: repoRoot,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let last = -1;
    let buffered = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => {
      buffered += chunk.toString();
      const lines = buffered.split('\n');
      buffered = lines.pop() ?? '';
      for (const line of lines) {
        const m = /^ack (\d+)$/.exec(line);
        if (m) last = Number(m[1]);
      }
      if (last + 1 >= acks) child.kill('SIGKILL');
    });
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.on('error', reject);
    child.on('exit', (code, signal) => {
      if (signal === 'SIGKILL') resolve(last);
      else reject(new Error(`writer exited by itself (code ${code}): ${stderr}`));
    });
  });
}

describe('SQLite store under kill -9', () => {
  it('keeps every write whose promise resolved before the kill', async () => {
    const file = path.join(dir, 'crash.sqlite');
    const last = await writeThenKill(file, 40);
    expect(last).toBeGreaterThanOrEqual(39);
    const stores = await openStores(`sqlite://${file}`, { logger: silentLogger() });
    try {
      const ids = Array.from({ length: last + 1 }, (_, i) => `2501.${String(i).padStart(5, '0')}`);
      expect((await stores.papers.getMany(ids)).size).toBe(last + 1);
      const saved = new Set((await stores.saves.byUser('slack', 'U1')).map((s) => s.paperId));
      expect(ids.filter((id) => !saved.has(id))).toEqual([]);
      const open = new Set((await stores.deliveries.unfinished()).map((r) => r.channelId));
      expect(ids.map((_, i) => `C${i}`).filter((c) => !open.has(c))).toEqual([]);
      expect(await stores.meta.get<number>('last')).toBeGreaterThanOrEqual(last);
    } finally {
      await stores.close();
    }
  });
});
