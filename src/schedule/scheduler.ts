// One cron tick a minute hands every due subscription to the delivery service; catch-up at start-up.
import { randomUUID } from 'node:crypto';
import cron, { type ScheduledTask } from 'node-cron';
import PQueue from 'p-queue';
import type { Clock, DeliveryOutcome } from '../app-services.ts';
import type { Platform } from '../chat.ts';
import type { Config } from '../config.ts';
import type { Logger } from '../logger.ts';
import type { Stores, Subscription } from '../store/stores.ts';
import { LEASE_HELD, STORE_DOWN, type DeliveryService, type PreparedDelivery } from '../digest/delivery.ts';
import { papersPosted, reopened } from '../digest/delivery-parts.ts';
import { occurrencesBetween, type Occurrence } from './due.ts';
import { DueIndex, subKey as keyOf } from './due-index.ts';
import { waitAtMost } from '../wait-at-most.ts';

export interface SchedulerOptions {
  /** Cron expression of the tick (default every minute). */
  cron?: string;
  /** Full reload of the subscriptions at least this often (default 5 min); `refresh` is immediate. */
  reloadEveryMs?: number;
  /** Look for unfinished deliveries (another process died) this often (default 15 min). */
  resumeEveryMs?: number;
  /** Deliveries running at once (default 5,000; the pacer keeps the platforms' limits). */
  concurrency?: number;
  /** Due this early still counts (cron may fire a hair before the minute; default 2 s). */
  toleranceMs?: number;
  /**
   * A delivery whose lease someone else holds is tried again after this long (default 30 s), within
   * the grace window: a process that died mid-delivery leaves its lease to expire.
   */
  leaseRetryMs?: number;
  /**
   * Prepare digests due within this long after a tick (default 1 min: the next tick's), so that
   * at their time they only write their intent and post (DeliveryService.prepare); 0: never.
   */
  prepareAheadMs?: number;
  /**
   * What this process schedules (its platforms, and its Discord shards): the last tick is remembered per scope,
   * so that a process serving some channels catches up on them even while another, serving others, kept ticking.
   */
  scope?: string;
}

export interface SchedulerDeps {
  stores: Stores;
  delivery: DeliveryService;
  logger: Logger;
  clock: Clock;
  config: Pick<Config, 'digest'>;
  options?: SchedulerOptions;
}

/** What one tick did. */
export interface TickResult {
  due: number;
  skipped: number;
  /** Digests due before the next tick, handed over to be prepared. */
  preparing: number;
}

export interface Scheduler {
  /** Load subscriptions, resume unfinished deliveries, catch up on missed ones, start ticking. */
  start(): Promise<void>;
  /**
   * Stop ticking and wait for running deliveries, at most `timeoutMs` (default 10 s): one still
   * retrying stays unfinished in the store and is resumed at the next start.
   */
  stop(timeoutMs?: number): Promise<void>;
  /** One tick (what cron runs each minute; tests call it with a fake clock). */
  tick(): Promise<TickResult>;
  /**
   * Start-up work alone: resume unfinished records; of the digests due since the last tick of a process with this
   * scope (at most 7 days back), a channel's latest less than DIGEST_GRACE late is delivered and its older ones
   * within the grace are skipped; those beyond it are skipped with a log line and a 'skipped' record (the latest per
   * channel; older ones are only counted).
   */
  catchUp(): Promise<{ resumed: number; delivered: number; skipped: number }>;
  /** A subscription changed (subscribe, unsubscribe, pause): update it here and in other processes. */
  refresh(platform: Platform, channelId: string): Promise<void>;
  /** Wait until every dispatched delivery has finished. */
  idle(): Promise<void>;
  /** Subscriptions scheduled (not paused). */
  readonly size: number;
}

const MINUTE = 60_000;
const VERSION_KEY = 'schedule:version';
/** When a process last ticked (suffixed with its scope, when it has one): start-up catches up on what fell due after it. */
export const LAST_TICK_KEY = 'schedule:last-tick';

/** Build the scheduler. Subscriptions live in memory, bucketed by the minute they are next due. */
export function createScheduler(deps: SchedulerDeps): Scheduler {
  const { stores, delivery, logger, clock, config } = deps;
  const o = { cron: '* * * * *', reloadEveryMs: 5 * MINUTE, resumeEveryMs: 15 * MINUTE, concurrency: 5000, toleranceMs: 2000, leaseRetryMs: 30_000, prepareAheadMs: MINUTE, ...deps.options };
  const index = new DueIndex();
  /** Deliveries handed over and not finished, with the instant each was due (Infinity: resumed). */
  const inFlight = new Map<string, number>();
  /** Digests being prepared or prepared, by id, with the instant each is due. */
  const ready = new Map<string, { due: number; prepared: Promise<PreparedDelivery | undefined> }>();
  const queue = new PQueue({ concurrency: o.concurrency });
  let task: ScheduledTask | undefined;
  let lastTick = clock.now().getTime();
  let lastReload = 0;
  let lastResume = 0;
  let version: string | undefined;
  const waiting = new Set<NodeJS.Timeout>();
  const lastTickKey = o.scope ? `${LAST_TICK_KEY}:${o.scope}` : LAST_TICK_KEY;
  /** Channels changed (refresh) while a reload reads the subscriptions: read again once it has. */
  let changedDuringReload: Map<string, { platform: Platform; channelId: string }> | undefined;

  /** Run `work` in the queue; when the lease was held elsewhere or the store did not answer, try again later (within `until`). */
  const enqueue = (id: string, due: number, until: number, work: () => Promise<DeliveryOutcome>, done: (o: DeliveryOutcome) => void): void => {
    inFlight.set(id, due);
    void queue
      .add(work)
      .then((outcome) => {
        // Another holder, or a store that did not answer: tried again later, while the digest is still in time.
        if ((outcome?.reason === LEASE_HELD || outcome?.reason === STORE_DOWN) && clock.now().getTime() + o.leaseRetryMs <= until) {
          const timer = setTimeout(() => {
            waiting.delete(timer);
            inFlight.delete(id);
            enqueue(id, due, until, work, done);
          }, o.leaseRetryMs);
          waiting.add(timer);
          return;
        }
        inFlight.delete(id);
        if (outcome) done(outcome);
      })
      .catch((err: unknown) => {
        inFlight.delete(id);
        logger.error({ err, id }, 'digest delivery crashed');
      });
  };

  /**
   * Remember how far digests are safely handed over: up to now, but not past one still running
   * (it may not have written its record yet), so a crash never hides a due digest from catch-up.
   */
  const saveLastTick = (now: number) => {
    let safe = now;
    for (const due of inFlight.values()) safe = Math.min(safe, due - 1);
    const at = new Date(safe).toISOString();
    // Any process's too: what a process with a scope not seen before (a platform added, shards regrouped) starts from.
    return Promise.all([stores.meta.set(lastTickKey, at), lastTickKey === LAST_TICK_KEY ? undefined : stores.meta.set(LAST_TICK_KEY, at)]);
  };

  const schedule = (sub: Subscription, after: Date) => {
    // Channels another process serves (a Discord guild on another shard) are its to deliver or skip.
    if (delivery.serves(sub.platform, sub)) index.set(sub, after);
    else index.remove(keyOf(sub));
  };

  const scheduleSafely = (sub: Subscription, after: Date) => {
    try {
      schedule(sub, after);
    } catch (err) {
      logger.warn({ channel: keyOf(sub), err: (err as Error).message }, 'subscription has an unusable schedule; ignored');
    }
  };

  const reload = async (after: Date) => {
    const changed = new Map<string, { platform: Platform; channelId: string }>();
    changedDuringReload = changed;
    try {
      const subs = await stores.subscriptions.list();
      index.clear();
      for (const sub of subs) scheduleSafely(sub, after);
      // A change that landed while the list was read may be missing from it (an unsubscribe would be undone): read those again.
      for (const [key, { platform, channelId }] of changed) {
        const sub = await stores.subscriptions.get(platform, channelId);
        if (sub) scheduleSafely(sub, after);
        else index.remove(key);
      }
    } finally {
      changedDuringReload = undefined;
    }
    lastReload = clock.now().getTime();
    logger.debug({ subscriptions: index.size }, 'subscriptions loaded');
  };

  /**
   * Hand one occurrence to the delivery service (once per process; the lease covers others). The
   * delivery re-reads the subscription, so one removed or paused since the index was loaded is not
   * posted, unless `current`: the tick has just seen the schedule version (which every change
   * bumps) unchanged since the index was loaded, so `sub` is what the store holds. A retry re-reads.
   */
  const dispatch = (sub: Subscription, occ: Occurrence, current = false): void => {
    const id = `${keyOf(sub)}:${occ.day}`;
    if (inFlight.has(id)) return;
    const ref = { platform: sub.platform, channelId: sub.channelId };
    const prepared = ready.get(id)?.prepared;
    ready.delete(id);
    let target: Subscription | typeof ref = current ? sub : ref;
    const work = async () => {
      const t = target;
      target = ref;
      return delivery.deliver(t, occ.day, { scheduledAt: occ.at, prepared: await prepared });
    };
    enqueue(id, occ.at.getTime(), occ.at.getTime() + config.digest.graceMs, work, (outcome) => {
      if (outcome.status === 'failed') logger.warn({ channel: keyOf(sub), day: occ.day, reason: outcome.reason }, 'scheduled digest failed');
    });
  };

  /** Start preparing an occurrence due before the next tick (its lease is then held until it is due). */
  const prepare = (sub: Subscription, occ: Occurrence): boolean => {
    const id = `${keyOf(sub)}:${occ.day}`;
    if (inFlight.has(id) || ready.has(id)) return false;
    const prepared = queue.add(() => delivery.prepare(sub, occ.day, occ.at)).catch((err: unknown) => {
      logger.warn({ channel: keyOf(sub), day: occ.day, err }, 'could not prepare a digest; it will be delivered without');
      return undefined;
    });
    ready.set(id, { due: occ.at.getTime(), prepared });
    return true;
  };

  /** Give back the leases of preparations due by `until` and not dispatched (the subscription changed since). */
  const dropPrepared = (until: number) => {
    const dropped: Promise<void>[] = [];
    for (const [id, r] of ready) {
      if (r.due > until) continue;
      ready.delete(id);
      dropped.push(r.prepared.then((p) => p?.cancel()));
    }
    return Promise.all(dropped);
  };

  const skipLate = async (sub: Subscription, occ: Occurrence, now: number) => {
    const lateMin = Math.round((now - occ.at.getTime()) / MINUTE);
    if (await delivery.recordSkipped(sub, occ.day, `missed by ${lateMin} min, beyond DIGEST_GRACE`)) {
      logger.info({ channel: keyOf(sub), day: occ.day, lateMin, graceMin: Math.round(config.digest.graceMs / MINUTE) }, 'digest skipped: paperboy was down past its time');
      return true;
    }
    return false;
  };

  /** Whether an occurrence is more than DIGEST_GRACE late at `now`. */
  const isLate = (occ: Occurrence, now: number) => now - occ.at.getTime() > config.digest.graceMs;
  /** The latest of a channel's occurrences still less than DIGEST_GRACE late at `now`: the one digest catching up posts. */
  const latestInTime = (occs: Occurrence[], now: number): Occurrence | undefined => occs.filter((occ) => !isLate(occ, now)).at(-1);
  /** Why an older missed digest is not posted. */
  const supersededBy = (day: string) => `superseded by the digest of ${day}, due too when paperboy caught up`;

  /**
   * Hand over a channel's due occurrences, oldest first: of those within the grace only the latest is delivered
   * (`current`: see dispatch), and the older ones get a 'skipped' record and a log line (after a long DIGEST_GRACE,
   * several old digests back to back would say little the latest does not, and pick from the same days' papers);
   * of those past it only the latest gets a 'skipped' record (one per channel says what happened), the older ones
   * are counted. `unlessRecorded` (catch-up): an occurrence with a record already is left alone.
   */
  const handOver = async (sub: Subscription, occs: Occurrence[], now: number, opts: { current: boolean; unlessRecorded: boolean }) => {
    const handed = { delivered: 0, skipped: 0, older: 0 };
    const latestLate = occs.filter((occ) => isLate(occ, now)).at(-1);
    const latest = latestInTime(occs, now);
    const superseded: string[] = [];
    for (const occ of occs) {
      if (isLate(occ, now) && occ !== latestLate) {
        handed.older++;
        continue;
      }
      if (opts.unlessRecorded) {
        // Left alone: a day with its digest done, or unfinished (resumeUnfinished has it). Not a day whose digest failed
        // before the channel subscribed again: the reply to that promised it.
        const rec = await stores.deliveries.get(sub.platform, sub.channelId, occ.day);
        if (rec && !reopened(rec, sub)) continue;
      }
      if (occ === latest) {
        dispatch(sub, occ, opts.current);
        handed.delivered++;
      } else if (!isLate(occ, now)) {
        if (await delivery.recordSkipped(sub, occ.day, supersededBy(latest!.day))) {
          superseded.push(occ.day);
          handed.skipped++;
        }
      } else if (await skipLate(sub, occ, now)) handed.skipped++;
    }
    if (superseded.length) logger.info({ channel: keyOf(sub), days: superseded, delivered: latest!.day }, 'older digests skipped: only the latest one missed is posted');
    return handed;
  };

  /**
   * Finish digests left unfinished (a crash, an outage). `latest` (catch-up): per channel, the day of the latest
   * digest now being caught up; an older one that never posted anything is recorded as superseded instead, as
   * handOver does with the ones it hands over.
   */
  const resumeUnfinished = async (latest?: ReadonlyMap<string, string>) => {
    let resumed = 0;
    const now = clock.now().getTime();
    for (const rec of await stores.deliveries.unfinished()) {
      const id = `${rec.platform}:${rec.channelId}:${rec.day}`;
      if (inFlight.has(id) || ready.has(id) || !delivery.serves(rec.platform)) continue;
      // Prepared ahead (here or by a process since stopped) and not yet due: the tick at its time delivers it.
      if (rec.dueAt && Date.parse(rec.dueAt) > now) continue;
      const newer = latest?.get(keyOf(rec));
      if (newer && newer > rec.day && !rec.messages.length) {
        await stores.deliveries.put({ ...rec, status: 'skipped', reason: supersededBy(newer), updatedAt: new Date(now).toISOString() });
        logger.info({ channel: keyOf(rec), day: rec.day, delivered: newer }, 'older digest skipped: only the latest one missed is posted');
        continue;
      }
      // Past the grace a digest is not finished either: its header and its day say a date long gone, and the channel may
      // have had later digests since.
      const lateMs = now - Date.parse(rec.dueAt ?? rec.startedAt);
      if (lateMs > config.digest.graceMs) {
        const posted = papersPosted(rec);
        const reason = rec.messages.length ? 'partially posted, beyond DIGEST_GRACE' : 'never started posting, now beyond DIGEST_GRACE';
        await stores.deliveries.put({ ...rec, status: 'skipped', reason, updatedAt: new Date(now).toISOString() });
        logger.info({ channel: keyOf(rec), day: rec.day, lateMin: Math.round(lateMs / MINUTE), papersPosted: posted, papersLeft: rec.paperIds.length - posted }, 'unfinished digest skipped: too late to finish');
        continue;
      }
      resumed++;
      enqueue(id, Infinity, Math.max(now, Date.parse(rec.startedAt)) + config.digest.graceMs, () => delivery.resume(rec), () => {});
    }
    lastResume = now;
    return resumed;
  };

  const scheduler: Scheduler = {
    get size() {
      return index.size;
    },
    async catchUp() {
      const now = clock.now();
      await reload(now);
      // Missed while down: due after the last tick of a process serving what this one serves (a first start missed nothing).
      // This scope's own last tick; else, as an older paperboy kept it, any process's.
      const saved = (await stores.meta.get<string>(lastTickKey)) ?? (await stores.meta.get<string>(LAST_TICK_KEY));
      const last = Date.parse(saved ?? '') || now.getTime();
      const missed = [...index.all()].map(({ sub }) => {
        const from = Math.max(last, Date.parse(sub.updatedAt) || 0, Date.parse(sub.createdAt) || 0, now.getTime() - 7 * 24 * 60 * MINUTE);
        return { sub, occs: occurrencesBetween(sub, new Date(from), now) };
      });
      // The latest digest each channel is due within the grace: an unfinished older one it supersedes is not resumed.
      const latest = new Map<string, string>();
      for (const { sub, occs } of missed) {
        const inTime = latestInTime(occs, now.getTime());
        if (inTime) latest.set(keyOf(sub), inTime.day);
      }
      const resumed = await resumeUnfinished(latest);
      let delivered = 0;
      let skipped = 0;
      let older = 0;
      for (const { sub, occs } of missed) {
        const handed = await handOver(sub, occs, now.getTime(), { current: false, unlessRecorded: true });
        delivered += handed.delivered;
        skipped += handed.skipped;
        older += handed.older;
      }
      lastTick = now.getTime();
      await saveLastTick(now.getTime());
      version = await stores.meta.get<string>(VERSION_KEY);
      if (resumed || delivered || skipped) logger.info({ resumed, delivered, skipped, olderSkipped: older }, 'caught up on digests missed while down');
      return { resumed, delivered, skipped };
    },
    async tick() {
      const now = clock.now().getTime();
      if (now < lastTick - MINUTE) {
        // The wall clock went back (NTP, a VM restored): ticking on from the last tick would skip every digest due in
        // the stretch being lived again, one just subscribed for it too. Those delivered already have their records.
        logger.warn({ lastTick: new Date(lastTick).toISOString(), now: new Date(now).toISOString() }, 'the clock went back; digests are scheduled from now again');
        lastTick = now;
        lastReload = Math.min(lastReload, now);
        lastResume = Math.min(lastResume, now);
      }
      const from = lastTick;
      try {
        const v = await stores.meta.get<string>(VERSION_KEY);
        if (v !== version || now - lastReload >= o.reloadEveryMs) {
          version = v;
          await reload(new Date(from));
        }
        if (now - lastResume >= o.resumeEveryMs) await resumeUnfinished();
        const horizon = now + o.toleranceMs;
        const due = index.dueUpTo(from, horizon);
        let skipped = 0;
        let dispatched = 0;
        for (const { sub, next } of due) {
          // After a pause of the whole process (a suspended machine) more than one occurrence may be due: they are
          // handed over together (the latest within the grace is delivered), and the channel is indexed after the last.
          const occs = [next, ...occurrencesBetween(sub, next.at, new Date(horizon))];
          schedule(sub, occs.at(-1)!.at);
          const handed = await handOver(sub, occs, now, { current: true, unlessRecorded: false });
          dispatched += handed.delivered;
          skipped += handed.skipped;
        }
        void dropPrepared(horizon);
        let preparing = 0;
        if (o.prepareAheadMs > 0) {
          for (const { sub, next } of index.dueUpTo(horizon, now + o.prepareAheadMs + o.toleranceMs)) {
            if (next.at.getTime() > horizon && prepare(sub, next)) preparing++;
          }
        }
        lastTick = Math.max(lastTick, horizon);
        await saveLastTick(now);
        return { due: dispatched, skipped, preparing };
      } catch (err) {
        logger.error({ err }, 'scheduler tick failed; the next tick tries again');
        return { due: 0, skipped: 0, preparing: 0 };
      }
    },
    async refresh(platform, channelId) {
      changedDuringReload?.set(`${platform}:${channelId}`, { platform, channelId });
      const sub = await stores.subscriptions.get(platform, channelId);
      if (sub) schedule(sub, clock.now());
      else index.remove(`${platform}:${channelId}`);
      version = randomUUID();
      await stores.meta.set(VERSION_KEY, version);
    },
    async start() {
      await scheduler.catchUp();
      task = cron.schedule(o.cron, () => scheduler.tick(), { name: 'paperboy-digests', noOverlap: true });
      logger.info({ subscriptions: index.size }, 'digest scheduler started');
    },
    async stop(timeoutMs = 10_000) {
      await task?.stop();
      await task?.destroy();
      task = undefined;
      for (const timer of waiting) clearTimeout(timer);
      waiting.clear();
      queue.clear();
      await waitAtMost(Promise.all([queue.onIdle(), dropPrepared(Infinity)]), timeoutMs);
    },
    async idle() {
      do await queue.onIdle();
      while (waiting.size && (await new Promise((r) => setTimeout(r, 20, true))));
    },
  };
  return scheduler;
}

export { notifyOnChange } from './subscription-changes.ts';
