// The embedded default backend: Keyv over @keyv/sqlite, one connection to one file.
//
// Durability: writes are committed in groups (writes that arrive during a commit share the next
// one: one statement, one transaction), and the connection runs `journal_mode=WAL` with
// `synchronous=FULL`, so a write whose promise resolved is in the WAL and fsynced: it survives
// `kill -9` (and power loss). sqlite3's defaults (rollback journal, synchronous=FULL) are as durable;
// WAL makes each commit cheaper and lets readers run beside the writer.
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import KeyvSqlite from '@keyv/sqlite';
import { ConfigError } from '../errors.ts';
import type { Logger } from '../logger.ts';
import { Backend, envelope, type Entry } from './backend.ts';
import { GroupCommit } from './group-commit.ts';

const TABLE = 'keyv';
/** Rows per page when scanning a key range (keyset pagination on the primary key). */
const PAGE = 2000;
/** Entries per multi-row upsert statement. */
const BATCH = 2000;

/** The first string after every string starting with prefix (for `key < upper` ranges). */
function upperBound(prefix: string): string {
  return prefix.slice(0, -1) + String.fromCharCode(prefix.charCodeAt(prefix.length - 1) + 1);
}

type Row = { key: string; value: string };

/** SQLite through Keyv, with range scans, batch upserts and set-if-absent done in SQL. */
export class SqliteBackend extends Backend {
  /** Writes from every caller, committed in groups (see GroupCommit): SQLite's cost is the fsync per commit. */
  private readonly commits = new GroupCommit<[string, string]>((rows) => this.upsert(rows));

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

  protected async *scanRaw(fullPrefix: string): AsyncIterable<[string, string]> {
    const upper = upperBound(fullPrefix);
    let rows = await this.query(
      `SELECT key, value FROM ${TABLE} WHERE key >= ? AND key < ? ORDER BY key LIMIT ?`,
      fullPrefix,
      upper,
      PAGE,
    );
    for (;;) {
      for (const row of rows) yield [row.key, row.value];
      if (rows.length < PAGE) return;
      rows = await this.query(
        `SELECT key, value FROM ${TABLE} WHERE key > ? AND key < ? ORDER BY key LIMIT ?`,
        rows[rows.length - 1].key,
        upper,
        PAGE,
      );
    }
  }

  /** Entries join the next group commit. */
  override async setMany(entries: Entry[]): Promise<void> {
    if (entries.length) await this.commits.write(entries.map((e) => [this.full(e.key), envelope(e.value)]));
  }

  protected override async write(fullKey: string, value: unknown, ttlMs?: number): Promise<void> {
    await this.commits.write([[fullKey, envelope(value, ttlMs)]]);
  }

  /** After the writes queued before it, so a delete never overtakes them. */
  protected override async remove(fullKey: string): Promise<boolean> {
    await this.commits.write([]);
    return super.remove(fullKey);
  }

  /** One upsert statement (one transaction, one fsync) per BATCH rows; a key written twice keeps the later value. */
  private async upsert(rows: [string, string][]): Promise<void> {
    const latest = [...new Map(rows)];
    for (let i = 0; i < latest.length; i += BATCH) {
      await this.query(
        `INSERT INTO ${TABLE} (key, value)
           SELECT json_extract(j.value, '$[0]'), json_extract(j.value, '$[1]') FROM json_each(?) AS j WHERE true
           ON CONFLICT(key) DO UPDATE SET value = excluded.value`,
        JSON.stringify(latest.slice(i, i + BATCH)),
      );
    }
  }

  /** One statement: insert, or take over an expired or unreadable row. Atomic across processes too. */
  async setIfAbsent(key: string, value: unknown, ttlMs: number): Promise<boolean> {
    const rows = await this.query(
      `INSERT INTO ${TABLE} (key, value) VALUES (?, ?)
         ON CONFLICT(key) DO UPDATE SET value = excluded.value
         WHERE CASE WHEN json_valid(${TABLE}.value)
           THEN coalesce(json_extract(${TABLE}.value, '$.expires') < ?, 0) ELSE 1 END
         RETURNING key`,
      this.full(key),
      envelope(value, ttlMs),
      Date.now(),
    );
    return rows.length === 1;
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
