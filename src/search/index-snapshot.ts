// The search index and ranking corpus saved to one file, so that a restart loads them instead of reading every paper into them again.
import { randomBytes } from 'node:crypto';
import { mkdir, readdir, readFile, rename, rm, stat, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { crc32 } from 'node:zlib';
import type { Paper } from '../papers/paper.ts';
import { paperTextHash } from '../papers/text-hash.ts';
import { KEPT_TERMS, type Corpus } from '../rank/corpus.ts';
import { BinaryReader, BinaryWriter } from './binary-codec.ts';
import { FIELD_BOOSTS, type SearchIndex } from './search-index.ts';

/** Bump when what the corpus or the index hold, or how text becomes terms, changes: older snapshots are then rebuilt. */
export const SNAPSHOT_FORMAT = 8;
const MAGIC = 'paperboy search snapshot';

/** Everything a snapshot must agree on to be used. */
const fingerprint = (corpus: Corpus): string => JSON.stringify({ format: SNAPSHOT_FORMAT, fields: corpus.fields, kept: KEPT_TERMS, boosts: FIELD_BOOSTS });

/** A paper's hash as the snapshot records it: its indexed text and its author names. */
export const indexedHash = (p: Paper): number => paperTextHash(p, { authors: true });

/** What a snapshot holds besides the corpus and index: each paper's `indexedHash` when it was indexed. */
export type IndexedHashes = Map<string, number>;

/**
 * Write corpus, index and hashes to `file`: to a temporary file first, renamed over `file` once
 * complete, so a reader (another process too) sees the old snapshot or the new one, never a part.
 */
export async function writeSnapshot(file: string, parts: { corpus: Corpus; index: SearchIndex; hashes: IndexedHashes }): Promise<number> {
  const w = new BinaryWriter();
  parts.corpus.writeTo(w);
  parts.index.writeTo(w);
  w.strings([...parts.hashes.keys()]);
  w.array(Uint32Array.from(parts.hashes.values()));
  const body = w.bytes();
  const header = Buffer.from(`${JSON.stringify({ magic: MAGIC, fingerprint: fingerprint(parts.corpus), length: body.length, crc: crc32(body) })}\n`);
  const tmp = `${file}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`;
  await mkdir(path.dirname(file), { recursive: true });
  try {
    await writeFile(tmp, Buffer.concat([header, body]));
    await rename(tmp, file);
  } catch (err) {
    await rm(tmp, { force: true });
    throw err;
  }
  // Housekeeping only: the snapshot is in place whatever happens here.
  await removeAbandoned(file).catch(() => undefined);
  return header.length + body.length;
}

/** Whether a process is running (one we may not signal is). */
function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** A temporary file untouched this long is no write in progress (a write takes seconds). */
const ABANDONED_AFTER_MS = 10 * 60_000;

/**
 * Remove the temporary files of writers that died mid-write (`kill -9`): each is as large as a snapshot. Only
 * those of no running process and untouched for ten minutes: a writer in another container, whose process ids
 * this one cannot see, is still writing its own.
 */
async function removeAbandoned(file: string): Promise<void> {
  const dir = path.dirname(file);
  const base = path.basename(file);
  for (const name of await readdir(dir).catch(() => [] as string[])) {
    const pid = name.startsWith(`${base}.`) ? /^\.(\d+)\.[0-9a-f]{8}\.tmp$/.exec(name.slice(base.length))?.[1] : undefined;
    if (pid === undefined || Number(pid) === process.pid || alive(Number(pid))) continue;
    const at = path.join(dir, name);
    if (Date.now() - (await stat(at)).mtimeMs < ABANDONED_AFTER_MS) continue;
    await rm(at, { force: true });
  }
}

/** Why a snapshot was not used. */
export type SnapshotMiss = 'missing' | 'other version' | 'corrupt';

/**
 * Read a snapshot for `corpus` and `index` and return the hashes it recorded, with `commit`, which
 * puts what it read in place of what they hold; or, touching neither, why it cannot be used.
 */
export async function readSnapshot(
  file: string,
  parts: { corpus: Corpus; index: SearchIndex },
): Promise<{ hashes: IndexedHashes; commit: () => void } | { miss: SnapshotMiss; error?: string }> {
  let buf: Buffer;
  try {
    buf = await readFile(file);
  } catch {
    return { miss: 'missing' };
  }
  const nl = buf.indexOf(10);
  let header: { magic?: string; fingerprint?: string; length?: number; crc?: number };
  try {
    header = JSON.parse(buf.subarray(0, nl < 0 ? 0 : nl).toString('utf8')) as typeof header;
  } catch {
    return { miss: 'corrupt', error: 'unreadable header' };
  }
  if (header.magic !== MAGIC) return { miss: 'corrupt', error: 'not a snapshot' };
  if (header.fingerprint !== fingerprint(parts.corpus)) return { miss: 'other version' };
  const body = buf.subarray(nl + 1);
  if (body.length !== header.length || crc32(body) !== header.crc) return { miss: 'corrupt', error: 'length or checksum differs' };
  try {
    const r = new BinaryReader(body);
    const corpus = parts.corpus.readFrom(r);
    const index = parts.index.readFrom(r);
    const ids = r.strings();
    const values = r.array(Uint32Array);
    if (ids.length !== values.length || !r.done) throw new Error('hashes do not match');
    const commit = (): void => {
      corpus();
      index();
    };
    return { hashes: new Map(ids.map((id, i) => [id, values[i]!])), commit };
  } catch (err) {
    return { miss: 'corrupt', error: (err as Error).message };
  }
}
