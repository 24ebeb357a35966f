// A real paperboy process killed (SIGKILL) in the middle of a fan-out, restarted: nothing twice, nothing missing.
import { describe, expect, it } from 'vitest';
import { randomUUID } from 'node:crypto';
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { openStores } from '../../src/store/open-stores.ts';
import { silentLogger } from '../../src/logger.ts';
import { FakeChatServer } from './fake-chat-server.ts';
import { LAST_TICK_KEY } from '../../src/schedule/scheduler.ts';
import { seedDay, subscription, cleanupAfterEach } from './harness.ts';
import { dropRedisKeys } from '../store/redis-keys.ts';

const here = fileURLToPath(new URL('.', import.meta.url));
const repo = resolve(here, '../..');
const CHANNELS = 12;
const DAY = '2026-11-23';
const { cleanups } = cleanupAfterEach();

/** Run the child; resolves with how it ended. */
function runChild(env: Record<string, string>, onStart: (child: ChildProcess) => void): Promise<{ code: number | null; signal: NodeJS.Signals | null; out: string }> {
  return new Promise((resolveRun, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', join(here, 'fanout-child.ts')], { cwd: repo, env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    child.stdout!.on('data', (c: Buffer) => (out += c.toString()));
    child.stderr!.on('data', (c: Buffer) => (out += c.toString()));
    child.on('error', reject);
    child.on('exit', (code, signal) => resolveRun({ code, signal, out }));
    onStart(child);
  });
}

/** An SQLite store file with DAY's listing and CHANNELS subscribed channels, whose last tick was at `lastTick`. */
async function seededStore(lastTick: string): Promise<{ file: string; papers: Awaited<ReturnType<typeof seedDay>> }> {
  const dir = mkdtempSync(join(tmpdir(), 'paperboy-crash-'));
  cleanups.push(() => rmSync(dir, { recursive: true, force: true }));
  const file = join(dir, 'store.sqlite');
  const stores = await openStores(`sqlite://${file}`, { logger: silentLogger() });
  const papers = await seedDay(stores, DAY, 5);
  for (let i = 0; i < CHANNELS; i++) await stores.subscriptions.put(subscription('slack', `C${i}`));
  await stores.meta.set(LAST_TICK_KEY, lastTick);
  await stores.close();
  return { file, papers };
}

describe('crash in the middle of a fan-out', () => {
  it('is killed twice with SIGKILL mid-post, restarted, and ends with zero duplicates and zero missing', async () => {
    const { file, papers } = await seededStore(`${DAY}T08:00:00.000Z`); // paperboy went down at 08:00

    let child: ChildProcess | undefined;
    const killAt = [9, 27];
    const server = new FakeChatServer({
      // Kill the poster right after the fake accepted a post, before it answers: the worst moment.
      onPost: (_post, count) => {
        if (killAt.includes(count)) child?.kill('SIGKILL');
      },
    });
    await server.start();
    cleanups.push(() => server.close());
    const env = { STORE_URL: `sqlite://${file}`, CHAT_URL: server.url, NOW: `${DAY}T09:30:00Z` };

    const first = await runChild(env, (c) => (child = c));
    expect(first.signal).toBe('SIGKILL');
    // A post already on its way may still land as the process dies.
    expect(server.posts.length).toBeGreaterThanOrEqual(9);
    const second = await runChild(env, (c) => (child = c));
    expect(second.signal).toBe('SIGKILL');
    expect(server.posts.length).toBeGreaterThanOrEqual(27);
    const third = await runChild(env, (c) => (child = c));
    expect(third.out).toContain('done');
    expect(third.code).toBe(0);

    expect(server.duplicates()).toEqual([]);
    const top = papers.slice(0, 3).map((p) => p.id);
    for (let i = 0; i < CHANNELS; i++) {
      const mine = server.posts.filter((p) => p.channel === `C${i}`);
      expect(mine.filter((p) => p.kind === 'text'), JSON.stringify(server.posts.map((p) => [p.channel, p.kind, p.paperId]))).toHaveLength(1);
      expect(mine.filter((p) => p.paperId).map((p) => p.paperId).sort()).toEqual([...top].sort());
    }
    expect(server.posts).toHaveLength(CHANNELS * 4);

    const after = await openStores(`sqlite://${file}`, { logger: silentLogger() });
    cleanups.push(() => after.close());
    expect(await after.deliveries.unfinished()).toEqual([]);
    for (let i = 0; i < CHANNELS; i++) expect((await after.deliveries.get('slack', `C${i}`, DAY))?.status).toBe('done');
  }, 60_000);
});

describe('crash between preparing a digest and its time', () => {
  it('leaves intents that a restart neither posts early nor loses: at their time each goes out once', async () => {
    const { file, papers } = await seededStore(`${DAY}T08:58:00.000Z`);
    const server = new FakeChatServer();
    await server.start();
    cleanups.push(() => server.close());
    const env = { STORE_URL: `sqlite://${file}`, CHAT_URL: server.url };

    // The tick at 08:59 prepares the 09:00 digests (intents written, leases held), then the process dies.
    const first = await runChild({ ...env, NOW: `${DAY}T08:59:00Z`, PREPARE: '1' }, (c) => {
      c.stdout!.on('data', (chunk: Buffer) => {
        if (chunk.toString().includes('prepared')) c.kill('SIGKILL');
      });
    });
    expect(first.signal).toBe('SIGKILL');
    expect(first.out).toContain(`prepared ${CHANNELS}`);
    // Restarted before 09:00: the intents are there, not due, so nothing is posted.
    const early = await runChild({ ...env, NOW: `${DAY}T08:59:30Z` }, () => {});
    expect(early.out).toContain(`unfinished ${CHANNELS}`);
    expect(server.posts).toEqual([]);
    // Restarted after 09:00: every intent is delivered, once.
    const late = await runChild({ ...env, NOW: `${DAY}T09:00:20Z` }, () => {});
    expect(late.out).toContain('done');
    expect(server.duplicates()).toEqual([]);
    const top = papers.slice(0, 3).map((p) => p.id);
    for (let i = 0; i < CHANNELS; i++) expect(server.posts.filter((p) => p.channel === `C${i}` && p.paperId).map((p) => p.paperId)).toEqual(top);
    expect(server.posts).toHaveLength(CHANNELS * 4);
  }, 60_000);
});

/** Two processes on one real Redis (when REDIS_URL is set), started together: each digest once. */
const redisCases = process.env.REDIS_URL ? [process.env.REDIS_URL] : [];
describe.each(redisCases)('two processes on one Redis (%s)', (redisUrl) => {
  it('deliver every digest exactly once between them', async () => {
    const prefix = `paperboy-sched-test:${randomUUID()}:`;
    cleanups.push(() => dropRedisKeys(redisUrl, prefix));
    const stores = await openStores(redisUrl, { logger: silentLogger(), redisPrefix: prefix });
    cleanups.push(() => stores.close());
    await seedDay(stores, DAY, 5);
    for (let i = 0; i < CHANNELS * 2; i++) await stores.subscriptions.put(subscription('slack', `R${i}`));
    await stores.meta.set(LAST_TICK_KEY, `${DAY}T08:00:00.000Z`);
    const server = new FakeChatServer();
    await server.start();
    cleanups.push(() => server.close());
    // Leases of 3 s (renewed while held): on a loaded machine a process stalled past 0.6 s lost digests to the other;
    // and each waits for the other's digests before it checks that none is left unfinished.
    const env = { STORE_URL: redisUrl, REDIS_PREFIX: prefix, CHAT_URL: server.url, NOW: `${DAY}T09:30:00Z`, LEASE_TTL_MS: '3000', WAIT_MS: '30000' };
    const [a, b] = await Promise.all([runChild(env, () => {}), runChild(env, () => {})]);
    expect([a.code, b.code], `${a.out}\n${b.out}`).toEqual([0, 0]);
    expect(server.duplicates()).toEqual([]);
    expect(server.posts).toHaveLength(CHANNELS * 2 * 4);
    for (let i = 0; i < CHANNELS * 2; i++) expect((await stores.deliveries.get('slack', `R${i}`, DAY))?.status).toBe('done');
  }, 60_000);
});
