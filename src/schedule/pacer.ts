// Pacing posts per platform: under each channel's limit and the platform's global limit, 429s honoured.
//
// Windows count a post from when it is sent until it is answered, then for the window's length from
// the answer. The server sees each post somewhere between the two, so no window of the server's
// can hold more posts than ours allows, whatever the network's jitter. (p-queue's strict mode counts
// only start times; under load, posts then arrive bunched and the server answers 429.) A limit that
// the platform enforces with room for bursts (Slack's token bucket) can say `from: 'sent'`: its
// window then runs from each post's sending, and a slow answer does not delay the channel's next post.
import type { Platform, PostLimits, WindowLimit } from '../chat.ts';
import { RateLimitError } from '../errors.ts';

/** Runs posts when the platform's limits allow them. */
export interface Pacer {
  /**
   * Run one post to a channel once the channel's and the platform's windows allow it. Posts to
   * one channel run one at a time, in order. A RateLimitError (the adapter's own 429 retries ran
   * out) holds the channel back for its Retry-After and tries again, up to `rateLimitRetries` (the
   * last one's hold stays for the channel's next post); a hold longer than `maxHoldMs` fails the post at once instead.
   */
  send<T>(platform: Platform, channelId: string, post: () => Promise<T>): Promise<T>;
  /** Hold a channel (or, without one, the whole platform) back for `ms`, e.g. after a 429. */
  holdOff(platform: Platform, channelId: string | undefined, ms: number): void;
  /** Posts waiting or running. */
  readonly pending: number;
}

export interface PacerOptions {
  /**
   * Each platform's limits (ChatAdapter.limits), or a function read when a platform first posts
   * (adapters may be registered after the pacer is built); platforms without limits are not paced.
   */
  limits: Partial<Record<Platform, PostLimits | undefined>> | ((platform: Platform) => PostLimits | undefined);
  /** Added to every window against timer and clock rounding (default 0.2 % of it, at least 2 ms). */
  marginMs?: (intervalMs: number) => number;
  /** Retries after a RateLimitError that escaped the adapter (default 2). */
  rateLimitRetries?: number;
  /**
   * The longest a post waits for its channel (or platform) to be let go after a 429 (default 5 min).
   * Past it, the post fails at once with a RateLimitError: the delivery then retries later within
   * DIGEST_GRACE, and a command says so, rather than a digest or a person waiting an hour on slowmode.
   */
  maxHoldMs?: number;
  /**
   * Posts in flight per platform, for every platform (default: the platform's `inFlight`, else 64).
   * Bursts of a thousand requests at once are answered slowly, and where a channel's window runs from
   * the answer, slow answers slow every channel.
   */
  concurrency?: number;
  /** Told of every RateLimitError seen (for the 429 metric). */
  onRateLimited?: (platform: Platform, retryAfterMs: number) => void;
  /** Milliseconds, for durations only (default: a monotonic clock). */
  now?: () => number;
}

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/**
 * Milliseconds on a clock that only moves forward: windows and 429 holds are durations, and on the wall clock a
 * step back (NTP, a resumed VM) would hold posts for as long as the step, or turn a short hold into a failure.
 */
const monotonic = () => performance.now();

/**
 * A sliding window: at most `count` posts in flight or answered within the last `intervalMs`
 * (with `fromSent`, sent within it: an answered post counts from when it was sent).
 */
export class PostWindow {
  private inFlight = 0;
  /** When each finished post's place in the window began, in order. */
  private readonly answered: number[] = [];
  private readonly waiters: (() => void)[] = [];
  private timer?: NodeJS.Timeout;

  constructor(
    private readonly count: number,
    private readonly intervalMs: number,
    private readonly now: () => number = monotonic,
    private readonly fromSent = false,
  ) {}

  /** Resolves when this post may be sent; call `release` once it is answered (or failed). */
  acquire(): Promise<void> {
    return new Promise((resolve) => {
      this.waiters.push(resolve);
      this.pump();
    });
  }

  /** The post is answered; `sentAt` is when it was sent (used by a window counted from sending). */
  release(sentAt?: number): void {
    this.inFlight--;
    const at = this.fromSent && sentAt !== undefined ? sentAt : this.now();
    let i = this.answered.length;
    while (i > 0 && this.answered[i - 1]! > at) i--;
    this.answered.splice(i, 0, at);
    this.pump();
  }

  /** Nobody waiting or sending, and nothing answered within the window. */
  get idle(): boolean {
    this.prune();
    return !this.waiters.length && !this.inFlight && !this.answered.length;
  }

  private prune() {
    const before = this.now() - this.intervalMs;
    let i = 0;
    while (i < this.answered.length && this.answered[i]! <= before) i++;
    if (i) this.answered.splice(0, i);
  }

  private pump() {
    this.prune();
    while (this.waiters.length && this.inFlight + this.answered.length < this.count) {
      this.inFlight++;
      this.waiters.shift()!();
    }
    if (this.waiters.length && this.answered.length && !this.timer) {
      this.timer = setTimeout(() => {
        this.timer = undefined;
        this.pump();
      }, Math.max(1, this.answered[0]! + this.intervalMs + 1 - this.now()));
    }
  }
}

interface ChannelState {
  tail: Promise<unknown>;
  window?: PostWindow;
  heldUntil: number;
  pending: number;
}

/** Build a pacer for the given platforms. */
export function createPacer(opts: PacerOptions): Pacer {
  const now = opts.now ?? monotonic;
  const margin = opts.marginMs ?? ((ms: number) => Math.max(2, Math.round(ms * 0.002)));
  const retries = opts.rateLimitRetries ?? 2;
  const maxHold = opts.maxHoldMs ?? 5 * 60_000;
  const limitsOf = (platform: Platform) => (typeof opts.limits === 'function' ? opts.limits(platform) : opts.limits[platform]);
  const channels = new Map<string, ChannelState>();
  const globals = new Map<Platform, PostWindow>();
  const slots = new Map<Platform, PostWindow>();
  const slotsOf = (platform: Platform) => {
    let w = slots.get(platform);
    if (!w) slots.set(platform, (w = new PostWindow(opts.concurrency ?? limitsOf(platform)?.inFlight ?? 64, 0, now)));
    return w;
  };
  const platformHeld = new Map<Platform, number>();
  let pending = 0;
  let sends = 0;

  const windowOf = (l: WindowLimit | undefined) => (l ? new PostWindow(l.count, l.intervalMs + margin(l.intervalMs), now, l.from === 'sent') : undefined);
  const globalWindow = (platform: Platform): PostWindow | undefined => {
    if (!globals.has(platform)) {
      const w = windowOf(limitsOf(platform)?.global);
      if (w) globals.set(platform, w);
    }
    return globals.get(platform);
  };

  /** Forget idle channels whose windows have passed, so 100,000 channels do not pile up. */
  const sweep = () => {
    for (const [key, s] of channels) if (s.pending === 0 && (s.window?.idle ?? true) && s.heldUntil < now()) channels.delete(key);
  };

  const stateOf = (platform: Platform, channelId: string): ChannelState => {
    const key = `${platform}:${channelId}`;
    let s = channels.get(key);
    if (!s) channels.set(key, (s = { tail: Promise.resolve(), window: windowOf(limitsOf(platform)?.perChannel), heldUntil: 0, pending: 0 }));
    return s;
  };

  const attempt = async <T>(platform: Platform, s: ChannelState, post: () => Promise<T>): Promise<T> => {
    for (let tries = 0; ; tries++) {
      for (let wait = 1; wait > 0; ) {
        wait = Math.max(s.heldUntil, platformHeld.get(platform) ?? 0) - now();
        if (wait > maxHold) throw new RateLimitError(platform, wait);
        if (wait > 0) await sleep(wait);
      }
      const g = globalWindow(platform);
      const c = slotsOf(platform);
      await s.window?.acquire();
      await g?.acquire();
      await c.acquire();
      const sentAt = now();
      try {
        return await post();
      } catch (err) {
        if (!(err instanceof RateLimitError)) throw err;
        opts.onRateLimited?.(platform, err.retryAfterMs);
        // Kept when giving up too: the channel's next post (the delivery's retry, a /paper digest) waits it out.
        s.heldUntil = Math.max(s.heldUntil, now() + err.retryAfterMs);
        if (tries >= retries) throw err;
      } finally {
        c.release();
        g?.release(sentAt);
        s.window?.release(sentAt);
      }
    }
  };

  return {
    get pending() {
      return pending;
    },
    send<T>(platform: Platform, channelId: string, post: () => Promise<T>): Promise<T> {
      if (++sends % 1000 === 0) sweep();
      const state = stateOf(platform, channelId);
      state.pending++;
      pending++;
      const result = state.tail.then(() => attempt(platform, state, post));
      state.tail = result.then(
        () => undefined,
        () => undefined,
      );
      return result.finally(() => {
        state.pending--;
        pending--;
      });
    },
    holdOff(platform, channelId, ms) {
      const until = now() + ms;
      if (channelId === undefined) platformHeld.set(platform, Math.max(platformHeld.get(platform) ?? 0, until));
      else {
        const s = stateOf(platform, channelId);
        s.heldUntil = Math.max(s.heldUntil, until);
      }
    },
  };
}
