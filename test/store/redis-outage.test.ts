// A Redis that goes away while paperboy runs: commands fail after a while instead of hanging, and work again once it is back.
// Runs where the Redis tests run (REDIS_URL set: CI installs redis-server), on a redis-server of its own that it kills.
import { spawn, type ChildProcess } from 'node:child_process';
import { afterEach, describe, expect, it } from 'vitest';
import { closedPort } from '../fakes/closed-port.ts';
import { openStores, type KeyvStores } from '../../src/store/open-stores.ts';
import { ConfigError } from '../../src/errors.ts';
import { captureLogger, subscription } from './store-cases.ts';

const cleanups: (() => unknown)[] = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

/** A redis-server of this test's own on `port`, answering PING. */
async function startRedis(port: number, ...args: string[]): Promise<ChildProcess> {
  const child = spawn('redis-server', ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no', ...args], { stdio: 'ignore' });
  cleanups.push(() => child.kill('SIGKILL'));
  const { createConnection } = await import('node:net');
  for (let i = 0; i < 100; i++) {
    const up = await new Promise<boolean>((resolve) => {
      const s = createConnection(port, '127.0.0.1', () => (s.end(), resolve(true))).on('error', () => resolve(false));
    });
    if (up) return child;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  throw new Error(`redis-server did not start on ${port}`);
}

const kill = (child: ChildProcess) => new Promise((resolve) => child.once('exit', resolve).kill('SIGKILL'));

/** Where the Redis suites run (REDIS_URL set: CI installs redis-server); elsewhere no test at all, as for the other Redis cases. */
const servers = process.env.REDIS_URL ? ['a redis-server of its own'] : [];

describe.each(servers)('a Redis outage (%s)', () => {
  it('fails reads and writes once the connection has been gone a while, then works again when Redis is back', async () => {
    const port = await closedPort();
    let redis = await startRedis(port);
    const { logger, lines } = captureLogger();
    const stores: KeyvStores = await openStores(`redis://127.0.0.1:${port}`, { logger, offlineTimeoutMs: 300 });
    cleanups.push(() => stores.close());
    await stores.subscriptions.put(subscription('C1'));

    await kill(redis);
    // Without the limit, both would wait in the client's queue until Redis came back: here, for ever.
    await expect(stores.subscriptions.get('slack', 'C1')).rejects.toThrow();
    await expect(stores.meta.set('k', 1)).rejects.toThrow();
    expect(lines.join('\n')).toMatch(/redis: connection lost, reconnecting/);

    redis = await startRedis(port);
    // Reconnecting takes up to the retry delay (at most 5 s): the first writes may still find it down.
    let written = false;
    for (let i = 0; i < 40 && !written; i++) written = await stores.meta.set('k', 2).then(() => true, () => new Promise((resolve) => setTimeout(() => resolve(false), 250)));
    expect(written).toBe(true);
    expect(await stores.meta.get('k')).toBe(2);
  }, 30_000);

  it('says at start-up that Redis wants a password (it opened, then every command failed with NOAUTH)', async () => {
    const port = await closedPort();
    await startRedis(port, '--requirepass', 'Zq8secret');
    const { logger } = captureLogger();
    for (const url of [`redis://127.0.0.1:${port}`, `redis://:wrong@127.0.0.1:${port}`]) {
      const err = await openStores(url, { logger }).catch((e: unknown) => e);
      expect(err).toBeInstanceOf(ConfigError);
      expect((err as Error).message).toMatch(/- STORE_URL: Redis at .* refused the password \((NOAUTH|WRONGPASS)[^)]*\)\. Put its password in the URL/);
      expect((err as Error).message).not.toContain('wrong@');
    }
    const ok = await openStores(`redis://:Zq8secret@127.0.0.1:${port}`, { logger });
    await ok.meta.set('k', 1);
    await ok.close();
  }, 30_000);
});
