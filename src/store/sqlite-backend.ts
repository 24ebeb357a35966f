// The embedded default backend: Keyv over @keyv/sqlite, one connection to one file.
//
// Durability: writes, deletes and set-if-absent claims are committed in groups (those that arrive
// during a commit share the next one: one statement, one transaction, one fsync), and the
// connection runs `journal_mode=WAL` with `synchronous=FULL`, so a write whose promise resolved is in the WAL and fsynced: it survives
// `kill -9` (and power loss). sqlite3's defaults (rollback journal, synchronous=FULL) are as durable;
// WAL makes each commit cheaper and lets readers run beside the writer.
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import KeyvSqlite from '@keyv/sqlite';
import { ConfigError } from '../errors.ts';
import type { Logger } from '../logger.ts';
import { Backend, type Entry } from './backend.ts';
import { envelope } from './envelope.ts';
import { GroupCommit } from './group-commit.ts';

const TABLE = 'keyv';
/**
 * Rows per page when scanning a key range (keyset pagination on the primary key). A page's rows stay
 * alive until it is read through, and the next page is read meanwhile: at 2,000 papers (4 MB of JSON)
 * they outlived the young generation, and a cold rebuild spent about 1.1 s of its main thread in
 * scavenges. Since pages are handed over whole, 500 still did for start-up from a snapshot (scavenges
 * 0.8 s against 0.24 s at 100); at 250 it starts 0.5 s sooner, and a cold rebuild is as fast.
 */
const PAGE = 250;
/** Entries per multi-row upsert statement. */
const BATCH = 2000;

/** The first string after every string starting with prefix (for `key < upper` ranges). */
function upperBound(prefix: string): string {
  return prefix.slice(0, -1) + String.fromCharCode(prefix.charCodeAt(prefix.length - 1) + 1);
}

type Row = { key: string; value: string };

/** `(?,?),(?,?),…` for n rows (kept for the sizes seen last). */
const placeholderCache = new Map<number, string>();
function placeholders(n: number): string {
  let s = placeholderCache.get(n);
  if (s === undefined) {
    if (placeholderCache.size > 64) placeholderCache.clear();
    s = Array.from({ length: n }, () => '(?,?)').join(',');
    placeholderCache.set(n, s);
  }
  return s;
}

/** A queued write: a value to store, or (null) a delete that learns whether the key was there. */
type Change = { key: string; value: string | null; existed?: boolean };
/** A queued set-if-absent: learns whether it took the key. */
type Claim = { key: string; value: string; won?: boolean };
/** A queued renewal (with the new envelope) or release of a lease by the holder of `token`: learns whether it still held it. */
type Hold = { key: string; token: string; value?: string; held?: boolean };
/** A queued read: learns the key's value. */
type Read = { key: string; value?: unknown };

/** SQLite through Keyv, with range scans, batch upserts and set-if-absent done in SQL. */
export class SqliteBackend extends Backend {
  /** Writes and deletes from every caller, committed in groups (see GroupCommit): SQLite's cost is the fsync per commit. */
  private readonly commits = new GroupCommit<Change>((rows) => this.apply(rows));
  /**
   * Reads of single keys, in groups too: a thousand deliveries reading their records at once make a
   * few `IN (…)` queries rather than a thousand queries queued on the one connection.
   */
  private readonly reads = new GroupCommit<Read>((rows) => this.readMany(rows));
  /** Set-if-absent claims (leases), in groups too: a thousand digests due at once take their leases in a few statements. */
  private readonly claims = new GroupCommit<Claim>((rows) => this.claim(rows));
  /** Lease renewals and releases by their holders, in groups too. */
  private readonly renewals = new GroupCommit<Hold>((rows) => this.renewHeld(rows));
  private readonly releases = new GroupCommit<Hold>((rows) => this.releaseHeld(rows));

  private constructor(
    private readonly adapter: KeyvSqlite,
    logger: Logger,
  ) {
    super(adapter, logger);
  }

  /** Open (creating the file and its directory when missing) the database at `file`. */
  static async open(file: string, logger: Logger): Promise<SqliteBackend> {
    try {
      if (file !== ':memory:') mkdirSync(path.dirname(path.resolve(file)), { recursive: true });
      const adapter = new KeyvSqlite({ uri: `sqlite://${file}`, busyTimeout: 10_000 });
      adapter.on('error', () => undefined); // the failure surfaces from the first query below
      await adapter.query('PRAGMA journal_mode=WAL');
      await adapter.query('PRAGMA synchronous=FULL');
      // Expired leases and bookkeeping are otherwise only dropped when read again.
      await adapter.query(
        `DELETE FROM ${TABLE} WHERE key >= 'meta:' AND key < 'meta;' AND json_valid(value)
           AND json_extract(value, '$.expires') < ?`,
        Date.now(),
      );
      return new SqliteBackend(adapter, logger);
    } catch (err) {
      const why = err instanceof Error ? err.message : String(err);
      throw new ConfigError([
        `STORE_URL: cannot open the SQLite store at ${path.resolve(file)} (${why}). ` +
          'Check that the directory is writable and the file is an SQLite database, or point STORE_URL elsewhere.',
      ]);
    }
  }

  private query(sql: string, ...params: unknown[]): Promise<Row[]> {
    return this.adapter.query(sql, ...params) as Promise<Row[]>;
  }

  protected async *scanRaw(fullPrefix: string): AsyncIterable<[string, string][]> {
    const upper = upperBound(fullPrefix);
    /** The page from `from` on (`>=`), or after it (`>`). */
    const page = (op: '>=' | '>', from: string) => this.query(`SELECT key, value FROM ${TABLE} WHERE key ${op} ? AND key < ? ORDER BY key LIMIT ?`, from, upper, PAGE);
    let rows = await page('>=', fullPrefix);
    for (;;) {
      // The next page is read (on libuv's thread pool) while the caller uses this one.
      const next = rows.length < PAGE ? undefined : page('>', rows[rows.length - 1].key);
      next?.catch(() => {}); // a caller that stops early never awaits it
      yield rows.map((row): [string, string] => [row.key, row.value]);
      if (!next) return;
      rows = await next;
    }
  }

  protected override async countRaw(fullPrefix: string): Promise<number> {
    const [row] = (await this.adapter.query(`SELECT COUNT(*) AS n FROM ${TABLE} WHERE key >= ? AND key < ?`, fullPrefix, upperBound(fullPrefix))) as { n: number }[];
    return Number(row?.n ?? 0);
  }

  /** Joins the next group of reads. */
  override async get(key: string): Promise<unknown> {
    const read: Read = { key: this.full(key) };
    await this.reads.write([read]);
    return this.clean(key, read.value);
  }

  private async readMany(reads: Read[]): Promise<void> {
    const keys = [...new Set(reads.map((r) => r.key))];
    const values = await this.readRaw(keys);
    const byKey = new Map(keys.map((k, i) => [k, values[i]]));
    for (const r of reads) r.value = byKey.get(r.key);
  }

  /** Entries join the next group commit. */
  override async setMany(entries: Entry[]): Promise<void> {
    if (entries.length) await this.commits.write(entries.map((e) => ({ key: this.full(e.key), value: envelope(e.value) })));
  }

  /** Members added, entries written and members removed in one group commit. */
  override async update(adds: [set: string, members: string[]][], entries: Entry[], removes: [set: string, members: string[]][] = []): Promise<void> {
    const changes: Change[] = [...adds.flatMap(([set, members]) => this.memberEntries(set, members)), ...entries].map((e) => ({ key: this.full(e.key), value: envelope(e.value) }));
    for (const [set, members] of removes) for (const e of this.memberEntries(set, members)) changes.push({ key: this.full(e.key), value: null });
    if (changes.length) await this.commits.write(changes);
  }

  protected override async write(fullKey: string, value: unknown, ttlMs?: number): Promise<void> {
    await this.commits.write([{ key: fullKey, value: envelope(value, ttlMs) }]);
  }

  /** In order with the writes queued before it (a delete never overtakes them), in the same group commits. */
  protected override async remove(fullKey: string): Promise<boolean> {
    const change: Change = { key: fullKey, value: null };
    await this.commits.write([change]);
    return change.existed === true;
  }

  /**
   * A group's changes: when no key comes twice, order cannot matter: one upsert, then one delete.
   * Otherwise in call order: each run of writes is one upsert, each run of deletes one delete.
   */
  private async apply(changes: Change[]): Promise<void> {
    if (new Set(changes.map((c) => c.key)).size === changes.length) {
      const writes = changes.filter((c) => c.value !== null);
      const deletes = changes.filter((c) => c.value === null);
      if (writes.length) await this.upsert(writes.map((c) => [c.key, c.value!]));
      if (deletes.length) await this.deleteRun(deletes);
      return;
    }
    for (let i = 0; i < changes.length; ) {
      const deleting = changes[i]!.value === null;
      let j = i;
      while (j < changes.length && (changes[j]!.value === null) === deleting) j++;
      const run = changes.slice(i, j);
      if (deleting) await this.deleteRun(run);
      else await this.upsert(run.map((c) => [c.key, c.value!]));
      i = j;
    }
  }

  /** One statement per BATCH keys; of two deletes of one key, only the first finds it. */
  private async deleteRun(run: Change[]): Promise<void> {
    const keys = [...new Set(run.map((c) => c.key))];
    const gone = new Set<string>();
    for (let i = 0; i < keys.length; i += BATCH) {
      const rows = await this.query(`DELETE FROM ${TABLE} WHERE key IN (SELECT value FROM json_each(?)) RETURNING key`, JSON.stringify(keys.slice(i, i + BATCH)));
      for (const r of rows) gone.add(r.key);
    }
    for (const c of run) c.existed = gone.delete(c.key);
  }

  /**
   * One upsert statement (one transaction, one fsync) per BATCH rows, its values bound as parameters
   * (2 × BATCH, under SQLite's 32,766): about half the main thread's time of passing them as one
   * JSON array for json_each (whose values are JSON already), and a third of the wall time. A key written twice keeps the later value.
   */
  private async upsert(rows: [string, string][]): Promise<void> {
    const latest = [...new Map(rows)];
    for (let i = 0; i < latest.length; i += BATCH) {
      const batch = latest.slice(i, i + BATCH);
      await this.query(
        `INSERT INTO ${TABLE} (key, value) VALUES ${placeholders(batch.length)}
           ON CONFLICT(key) DO UPDATE SET value = excluded.value`,
        ...batch.flat(),
      );
    }
  }

  /** Insert, or take over an expired or unreadable row; claims that arrive together share one statement. */
  async setIfAbsent(key: string, value: unknown, ttlMs: number): Promise<boolean> {
    const claim: Claim = { key: this.full(key), value: envelope(value, ttlMs) };
    await this.claims.write([claim]);
    return claim.won === true;
  }

  /**
   * One statement per BATCH claims, atomic across processes too: each key is inserted, or takes over
   * a row that has expired or cannot be read; RETURNING names the keys taken. Of two claims of one
   * key in a group, only the first can win.
   */
  private async claim(claims: Claim[]): Promise<void> {
    const first = new Map<string, Claim>();
    for (const c of claims) if (!first.has(c.key)) first.set(c.key, c);
    const unique = [...first.values()];
    for (let i = 0; i < unique.length; i += BATCH) {
      const rows = await this.query(
        `INSERT INTO ${TABLE} (key, value)
           SELECT json_extract(j.value, '$[0]'), json_extract(j.value, '$[1]') FROM json_each(?) AS j WHERE true
           ON CONFLICT(key) DO UPDATE SET value = excluded.value
           WHERE CASE WHEN json_valid(${TABLE}.value)
             THEN coalesce(json_extract(${TABLE}.value, '$.expires') < ?, 0) ELSE 1 END
           RETURNING key`,
        JSON.stringify(unique.slice(i, i + BATCH).map((c) => [c.key, c.value])),
        Date.now(),
      );
      for (const r of rows) first.get(r.key)!.won = true;
    }
  }

  /**
   * In groups, as claims are (a thousand prepared digests renew their leases together), one statement a group, so
   * atomic across processes on the file: a row is rewritten only while it holds the token, unexpired.
   */
  override async renewIfHolds(key: string, token: string, ttlMs: number): Promise<boolean> {
    const hold: Hold = { key: this.full(key), token, value: envelope(token, ttlMs) };
    await this.renewals.write([hold]);
    return hold.held === true;
  }

  /** In groups too; a row is deleted only while it holds the token, unexpired. */
  override async deleteIfHolds(key: string, token: string): Promise<boolean> {
    const hold: Hold = { key: this.full(key), token };
    await this.releases.write([hold]);
    return hold.held === true;
  }

  /** Mark which holds a statement touched (it returns their keys and tokens). */
  private static touched(holds: Hold[], rows: { key: string; token: string }[]): void {
    const done = new Set(rows.map((r) => `${r.key}\u0000${r.token}`));
    for (const h of holds) h.held = done.has(`${h.key}\u0000${h.token}`);
  }

  private async renewHeld(holds: Hold[]): Promise<void> {
    for (let i = 0; i < holds.length; i += BATCH) {
      const group = holds.slice(i, i + BATCH);
      const rows = (await this.adapter.query(
        `UPDATE ${TABLE} SET value = j.v
           FROM (SELECT json_extract(value, '$[0]') AS k, json_extract(value, '$[1]') AS t, json_extract(value, '$[2]') AS v FROM json_each(?)) AS j
           WHERE ${TABLE}.key = j.k AND json_valid(${TABLE}.value) AND json_extract(${TABLE}.value, '$.value') = j.t
             AND coalesce(json_extract(${TABLE}.value, '$.expires') >= ?, 1)
           RETURNING ${TABLE}.key AS key, json_extract(${TABLE}.value, '$.value') AS token`,
        JSON.stringify(group.map((h) => [h.key, h.token, h.value])),
        Date.now(),
      )) as { key: string; token: string }[];
      SqliteBackend.touched(group, rows);
    }
  }

  private async releaseHeld(holds: Hold[]): Promise<void> {
    for (let i = 0; i < holds.length; i += BATCH) {
      const group = holds.slice(i, i + BATCH);
      const rows = (await this.adapter.query(
        `DELETE FROM ${TABLE}
           WHERE (key, json_extract(value, '$.value')) IN (SELECT json_extract(value, '$[0]'), json_extract(value, '$[1]') FROM json_each(?))
             AND json_valid(value) AND coalesce(json_extract(value, '$.expires') >= ?, 1)
           RETURNING key, json_extract(value, '$.value') AS token`,
        JSON.stringify(group.map((h) => [h.key, h.token])),
        Date.now(),
      )) as { key: string; token: string }[];
      SqliteBackend.touched(group, rows);
    }
  }

  async ping(): Promise<boolean> {
    try {
      await this.query('SELECT 1');
      return true;
    } catch {
      return false;
    }
  }
}
