// Bookkeeping values and leases under `meta:<key>`.
import type { Backend } from './backend.ts';
import type { MetaStore } from './stores.ts';

/**
 * MetaStore on a Backend. `setIfAbsent` is the backend's atomic primitive: Redis `SET NX PX` (safe
 * across processes), one SQL upsert on SQLite (safe across processes on one file), a per-key lock
 * in memory (one process).
 */
export class KeyvMetaStore implements MetaStore {
  constructor(private readonly backend: Backend) {}

  async get<T>(key: string): Promise<T | undefined> {
    return (await this.backend.get(`meta:${key}`)) as T | undefined;
  }

  async set<T>(key: string, value: T, ttlMs?: number): Promise<void> {
    await this.backend.set(`meta:${key}`, value, ttlMs);
  }

  async delete(key: string): Promise<boolean> {
    return this.backend.delete(`meta:${key}`);
  }

  async setIfAbsent(key: string, value: string, ttlMs: number): Promise<boolean> {
    return this.backend.setIfAbsent(`meta:${key}`, value, ttlMs);
  }

  async renewIfHolds(key: string, token: string, ttlMs: number): Promise<boolean> {
    return this.backend.renewIfHolds(`meta:${key}`, token, ttlMs);
  }

  async deleteIfHolds(key: string, token: string): Promise<boolean> {
    return this.backend.deleteIfHolds(`meta:${key}`, token);
  }
}
