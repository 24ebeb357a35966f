// The pieces a delivery is made of: its lease, its lookback window, and its messages one by one.
import { randomUUID } from 'node:crypto';
import type { Logger } from '../logger.ts';
import type { DeliveryRecord, MetaStore, Stores, Subscription } from '../store/stores.ts';
import type { PaperCard, View } from '../views.ts';
import { addDays } from '../schedule/due.ts';

/** Wait `ms` (real time) without keeping the process alive for it (retry waits can be long). */
export const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms).unref());

/** A held lease; `release` stops renewing it and frees it if still ours. */
export interface HeldLease {
  readonly key: string;
  release(): Promise<void>;
}

/**
 * Leases in the MetaStore (Redis: SET NX PX): the first caller gets it, renews it every third of
 * its life while it works, and frees it at the end; a crashed holder's lease runs out on its own.
 */
export function createLease(meta: MetaStore, ttlMs: number, logger: Logger) {
  return {
    async acquire(key: string): Promise<HeldLease | undefined> {
      const token = randomUUID();
      if (!(await meta.setIfAbsent(key, token, ttlMs))) return undefined;
      const renew = setInterval(() => {
        meta
          .get<string>(key)
          .then((v) => (v === token ? meta.set(key, token, ttlMs) : logger.warn({ key }, 'lease lost while working')))
          .catch((err: unknown) => logger.warn({ key, err }, 'could not renew a lease'));
      }, Math.max(10, Math.floor(ttlMs / 3)));
      renew.unref();
      return {
        key,
        async release() {
          clearInterval(renew);
          try {
            if ((await meta.get<string>(key)) === token) await meta.delete(key);
          } catch (err) {
            logger.warn({ key, err }, 'could not release a lease; it will expire');
          }
        },
      };
    },
  };
}

/** The lookback window ending on `day`: `day`, the day before, … (`count` days). */
export function lookback(day: string, count: number): string[] {
  return Array.from({ length: Math.max(1, count) }, (_, i) => addDays(day, -i));
}

/** One message of a delivery: the header, one paper, or the "nothing today" line. */
export interface Part {
  key: string;
  paperId?: string;
  view: View;
}

/** Whether a part's message is already in the record. */
export function isPosted(rec: DeliveryRecord, part: Part): boolean {
  return rec.messages.some((m) => (part.paperId ? m.paperId === part.paperId : !m.paperId));
}

function headerText(day: string, topics: string[], count: number): string {
  const about = topics.length ? ` on ${topics.map((t) => `“${t}”`).join(', ')}` : '';
  return `📰 Papers for ${day}${about}: ${count} picked for this channel.`;
}

/** The "nothing today" line. */
export function emptyText(day: string, topics: string[]): string {
  return topics.length
    ? `No new papers on ${topics.map((t) => `“${t}”`).join(', ')} for ${day}.`
    : `No new papers for ${day}.`;
}

/**
 * A delivery's messages in order: a header, then one PaperView per paper, each posted (and
 * recorded) on its own so that a resumed delivery knows exactly what went out. Resuming, the
 * cards come back from the paper store in the recorded order, with the recorded reasons.
 */
export async function digestParts(stores: Stores, sub: Subscription, rec: DeliveryRecord, cards?: PaperCard[]): Promise<Part[]> {
  if (!rec.paperIds.length) return [{ key: 'empty', view: { kind: 'text', text: emptyText(rec.day, sub.topics) } }];
  if (!cards) {
    const stored = await stores.papers.getMany(rec.paperIds);
    cards = rec.paperIds.flatMap((id, i) => {
      const paper = stored.get(id);
      const why = rec.reasons?.[i];
      return paper ? [{ paper, rank: i + 1, ...(typeof why === 'string' && why ? { why } : {}) }] : [];
    });
  }
  const header: Part = { key: 'header', view: { kind: 'text', text: headerText(rec.day, sub.topics, cards.length) } };
  return [header, ...cards.map((card, i): Part => ({ key: card.paper.id, paperId: card.paper.id, view: { kind: 'paper', inDigest: true, card: { ...card, rank: card.rank ?? i + 1 } } }))];
}
