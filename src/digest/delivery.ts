// Delivering a channel's digest exactly once per (channel, day): lease, intent, each message, done.
//
// Unsure posts: before each message the record says `posting:<part>`; after it, the message id.
// A crash between the two leaves the record unsure whether that one message went out. On resume we
// check, in order: the delivery log (the channel's sent papers), then the
// channel's recent posts when the adapter can list them (ChannelHistory). When neither can tell,
// the `unsure` policy decides: 'at-most-once' (default: a paper is never posted twice, at the cost
// of possibly one missing message, logged) or 'at-least-once' (post it again).
// The intent (the papers chosen) is written together with `posting:<first part>`: one write fewer
// before a digest's first post, so after a crash right after it the first part (the header) is
// unsure like any other, and the channel's history (Slack, Discord) tells whether it went out.
import type { DeliveryOutcome } from '../app-services.ts';
import { channelKey, type ChannelRef, type Platform, type PartialPostError, type PostedMessage } from '../chat.ts';
import type { DeliveryRecord, Subscription } from '../store/stores.ts';
import type { PaperCard } from '../views.ts';
import { createPacer } from '../schedule/pacer.ts';
import { localDay } from '../schedule/due.ts';
import { ChannelUnavailableError } from '../errors.ts';
import { both, closesDay, reopened, createLease, digestParts, DigestStopped, isPosted, LeaseLostError, papersPosted, SettingsChanged, sleep, type HeldLease, type Part } from './delivery-parts.ts';
import { createCandidates, resolveUnsure } from './delivery-checks.ts';
import { LEASE_HELD, NOT_SERVED, STORE_DOWN, type DeliveryDeps, type DeliveryService, type DeliveryTarget, type PreparedDelivery } from './delivery-api.ts';

export { lookback, emptyText } from './delivery-parts.ts';
export * from './delivery-api.ts';
export type { ChannelHistory } from './delivery-checks.ts';

/** The outcome reason when Hugging Face stayed down and no stored listing had papers. */
const HF_DOWN = 'Hugging Face is not answering right now; try again in a few minutes';

/** A prepared delivery as the service keeps it. */
interface Ready extends PreparedDelivery {
  channel: string;
  /** The subscription as prepared: if it differs at delivery, the papers are chosen again. */
  sub: Subscription;
  held: HeldLease;
  /** The intent as written, its parts, and the first part (announced in it). */
  intent: Intent;
  /** An on-demand digest ran in the channel since: what it posted may be among its papers. */
  stale: boolean;
}

/** A new delivery record (status intent) with the parts it posts. */
interface Intent {
  rec: DeliveryRecord;
  parts: Part[];
  /** The part the record says is being posted (`posting:<first>`), if any. */
  first?: string;
}

/** Build the delivery service. */
export function createDeliveryService(deps: DeliveryDeps): DeliveryService {
  const { stores, logger, clock, config, metrics } = deps;
  const o = { leaseTtlMs: 60_000, retryBaseMs: 30_000, retryMaxMs: 600_000, nowDeadlineMs: 20_000, unsure: 'at-most-once' as const, listingTtlMs: 600_000, ...deps.options };
  const pacer = deps.pacer ?? createPacer({ limits: (p) => deps.adapters.get(p)?.limits, onRateLimited: (platform) => metrics?.rateLimited.inc({ platform }) });
  const lease = createLease(stores.meta, o.leaseTtlMs, logger);
  const now = () => clock.now();
  const backoff = (attempt: number) => Math.min(o.retryMaxMs, o.retryBaseMs * 2 ** attempt);

  const candidates = createCandidates({ ...deps, retry: { backoff, listingTtlMs: o.listingTtlMs } });

  /**
   * Post the parts not yet posted; mutates and persists `rec` as it goes. One write per message:
   * the record that holds a message's id also says which part is posted next (`posting:<part>`);
   * the last part's id is left for the caller's final write. A persisted record carries its
   * messages' links to their papers (DeliveryLog.put); an on-demand digest records them one by one.
   */
  const postParts = async (
    sub: Subscription,
    rec: DeliveryRecord,
    parts: Part[],
    deadline: number,
    persist: boolean,
    announcedFirst: string | undefined,
    held: HeldLease,
    beforeRetry?: () => Promise<void>,
  ) => {
    const adapter = deps.adapters.get(sub.platform);
    if (!adapter) throw new Error(`no ${sub.platform} adapter is running`);
    const save = async () => {
      rec.updatedAt = now().toISOString();
      if (persist) await stores.deliveries.put(rec);
    };
    let posted = 0;
    /** The part this run has written `posting:<part>` for (not unsure: it has not been tried yet). */
    let announced = announcedFirst;
    for (const [i, part] of parts.entries()) {
      if (isPosted(rec, part)) continue;
      // Checked before a part is announced too: announced and never tried, it would be taken for unsure by whoever finishes.
      if (held.lost) throw new LeaseLostError(held.key);
      if (announced !== part.key) {
        if (rec.reason === `posting:${part.key}` && (await resolveUnsure({ stores, logger, unsure: o.unsure }, sub, rec, part, adapter))) {
          await save();
          continue;
        }
        rec.status = 'posting';
        rec.reason = `posting:${part.key}`;
        await save();
      }
      let msgs: PostedMessage[] | undefined;
      for (let attempt = 0; !msgs; attempt++) {
        // Another process may have taken the digest over (this one stalled past its lease): it posts the rest.
        if (held.lost) throw new LeaseLostError(held.key);
        try {
          msgs = await pacer.send(sub.platform, sub.channelId, () => adapter.post(sub.channelId, part.view));
        } catch (err) {
          const partial = (err as PartialPostError).posted;
          if (partial?.length) msgs = partial;
          else {
            if (err instanceof ChannelUnavailableError) throw err;
            const wait = backoff(attempt);
            if (now().getTime() + wait > deadline) throw err;
            logger.warn({ channel: `${sub.platform}:${sub.channelId}`, part: part.key, waitMs: wait, err: (err as Error).message }, 'post failed; retrying');
            await sleep(wait);
            // The adapter gave up after its own retries (Slack checks its history first, Discord
            // sends a nonce); if the channel can be read, make sure it did not land before posting again.
            if (await resolveUnsure({ stores, logger, unsure: 'at-least-once' }, sub, rec, part, adapter)) break;
            await beforeRetry?.();
          }
        }
      }
      for (const m of msgs ?? []) {
        if (part.paperId && !persist) await stores.deliveries.recordMessage(sub.platform, sub.channelId, m.messageId, part.paperId);
        rec.messages.push({ messageId: m.messageId, ...(part.paperId ? { paperId: part.paperId } : {}) });
      }
      if (part.paperId) posted++;
      const next = parts.slice(i + 1).find((p) => !isPosted(rec, p));
      rec.status = 'posting';
      // The message is recorded either way; the next part is announced only if this run will go on to post it.
      const going = next && !held.lost ? next : undefined;
      rec.reason = going ? `posting:${going.key}` : undefined;
      announced = going?.key;
      if (next) await save();
    }
    if (posted) metrics?.papersPosted.inc({ platform: sub.platform }, posted);
    return papersPosted(rec);
  };

  const pause = async (sub: Subscription, reason: string) => {
    const current = await stores.subscriptions.get(sub.platform, sub.channelId);
    if (current) await stores.subscriptions.put({ ...current, paused: { reason, at: now().toISOString() }, updatedAt: now().toISOString() });
    logger.warn({ channel: `${sub.platform}:${sub.channelId}`, reason }, 'channel cannot take posts; subscription paused');
  };

  const defaults = (ref: ChannelRef): Subscription => ({
    ...ref,
    topics: [],
    time: config.digest.time,
    timezone: config.digest.timezone,
    days: [1, 2, 3, 4, 5],
    size: config.digest.size,
    quiet: false,
    createdAt: now().toISOString(),
    updatedAt: now().toISOString(),
  });
  const subscriptionOf = async (t: DeliveryTarget) => ('topics' in t ? t : await stores.subscriptions.get(t.platform, t.channelId));

  /** The channel's subscription as stored now; DigestStopped when it is gone or paused. */
  const subscribedNow = async (sub: Subscription): Promise<Subscription> => {
    // The store unreachable for a moment: go on with what was read before rather than fail the retry for it.
    const fresh = await stores.subscriptions.get(sub.platform, sub.channelId).catch(() => sub);
    if (!fresh) throw new DigestStopped('unsubscribed');
    if (fresh.paused) throw new DigestStopped(`paused (${fresh.paused.reason})`);
    return fresh;
  };
  /** Whether two subscriptions pick the same papers (their topics and size agree). */
  const samePicks = (a: Subscription, b: Subscription) => a.size === b.size && a.topics.join('\n') === b.topics.join('\n');

  const leaseKey = (sub: Subscription, day: string) => `lease:delivery:${channelKey(sub)}:${day}`;
  /**
   * The channel's lease, whatever the day: held while a delivery picks its papers until they are visible to the
   * channel's other deliveries. A scheduled one writes them in its intent, so it holds this lease only that long;
   * an on-demand one writes no intent (each paper is recorded as it goes out), so it holds it until it is done.
   */
  const channelLeaseKey = (sub: Subscription) => `lease:channel:${channelKey(sub)}`;
  /** Prepared deliveries not yet delivered or cancelled, by channel. */
  const prepared = new Map<string, Ready>();

  /**
   * Pick a scheduled delivery's papers and write its intent under the channel's lease; undefined when another
   * delivery to the channel holds it (it is picking, or posting on demand).
   */
  const chooseAndWrite = async (sub: Subscription, day: string, fresh: boolean, days: string[] | undefined, dueAt?: Date): Promise<Intent | 'failed' | undefined> => {
    const choosing = await lease.acquire(channelLeaseKey(sub));
    if (!choosing) return undefined;
    try {
      const cards = await candidates.pick(sub, day, days, day);
      if (!cards.length && !fresh) {
        await stores.deliveries.put(record(sub, day, 'failed', [], 'Hugging Face unavailable'));
        return 'failed';
      }
      const intent = await intentOf(sub, day, cards, dueAt);
      await stores.deliveries.put(intent.rec);
      return intent;
    } finally {
      await choosing.release();
    }
  };

  /**
   * Run one delivery under its lease (taken here, or held since `ready` was prepared); every
   * failure ends as an outcome, never a throw.
   */
  const run = async (sub: Subscription, day: string, scheduledAt: Date | undefined, onDemand: boolean, days?: string[], ready?: Ready): Promise<DeliveryOutcome> => {
    const channel = channelKey(sub);
    // Made when first used, at the end: a fan-out's first posts go out before a thousand loggers are built.
    const log = () => logger.child({ channel, day, onDemand });
    const busy: DeliveryOutcome = onDemand ? { status: 'skipped', posted: 0, reason: 'a digest is being posted here right now' } : { status: 'skipped', posted: 0, reason: LEASE_HELD };
    // On demand takes the lease of the channel's current day, so that it does not run beside that day's scheduled
    // digest (a scheduled delivery is then retried later by the scheduler: LEASE_HELD), and the channel's lease
    // until it is done (it never writes what it picked, so a digest of another day must not pick meanwhile).
    let dayLease: HeldLease | undefined;
    let channelLease: HeldLease | undefined;
    try {
      dayLease = ready?.held ?? (await lease.acquire(leaseKey(sub, onDemand ? localDay(now(), sub.timezone) : day)));
      if (!dayLease) return busy;
      channelLease = onDemand ? await lease.acquire(channelLeaseKey(sub)) : undefined;
    } catch (err) {
      // The store failed between the two: the day's lease is given back (renewed, it would hold the day for good).
      await dayLease?.release().catch(() => undefined);
      log().warn({ err }, 'could not take the digest lease; the store did not answer');
      return { status: 'failed', posted: 0, reason: STORE_DOWN };
    }
    if (onDemand && !channelLease) {
      await dayLease.release();
      return busy;
    }
    const held = channelLease ? both(dayLease, channelLease) : dayLease;
    // What a digest prepared for this channel chose may now be sent here: it chooses again.
    const stale = onDemand && prepared.get(channel);
    if (stale) stale.stale = true;
    let rec: DeliveryRecord | undefined;
    /** The subscription as last read: a scheduled delivery reads it again before each retry. */
    let current = sub;
    /** A prepared intent still to be posted as written (undefined once the papers are chosen again). */
    let readyIntent = ready && !ready.stale && (ready.sub === sub || JSON.stringify(ready.sub) === JSON.stringify(sub)) ? ready.intent : undefined;
    /** The record in the store holds an intent that must not be posted (chosen for other settings). */
    let replacing = Boolean(ready && !readyIntent);
    try {
      // A prepared delivery read the record under the lease it still holds: nobody wrote it since.
      rec = onDemand || ready ? undefined : await stores.deliveries.get(sub.platform, sub.channelId, day);
      if (rec && closesDay(rec, sub)) return { status: rec.status === 'done' || rec.status === 'empty' ? rec.status : 'skipped', posted: 0, reason: `already ${rec.status}` };
      if (rec && reopened(rec, sub)) rec = undefined;
      const start = (scheduledAt ?? now()).getTime();
      const deadline = onDemand ? now().getTime() + o.nowDeadlineMs : start + config.digest.graceMs;
      // A scheduled delivery may wait hours between tries (Hugging Face down, a channel refusing posts): before each
      // retry it reads the subscription again, so that a channel that unsubscribed or paused meanwhile gets nothing
      // more, and one whose topics or size changed gets papers chosen for them, unless some were posted already.
      const recheck = onDemand
        ? undefined
        : async () => {
            const before = current;
            current = await subscribedNow(current);
            if (!samePicks(before, current) && rec && !rec.messages.length) throw new SettingsChanged();
          };
      let posted = 0;
      for (;;) {
        let parts: Part[];
        let first: string | undefined;
        if (rec) {
          parts = await digestParts(stores, current, rec);
          if (!rec.paperIds.length && current.quiet) parts.length = 0;
        } else if (readyIntent) {
          // Written when prepared, and nothing changed since: post at once.
          ({ rec, parts, first } = readyIntent);
        } else {
          const fresh = await candidates.fetch(current, day, deadline, days, recheck);
          if (onDemand) {
            const cards = await candidates.pick(current, day, days, undefined);
            if (!cards.length && !fresh) return { status: 'failed', posted: 0, reason: HF_DOWN };
            ({ rec, parts, first } = await intentOf(current, day, cards));
          } else {
            const intent = await chooseAndWrite(current, day, fresh, days);
            if (intent === 'failed') return { status: 'failed', posted: 0, reason: HF_DOWN };
            if (!intent) {
              // The intent chosen for other settings must not be posted by the retry: it chooses afresh.
              if (replacing) await stores.deliveries.remove(sub.platform, sub.channelId, day);
              return busy;
            }
            ({ rec, parts, first } = intent);
          }
        }
        try {
          posted = await postParts(current, rec, parts, deadline, !onDemand, first, held, recheck);
          break;
        } catch (err) {
          if (!(err instanceof SettingsChanged)) throw err;
          log().info('the channel changed its topics or size while its digest waited to retry; choosing its papers again');
          rec = undefined;
          readyIntent = undefined;
          replacing = true;
        }
      }
      rec.status = rec.paperIds.length ? 'done' : 'empty';
      rec.reason = undefined;
      rec.updatedAt = now().toISOString();
      if (!onDemand) await stores.deliveries.put(rec);
      if (rec.status === 'done') metrics?.digestsSent.inc({ platform: sub.platform });
      log().info({ status: rec.status, papers: posted }, 'digest delivered');
      return { status: rec.status, posted };
    } catch (err) {
      if (err instanceof ChannelUnavailableError) {
        await pause(sub, err.reason).catch((e: unknown) => log().error({ err: e }, 'could not pause'));
        if (rec && !onDemand) await stores.deliveries.put({ ...rec, status: 'failed', reason: `channel unavailable: ${err.message}`, updatedAt: now().toISOString() }).catch(() => {});
        return { status: 'failed', posted: 0, reason: `this channel cannot take posts (${err.reason})` };
      }
      if (err instanceof DigestStopped) {
        const reason = `${err.message} while the digest waited to retry`;
        if (rec) await stores.deliveries.put({ ...rec, status: 'skipped', reason, updatedAt: now().toISOString() }).catch(() => {});
        log().info({ reason: err.message, papersPosted: rec ? papersPosted(rec) : 0 }, 'digest stopped: the channel unsubscribed or paused while it waited to retry');
        return { status: 'skipped', posted: 0, reason };
      }
      if (err instanceof LeaseLostError) {
        log().warn({ err: err.message }, 'digest stopped: its lease was lost, and whoever holds it now finishes it');
        return { status: 'failed', posted: 0, reason: err.message };
      }
      log().error({ err }, 'digest delivery failed; it stays unfinished and is resumed later');
      return { status: 'failed', posted: 0, reason: err instanceof Error ? err.message : String(err) };
    } finally {
      await held.release();
    }
  };

  /** A new record for the chosen cards; it also announces its first part (`posting:<first part>`): one write fewer before the first post. */
  const intentOf = async (sub: Subscription, day: string, cards: PaperCard[], dueAt?: Date): Promise<Intent> => {
    const rec: DeliveryRecord = { ...record(sub, day, 'intent', cards.map((c) => c.paper.id)), reasons: cards.map((c) => c.why ?? ''), ...(dueAt ? { dueAt: dueAt.toISOString() } : {}) };
    const parts = await digestParts(stores, sub, rec, cards);
    if (!rec.paperIds.length && sub.quiet) parts.length = 0;
    const first = parts[0]?.key;
    if (first) rec.reason = `posting:${first}`;
    return { rec, parts, first };
  };

  const record = (sub: Subscription, day: string, status: DeliveryRecord['status'], paperIds: string[], reason?: string): DeliveryRecord => ({
    platform: sub.platform,
    channelId: sub.channelId,
    day,
    status,
    paperIds,
    messages: [],
    ...(reason ? { reason } : {}),
    startedAt: now().toISOString(),
    updatedAt: now().toISOString(),
  });

  /** The service's side of a prepared delivery, once (undefined when cancelled, taken, or for another digest). */
  const take = (p: PreparedDelivery | undefined, ref: ChannelRef, day: string): Ready | undefined => {
    const ready = p as Ready | undefined;
    if (!ready || prepared.get(ready.channel) !== ready) return undefined;
    prepared.delete(ready.channel);
    if (ready.channel === channelKey(ref) && ready.day === day) return ready;
    void drop(ready);
    return undefined;
  };

  /** A prepared delivery that will not be delivered: its intent removed, its lease given back. */
  const drop = async (ready: Ready) => {
    const { platform, channelId } = ready.sub;
    await stores.deliveries.remove(platform, channelId, ready.day).catch((err: unknown) => logger.warn({ channel: ready.channel, day: ready.day, err }, 'could not remove the intent of a cancelled digest'));
    await ready.held.release();
  };

  const serves = (platform: Platform, channel?: ChannelRef): boolean => {
    const adapter = deps.adapters.get(platform);
    return Boolean(adapter && (!channel || !adapter.servesChannel || adapter.servesChannel(channel)));
  };

  const service: DeliveryService = {
    pacer,
    serves,
    async deliver(target, day, opts = {}) {
      const ready = take(opts.prepared, target, day);
      const skip = async (reason: string): Promise<DeliveryOutcome> => {
        if (ready) await drop(ready);
        return { status: 'skipped', posted: 0, reason };
      };
      if (!deps.adapters.has(target.platform)) return skip(`no ${target.platform} connection in this process`);
      const sub = await subscriptionOf(target).catch(() => undefined);
      if (opts.now) {
        if (ready) await drop(ready);
        return run(sub ?? defaults(target as ChannelRef), day, undefined, true);
      }
      if (!sub) return skip('not subscribed');
      if (!serves(sub.platform, sub)) return skip(NOT_SERVED);
      if (sub.paused) return skip(`paused: ${sub.paused.reason}`);
      return run(sub, day, opts.scheduledAt, false, undefined, ready);
    },
    async prepare(sub, day, dueAt) {
      const channel = channelKey(sub);
      if (prepared.has(channel) || !serves(sub.platform, sub) || sub.paused) return undefined;
      const held = await lease.acquire(leaseKey(sub, day));
      if (!held) return undefined;
      try {
        const rec = await stores.deliveries.get(sub.platform, sub.channelId, day);
        const listed = (!rec || reopened(rec, sub)) && (await candidates.fetchOnce(sub, day));
        const intent = listed ? await chooseAndWrite(sub, day, true, undefined, dueAt) : undefined;
        if (!intent || intent === 'failed') {
          await held.release();
          return undefined;
        }
        const ready: Ready = {
          channel,
          day,
          sub,
          held,
          intent,
          stale: false,
          async cancel() {
            if (prepared.get(channel) !== ready) return;
            prepared.delete(channel);
            await drop(ready);
          },
        };
        prepared.set(channel, ready);
        return ready;
      } catch (err) {
        logger.warn({ channel, day, err: (err as Error).message }, 'could not prepare a digest; it will be delivered without');
        await held.release();
        return undefined;
      }
    },
    async deliverNow(ref, opts = {}) {
      if (!deps.adapters.has(ref.platform)) return { status: 'failed', posted: 0, reason: `no ${ref.platform} connection` };
      const sub = (await stores.subscriptions.get(ref.platform, ref.channelId).catch(() => undefined)) ?? defaults(ref);
      const day = opts.date ?? localDay(now(), sub.timezone);
      return run({ ...sub, quiet: false }, day, undefined, true, opts.date ? [opts.date] : undefined);
    },
    async resume(rec) {
      const sub = await stores.subscriptions.get(rec.platform, rec.channelId);
      // Left untouched for the process that serves the channel to finish.
      if (sub && !serves(sub.platform, sub)) return { status: 'skipped', posted: 0, reason: NOT_SERVED };
      if (!sub || sub.paused) {
        await stores.deliveries.put({ ...rec, status: 'skipped', reason: sub ? 'channel paused' : 'unsubscribed', updatedAt: now().toISOString() });
        return { status: 'skipped', posted: 0, reason: sub ? 'paused' : 'unsubscribed' };
      }
      return run(sub, rec.day, new Date(rec.startedAt), false);
    },
    async recordSkipped(sub, day, reason) {
      if (await stores.deliveries.get(sub.platform, sub.channelId, day)) return false;
      await stores.deliveries.put(record(sub, day, 'skipped', [], reason));
      return true;
    },
  };
  return service;
}
