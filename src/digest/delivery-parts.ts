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
  /** Whether the lease was lost while held (this process stalled past its life and another may have taken it). */
  readonly lost: boolean;
  release(): Promise<void>;
}

/** Two leases held as one: lost when either is, released together. */
export function both(a: HeldLease, b: HeldLease): HeldLease {
  return {
    key: a.key,
    get lost() {
      return a.lost || b.lost;
    },
    release: async () => {
      await Promise.all([a.release(), b.release()]);
    },
  };
}

/** A delivery stopped because its lease was lost: another process may be posting the digest now. */
export class LeaseLostError extends Error {
  constructor(key: string) {
    super(`lease ${key} was lost; another process may be posting this digest`);
    this.name = 'LeaseLostError';
  }
}

/**
 * Leases in the MetaStore (Redis: SET NX PX): the first caller gets it, renews it every third of
 * its life while it works, and frees it at the end; a crashed holder's lease runs out on its own.
 * Renewing and freeing touch the lease only while it is still the holder's (atomically on Redis and
 * SQLite); a holder that finds it lost says so in `lost`, and its delivery stops before its next post.
 */
export function createLease(meta: MetaStore, ttlMs: number, logger: Logger) {
  return {
    async acquire(key: string): Promise<HeldLease | undefined> {
      const token = randomUUID();
      /**
       * When the lease was last set (asked for, to err early), on both clocks: past `ttlMs` on either, it may have
       * run out (a stalled process). The monotonic clock catches a wall clock stepped back; the wall clock is the
       * one SQLite and the memory store expire leases by (a step forward ends the lease there, and another process
       * may take it), and Redis's keeps running while this machine is suspended. Erring early only stops a digest.
       */
      let setAt = { wall: Date.now(), mono: performance.now() };
      if (!(await meta.setIfAbsent(key, token, ttlMs))) return undefined;
      let lost = false;
      const renew = setInterval(() => {
        const asked = { wall: Date.now(), mono: performance.now() };
        meta
          .renewIfHolds(key, token, ttlMs)
          .then((held) => {
            if (held) setAt = asked;
            if (held || lost) return;
            lost = true;
            clearInterval(renew);
            logger.warn({ key }, 'lease lost while working; the delivery stops before its next post');
          })
          .catch((err: unknown) => logger.warn({ key, err }, 'could not renew a lease'));
      }, Math.max(10, Math.floor(ttlMs / 3)));
      renew.unref();
      return {
        key,
        get lost() {
          return lost || performance.now() - setAt.mono >= ttlMs || Date.now() - setAt.wall >= ttlMs;
        },
        async release() {
          clearInterval(renew);
          try {
            await meta.deleteIfHolds(key, token);
          } catch (err) {
            logger.warn({ key, err }, 'could not release a lease; it will expire');
          }
        },
      };
    },
  };
}

/** A scheduled delivery stopped before a retry: the channel unsubscribed or paused while it waited. */
export class DigestStopped extends Error {
  constructor(reason: string) {
    super(reason);
    this.name = 'DigestStopped';
  }
}

/** A scheduled delivery that has posted nothing yet found, before a retry, that the channel changed its topics or size. */
export class SettingsChanged extends Error {
  constructor() {
    super('the channel changed its topics or size; choosing again');
    this.name = 'SettingsChanged';
  }
}

/** The lookback window ending on `day`: `day`, the day before, … (`count` days). */
export function lookback(day: string, count: number): string[] {
  return Array.from({ length: Math.max(1, count) }, (_, i) => addDays(day, -i));
}

/**
 * Whether a (channel, day) record failed (the channel refused posts and was paused, Hugging Face stayed down) before
 * the subscription was last changed: subscribing again after a pause, the same day, gets that day's digest, chosen
 * afresh (the record is replaced).
 */
export function reopened(rec: DeliveryRecord, sub: Pick<Subscription, 'updatedAt'>): boolean {
  return rec.status === 'failed' && Date.parse(sub.updatedAt) > Date.parse(rec.updatedAt);
}

/** Whether a (channel, day) record ends that day's scheduled digest: not when unfinished (intent, posting) or reopened. */
export function closesDay(rec: DeliveryRecord, sub: Pick<Subscription, 'updatedAt'>): boolean {
  return rec.status !== 'intent' && rec.status !== 'posting' && !reopened(rec, sub);
}

/** One message of a delivery: the header, one paper, or the "nothing today" line. */
export interface Part {
  key: string;
  paperId?: string;
  view: View;
}

/** How many of a record's papers have gone out (its messages that carry a paper). */
export function papersPosted(rec: Pick<DeliveryRecord, 'messages'>): number {
  return rec.messages.filter((m) => m.paperId).length;
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
