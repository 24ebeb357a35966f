// The in-memory backend (`memory://`): Keyv over a Map, for tests and benchmarks; nothing persists.
import type { Logger } from '../logger.ts';
import { Backend } from './backend.ts';
import { KeyedMutex } from './keyed-mutex.ts';

/** Keyv over a Map; sets are JS Sets. `setIfAbsent` is atomic within this process (the only one). */
export class MemoryBackend extends Backend {
  private readonly map: Map<string, string>;
  private readonly sets = new Map<string, Set<string>>();
  private readonly leases = new KeyedMutex();

  constructor(logger: Logger, map = new Map<string, string>()) {
    super(map, logger);
    this.map = map;
  }

  protected override async countRaw(fullPrefix: string): Promise<number> {
    let n = 0;
    for (const key of this.map.keys()) if (key.startsWith(fullPrefix)) n++;
    return n;
  }

  protected async *scanRaw(fullPrefix: string): AsyncIterable<[string, string][]> {
    yield [...this.map].filter(([key]) => key.startsWith(fullPrefix));
  }

  override async setAdd(set: string, members: string[]): Promise<void> {
    const s = this.sets.get(set) ?? new Set<string>();
    for (const m of members) s.add(m);
    this.sets.set(set, s);
  }

  override async setRemove(set: string, members: string[]): Promise<void> {
    const s = this.sets.get(set);
    for (const m of members) s?.delete(m);
  }

  override async setMembers(set: string): Promise<string[]> {
    return [...(this.sets.get(set) ?? [])];
  }

  async setIfAbsent(key: string, value: unknown, ttlMs: number): Promise<boolean> {
    return this.leases.run(key, async () => {
      if ((await this.get(key)) !== undefined) return false;
      await this.set(key, value, ttlMs);
      return true;
    });
  }

  async ping(): Promise<boolean> {
    return true;
  }
}
