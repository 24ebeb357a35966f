// Subscriptions in memory, bucketed by the minute they are next due: a tick reads only its minutes.
import type { Subscription } from '../store/stores.ts';
import { nextDue, type Occurrence } from './due.ts';

const MINUTE = 60_000;

/** One scheduled subscription and its next occurrence. */
export interface DueEntry {
  sub: Subscription;
  next: Occurrence;
}

/** `platform:channelId`. */
export const subKey = (s: Pick<Subscription, 'platform' | 'channelId'>) => `${s.platform}:${s.channelId}`;

/**
 * The index the scheduler ticks over. Finding what is due costs the due entries plus one map
 * lookup per minute elapsed, whatever the number of subscriptions.
 */
export class DueIndex {
  private readonly entries = new Map<string, DueEntry>();
  private readonly buckets = new Map<number, Set<string>>();

  get size(): number {
    return this.entries.size;
  }

  /** (Re)schedule a subscription at its first occurrence after `after`; paused ones are dropped. */
  set(sub: Subscription, after: Date): void {
    const key = subKey(sub);
    this.remove(key);
    if (sub.paused) return;
    const next = nextDue(sub, after);
    if (!next) return;
    this.entries.set(key, { sub, next });
    const minute = Math.floor(next.at.getTime() / MINUTE);
    let b = this.buckets.get(minute);
    if (!b) this.buckets.set(minute, (b = new Set()));
    b.add(key);
  }

  remove(key: string): void {
    const e = this.entries.get(key);
    if (!e) return;
    const minute = Math.floor(e.next.at.getTime() / MINUTE);
    const b = this.buckets.get(minute);
    b?.delete(key);
    if (b?.size === 0) this.buckets.delete(minute);
    this.entries.delete(key);
  }

  clear(): void {
    this.entries.clear();
    this.buckets.clear();
  }

  /** Every entry (start-up catch-up walks them all). */
  all(): DueEntry[] {
    return [...this.entries.values()];
  }

  /** Entries due in `(from - 1 min, horizon]`; after a long sleep (over 8 days) every bucket is read. */
  dueUpTo(from: number, horizon: number): DueEntry[] {
    const first = Math.floor(from / MINUTE) - 1;
    const last = Math.floor(horizon / MINUTE);
    const minutes = last - first > 8 * 24 * 60 ? [...this.buckets.keys()].filter((m) => m <= last) : Array.from({ length: last - first + 1 }, (_, i) => first + i);
    const due: DueEntry[] = [];
    for (const m of minutes) {
      for (const key of this.buckets.get(m) ?? []) {
        const e = this.entries.get(key)!;
        if (e.next.at.getTime() <= horizon) due.push(e);
      }
    }
    return due;
  }
}
