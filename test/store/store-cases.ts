// The backends the store contract suite runs against, and sample records for it.
import { mkdtempSync, rmSync } from 'node:fs';
import { afterAll, afterEach, beforeEach } from 'vitest';
import os from 'node:os';
import path from 'node:path';
import { dropRedisKeys } from './redis-keys.ts';
import { createLogger, type Logger } from '../../src/logger.ts';
import { openStores, type KeyvStores } from '../../src/store/open-stores.ts';
import type { Paper } from '../../src/papers/paper.ts';
import type { DeliveryRecord, Save, Subscription } from '../../src/store/stores.ts';

/** A logger whose lines the test can read. */
export function captureLogger(): { logger: Logger; lines: string[] } {
  const lines: string[] = [];
  return { lines, logger: createLogger('warn', { write: (s: string) => void lines.push(s) }) };
}

/** One backend: `open(name)` opens (or reopens) the store called `name`. */
export interface StoreCase {
  name: string;
  /** Whether a store survives close + reopen, and two connections can share it. */
  persistent: boolean;
  open(name: string, logger: Logger): Promise<KeyvStores>;
  cleanup(): Promise<void>;
}

const dir = () => mkdtempSync(path.join(os.tmpdir(), 'paperboy-store-'));

function memoryCase(): StoreCase {
  return {
    name: 'memory',
    persistent: false,
    open: (_name, logger) => openStores('memory://', { logger }),
    cleanup: async () => undefined,
  };
}

function sqliteCase(): StoreCase {
  const root = dir();
  return {
    name: 'sqlite',
    persistent: true,
    open: (name, logger) => openStores(`sqlite://${path.join(root, `${name}.sqlite`)}`, { logger }),
    cleanup: async () => rmSync(root, { recursive: true, force: true }),
  };
}

function redisCase(url: string): StoreCase {
  const run = `paperboy-test-${process.pid}-${Date.now()}-${Math.random().toString(36).slice(2, 8)}:`;
  return {
    name: 'redis',
    persistent: true,
    open: (name, logger) => openStores(url, { logger, redisPrefix: `${run}${name}:` }),
    cleanup: () => dropRedisKeys(url, run),
  };
}

/** memory and SQLite always; Redis only when REDIS_URL is set (CI sets it). */
export function storeCases(): StoreCase[] {
  const cases = [memoryCase(), sqliteCase()];
  if (process.env.REDIS_URL) cases.push(redisCase(process.env.REDIS_URL));
  return cases;
}

export function paper(id: string, overrides: Partial<Paper> = {}): Paper {
  return {
    id,
    title: `Paper ${id}`,
    summary: `: starts with a colon, has "quotes" and <tags> & ünïcode — ${id}`,
    authors: ['Ada Lovelace', 'Alan Turing'],
    upvotes: 3,
    keywords: ['pruning'],
    listedOn: ['2025-01-06'],
    source: 'hf',
    updatedAt: '2025-01-06T10:00:00.000Z',
    ...overrides,
  };
}

export function subscription(channelId: string, overrides: Partial<Subscription> = {}): Subscription {
  return {
    platform: 'slack',
    channelId,
    topics: ['diffusion'],
    time: '09:00',
    timezone: 'Europe/Berlin',
    days: [1, 2, 3, 4, 5],
    size: 5,
    quiet: false,
    createdAt: '2025-01-06T10:00:00.000Z',
    updatedAt: '2025-01-06T10:00:00.000Z',
    ...overrides,
  };
}

export function save(paperId: string, at: string, overrides: Partial<Save> = {}): Save {
  return { platform: 'discord', channelId: 'C1', userId: 'U1', paperId, kind: 'save', at, ...overrides };
}

export function delivery(channelId: string, day: string, overrides: Partial<DeliveryRecord> = {}): DeliveryRecord {
  return {
    platform: 'slack',
    channelId,
    day,
    status: 'intent',
    paperIds: ['2501.00001', '2501.00002'],
    messages: [],
    startedAt: '2025-01-06T08:00:00.000Z',
    updatedAt: '2025-01-06T08:00:00.000Z',
    ...overrides,
  };
}

let counter = 0;

/**
 * Register hooks that give each test a fresh store of this backend (`ctx.stores`), with its log
 * lines in `ctx.lines`; `ctx.open()` opens another connection to the same store.
 */
export function useStore(c: StoreCase): { stores: KeyvStores; lines: string[]; open(): Promise<KeyvStores> } {
  const opened: KeyvStores[] = [];
  const ctx = {
    stores: undefined as unknown as KeyvStores,
    lines: [] as string[],
    name: '',
    async open() {
      const s = await c.open(ctx.name, captureLogger().logger);
      opened.push(s);
      return s;
    },
  };
  beforeEach(async () => {
    ctx.name = `t${++counter}`;
    const log = captureLogger();
    ctx.lines = log.lines;
    ctx.stores = await c.open(ctx.name, log.logger);
    opened.push(ctx.stores);
  });
  afterEach(async () => {
    await Promise.all(opened.splice(0).map((s) => s.close()));
  });
  afterAll(() => c.cleanup());
  return ctx;
}

/** Write a raw, unparseable (or oddly shaped) value straight into the backend under `key`. */
export async function plant(stores: KeyvStores, key: string, raw: string): Promise<void> {
  await (stores.backend.kv.store as { set(k: string, v: string): Promise<unknown> }).set(stores.backend.prefix + key, raw);
}
