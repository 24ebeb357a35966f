// openStores: picks the backend from STORE_URL, creates the SQLite file, and explains unusable URLs.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { closedPort } from '../fakes/closed-port.ts';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { ConfigError } from '../../src/errors.ts';
import { silentLogger } from '../../src/logger.ts';
import { openStores } from '../../src/store/open-stores.ts';

const dir = mkdtempSync(path.join(os.tmpdir(), 'paperboy-open-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const logger = silentLogger();
/** A module of src/ by path, wherever the tests run from. */
const source = (file: string): string => fileURLToPath(new URL(`../../src/${file}`, import.meta.url));

describe('openStores', () => {
  it('creates the SQLite file and its directories on first run', async () => {
    const file = path.join(dir, 'nested', 'deeper', 'paperboy.sqlite');
    const stores = await openStores(`sqlite://${file}`, { logger });
    expect(existsSync(file)).toBe(true);
    expect(await stores.ping()).toBe(true);
    await stores.close();
    expect(await stores.ping()).toBe(false);
    await stores.close(); // twice is harmless
  });

  it('opens memory:// with nothing on disk', async () => {
    const stores = await openStores('memory://', { logger });
    await stores.meta.set('k', 1);
    expect(await stores.meta.get('k')).toBe(1);
    await stores.close();
  });

  it('rejects an unknown scheme, naming the accepted ones', async () => {
    const err = await openStores('postgres://db/x', { logger }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ConfigError);
    expect((err as Error).message).toMatch(/STORE_URL.*postgres.*sqlite:\/\/.*redis:\/\/.*memory:\/\//);
    await expect(openStores('./data/paperboy.sqlite', { logger })).rejects.toThrow(/STORE_URL/);
    await expect(openStores('sqlite://', { logger })).rejects.toThrow(/names no SQLite file/);
  });

  it('explains a SQLite path that cannot be opened', async () => {
    const asDir = path.join(dir, 'a-directory');
    mkdirSync(asDir);
    const err = await openStores(`sqlite://${asDir}`, { logger }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ConfigError);
    expect((err as Error).message).toContain(asDir);
  });

  it('says Redis is unreachable and what to do, without printing the password', async () => {
    const port = await closedPort();
    const err = await openStores(`redis://:hunter2@127.0.0.1:${port}`, { logger, connectTimeoutMs: 2000 }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ConfigError);
    const message = (err as Error).message;
    expect(message).toContain(`cannot reach Redis at redis://:***@127.0.0.1:${port}`);
    expect(message).toContain('ECONNREFUSED');
    expect(message).toMatch(/Start Redis/);
    expect(message).not.toContain('hunter2');
  });
});

describe('openStores and the Redis client', () => {
  // @redis/client defines a subclass of String, which slows every `s.charCodeAt(i)` loop in the process (see
  // open-stores.ts): only a Redis store may load it. A fresh process tells what an import brought in.
  it('loads the Redis client only for a Redis store', async () => {
    const script = `
      import { createRequire } from 'node:module';
      const { openStores } = await import(${JSON.stringify(source('store/open-stores.ts'))});
      const { silentLogger } = await import(${JSON.stringify(source('logger.ts'))});
      const redisLoaded = () => Object.keys(createRequire(import.meta.url).cache).some((k) => k.includes('@redis/client'));
      for (const url of ['memory://', 'sqlite://' + ${JSON.stringify(path.join(dir, 'lazy.sqlite'))}]) await (await openStores(url, { logger: silentLogger() })).close();
      const before = redisLoaded();
      await openStores('redis://127.0.0.1:' + process.env.CLOSED_PORT, { logger: silentLogger(), connectTimeoutMs: 500 }).catch(() => {});
      console.log(JSON.stringify({ before, after: redisLoaded() }));`;
    const run = spawnSync(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script], { encoding: 'utf8', env: { ...process.env, CLOSED_PORT: String(await closedPort()) } });
    expect(run.stderr).toBe('');
    // `after` shows that the check sees the client once a Redis store is asked for.
    expect(JSON.parse(run.stdout.trim().split('\n').at(-1)!)).toEqual({ before: false, after: true });
  });
});
