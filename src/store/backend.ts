// The key-value layer every store stands on: one Keyv over one connection, namespaces as key prefixes.
//
// Why one Keyv and explicit prefixes rather than one Keyv per namespace: Keyv writes its namespace onto
// the adapter object (`store.namespace = …`), so Keyv instances sharing an adapter overwrite each
// other's namespace (on Redis every key then lands under the last one; on SQLite `iterator()` and
// `clear()` pick the wrong rows). One adapter per namespace would instead open five SQLite
// connections to one file (lock contention, SQLITE_BUSY) or five Redis connections. So: one adapter,
// one Keyv with Keyv's own prefixing off, and keys written as `<namespace>:<id>` here.
import { Keyv } from 'keyv';
import { CORRUPT, EXPIRED, UNREADABLE, deserialize, liveValue, serialize } from './envelope.ts';
import type { Logger } from '../logger.ts';
import { KeyedMutex } from './keyed-mutex.ts';

/** One key and its value, for batch writes. */
export interface Entry {
  key: string;
  value: unknown;
}

/** Separates a set's name from a member in key-per-member sets (never in names or ids). */
const MEMBER_SEP = '\u001f';

const GET_CHUNK = 256;

/**
 * A namespaced key-value store with sets and an atomic set-if-absent. Writes to one key are applied
 * in call order (a per-key queue), whatever the driver does underneath.
 */
export abstract class Backend {
  readonly kv: Keyv;
  private readonly writes = new KeyedMutex();

  constructor(
    /** The Keyv storage adapter (a Map, KeyvSqlite or KeyvRedis). */
    adapter: unknown,
    protected readonly logger: Logger,
    /** Prepended to every key (lets several apps or test runs share one Redis). */
    readonly prefix = '',
  ) {
    this.kv = new Keyv(adapter as Map<string, string>, {
      namespace: undefined,
      useKeyPrefix: false,
      throwOnErrors: true,
      serialize,
      deserialize,
    });
    // Failed calls throw to their callers (throwOnErrors); connection trouble is logged once by the
    // backend. So Keyv's own error events (one per reconnect attempt) only go to debug.
    this.kv.on('error', (err: unknown) => this.logger.debug({ err }, 'store error event'));
  }

  protected full(key: string): string {
    return this.prefix + key;
  }

  protected clean(key: string, value: unknown): unknown {
    if (value !== CORRUPT) return value;
    this.logger.warn({ key }, UNREADABLE);
    return undefined;
  }

  /** The value at key; undefined when absent, expired or unreadable (logged). */
  async get(key: string): Promise<unknown> {
    return this.clean(key, await this.kv.get(this.full(key)));
  }

  /** Values for keys, in order (fetched in chunks: adapters match rows to keys in O(n²)). */
  async getMany(keys: string[]): Promise<unknown[]> {
    const values = await this.readRaw(keys.map((k) => this.full(k)));
    return values.map((v, i) => this.clean(keys[i]!, v));
  }

  /** Raw values for full keys, in order, in chunks of GET_CHUNK (unreadable ones as CORRUPT). */
  protected async readRaw(fullKeys: string[]): Promise<unknown[]> {
    const out: unknown[] = [];
    for (let i = 0; i < fullKeys.length; i += GET_CHUNK) out.push(...(await this.kv.getMany(fullKeys.slice(i, i + GET_CHUNK))));
    return out;
  }

  async set(key: string, value: unknown, ttlMs?: number): Promise<void> {
    await this.writes.run(key, () => this.write(this.full(key), value, ttlMs));
  }

  /** Write one row (under the key's queue); a backend may group writes. */
  protected async write(fullKey: string, value: unknown, ttlMs?: number): Promise<void> {
    await this.kv.set(fullKey, value, ttlMs);
  }

  /** Delete one row (under the key's queue); true when it existed. */
  protected remove(fullKey: string): Promise<boolean> {
    return this.kv.delete(fullKey);
  }

  /** Write many entries; a backend may do it in one statement. */
  async setMany(entries: Entry[]): Promise<void> {
    await Promise.all(entries.map((e) => this.set(e.key, e.value)));
  }

  async delete(key: string): Promise<boolean> {
    return this.writes.run(key, () => this.remove(this.full(key)));
  }

  /** Every live `[key without prefix, value]` whose key starts with prefix; unreadable ones are skipped. */
  async *scan(prefix: string): AsyncIterable<[string, unknown]> {
    const now = Date.now();
    for await (const page of this.scanText(prefix))
      for (const [key, raw] of page) {
        const stored = liveValue(raw, now);
        if (stored === EXPIRED) continue;
        const value = this.clean(prefix + key, stored);
        if (value !== undefined) yield [key, value];
      }
  }

  /**
   * Every `[key without prefix, stored text]` whose key starts with prefix, unparsed (see envelope.ts;
   * expired ones too), a page at a time: a bulk read pays for one await a page, not one a row.
   */
  async *scanText(prefix: string): AsyncIterable<[string, string][]> {
    const start = this.full(prefix);
    for await (const page of this.scanRaw(start)) {
      for (const row of page) row[0] = row[0].slice(start.length);
      yield page;
    }
  }

  /** How many rows have a key starting with prefix (expired ones too), when the backend can count them without reading them; else undefined. */
  async count(prefix: string): Promise<number | undefined> {
    return this.countRaw(this.full(prefix));
  }

  /** See `count` (default: cannot tell). */
  protected async countRaw(_fullPrefix: string): Promise<number | undefined> {
    return undefined;
  }

  /** Raw `[full key, stored string]` rows whose key starts with `fullPrefix`, in pages (fresh arrays: callers may change them). */
  protected abstract scanRaw(fullPrefix: string): AsyncIterable<[string, string][]>;

  /** Add members to a set (a set is an index: e.g. a channel's saves). */
  async setAdd(set: string, members: string[]): Promise<void> {
    await this.setMany(this.memberEntries(set, members));
  }

  /** The rows that hold a set's members here (backends with native sets do not use them). */
  protected memberEntries(set: string, members: string[]): Entry[] {
    return members.map((m) => ({ key: `sets:${set}${MEMBER_SEP}${m}`, value: 1 }));
  }

  /**
   * Add set members, write entries, then take members out of sets: a record after the index
   * entries that point at it, and out of an index once it is written. The SQLite backend does it
   * all in one group commit; the others in that order.
   */
  async update(adds: [set: string, members: string[]][], entries: Entry[], removes: [set: string, members: string[]][] = []): Promise<void> {
    await Promise.all(adds.map(([set, members]) => this.setAdd(set, members)));
    await this.setMany(entries);
    await Promise.all(removes.map(([set, members]) => this.setRemove(set, members)));
  }

  async setRemove(set: string, members: string[]): Promise<void> {
    await Promise.all(members.map((m) => this.delete(`sets:${set}${MEMBER_SEP}${m}`)));
  }

  async setMembers(set: string): Promise<string[]> {
    const members: string[] = [];
    for await (const [member] of this.scan(`sets:${set}${MEMBER_SEP}`)) members.push(member);
    return members;
  }

  /** Set key only when it is absent or expired; true when this call set it. */
  abstract setIfAbsent(key: string, value: unknown, ttlMs: number): Promise<boolean>;

  /**
   * Give `key` another `ttlMs` only while it still holds `token` (a lease its holder renews); true when it did.
   * Atomic on Redis and SQLite, where other processes take leases; here, for one process's memory store, a read
   * then a write.
   */
  async renewIfHolds(key: string, token: string, ttlMs: number): Promise<boolean> {
    if ((await this.get(key)) !== token) return false;
    await this.set(key, token, ttlMs);
    return true;
  }

  /** Delete `key` only while it still holds `token` (a lease its holder gives back); true when it did. Atomic as renewIfHolds. */
  async deleteIfHolds(key: string, token: string): Promise<boolean> {
    if ((await this.get(key)) !== token) return false;
    return this.delete(key);
  }

  /** Whether the backing store answers. */
  abstract ping(): Promise<boolean>;

  private closing?: Promise<void>;

  /** Close the connection; later calls wait for the first. */
  close(): Promise<void> {
    this.closing ??= this.disconnect();
    return this.closing;
  }

  protected async disconnect(): Promise<void> {
    await this.kv.disconnect();
  }
}
