// Opens the store named by STORE_URL (sqlite://…, redis://…, memory://) and builds every store on it.
import { ConfigError } from '../errors.ts';
import type { Logger } from '../logger.ts';
import type { Backend } from './backend.ts';
import { KeyvDeliveryLog } from './delivery-log.ts';
import { MemoryBackend } from './memory-backend.ts';
import { KeyvMetaStore } from './meta-store.ts';
import { KeyvPaperStore } from './paper-store.ts';
import { KeyvSaveStore } from './save-store.ts';
import { SqliteBackend } from './sqlite-backend.ts';
import type { Stores } from './stores.ts';
import { KeyvSubscriptionStore } from './subscription-store.ts';

/** Options for openStores. */
export interface OpenStoresOptions {
  logger: Logger;
  /** Redis only: prepended to every key (default `paperboy:`), so apps or test runs can share a server. */
  redisPrefix?: string;
  /** Redis only: how long to wait for the first connection (default 5 s). */
  connectTimeoutMs?: number;
  /** Redis only: how long a command waits for a lost connection to come back before it fails (default 5 s). */
  offlineTimeoutMs?: number;
}

/** Stores plus the backend under them (tests reach in to plant bad data). */
export interface KeyvStores extends Stores {
  readonly backend: Backend;
}

const USAGE =
  'use sqlite://<file> (e.g. sqlite://./data/paperboy.sqlite, the default), redis://[user:password@]host:port[/db] or memory://';

/**
 * Open the store at `storeUrl`. The SQLite file and its directory are created on first run.
 * Throws ConfigError, saying what to do, when the URL is malformed or the store cannot be reached.
 */
export async function openStores(storeUrl: string, options: OpenStoresOptions): Promise<KeyvStores> {
  const { logger } = options;
  const url = storeUrl.trim();
  const scheme = /^([a-z][a-z0-9+.-]*):\/\//i.exec(url)?.[1]?.toLowerCase();
  let backend: Backend;
  if (scheme === 'memory') {
    backend = new MemoryBackend(logger);
  } else if (scheme === 'sqlite') {
    const file = url.slice('sqlite://'.length);
    if (!file) throw new ConfigError([`STORE_URL "${url}" names no SQLite file: ${USAGE}`]);
    backend = await SqliteBackend.open(file, logger);
  } else if (scheme === 'redis' || scheme === 'rediss') {
    // Loaded only for Redis: its client defines `class VerbatimString extends String`, and once String.prototype is
    // another object's prototype, V8 (Node 20) runs `s.charCodeAt(i)` loops about four times slower in the whole
    // process: the tokeniser, text hashes and word tables of the index on the main thread.
    const { RedisBackend } = await import('./redis-backend.ts');
    backend = await RedisBackend.open(url, logger, {
      prefix: options.redisPrefix,
      connectTimeoutMs: options.connectTimeoutMs,
      offlineTimeoutMs: options.offlineTimeoutMs,
    });
  } else {
    throw new ConfigError([`STORE_URL has an unknown kind of store (${scheme ?? 'no scheme'}): ${USAGE}`]);
  }
  logger.debug({ store: scheme }, 'store opened');
  return storesOn(backend, logger);
}

/** Build every store on one backend. */
export function storesOn(backend: Backend, logger: Logger): KeyvStores {
  return {
    backend,
    papers: new KeyvPaperStore(backend, logger),
    subscriptions: new KeyvSubscriptionStore(backend, logger),
    saves: new KeyvSaveStore(backend, logger),
    deliveries: new KeyvDeliveryLog(backend, logger),
    meta: new KeyvMetaStore(backend),
    ping: () => backend.ping(),
    close: () => backend.close(),
  };
}
