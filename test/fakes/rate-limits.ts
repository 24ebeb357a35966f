// Rate limits the fake Slack and Discord enforce: token buckets and sliding windows keyed by channel.

/** A limit's verdict on one request: allowed (and counted), or refused with how long to wait. */
export type Verdict = { ok: true; remaining: number; resetAfterMs: number } | { ok: false; retryAfterMs: number };

/**
 * A token bucket per key: `burst` tokens to start, one more every `1000 / perSecond` ms up to
 * `burst`. Slack's "about one message per second per channel, short bursts allowed".
 */
export class TokenBuckets {
  private readonly buckets = new Map<string, { tokens: number; at: number }>();
  private readonly msPerToken: number;

  constructor(
    readonly perSecond: number,
    readonly burst: number,
  ) {
    this.msPerToken = 1000 / perSecond;
  }

  take(key: string, now: number): Verdict {
    const b = this.buckets.get(key) ?? { tokens: this.burst, at: now };
    b.tokens = Math.min(this.burst, b.tokens + (now - b.at) / this.msPerToken);
    b.at = now;
    this.buckets.set(key, b);
    if (b.tokens < 1) return { ok: false, retryAfterMs: Math.ceil((1 - b.tokens) * this.msPerToken) };
    b.tokens -= 1;
    return { ok: true, remaining: Math.floor(b.tokens), resetAfterMs: Math.ceil((this.burst - b.tokens) * this.msPerToken) };
  }
}

/** At most `count` requests per key in any `intervalMs` (sliding, so stricter than a fixed window). */
export class SlidingWindows {
  private readonly windows = new Map<string, number[]>();

  constructor(
    readonly count: number,
    readonly intervalMs: number,
  ) {}

  /** Whether a request now fits, without counting it. */
  check(key: string, now: number): Verdict {
    const times = this.prune(key, now);
    if (times.length >= this.count) return { ok: false, retryAfterMs: times[times.length - this.count]! + this.intervalMs - now };
    return { ok: true, remaining: this.count - times.length - 1, resetAfterMs: (times[0] ?? now) + this.intervalMs - now };
  }

  /** Count a request now. */
  add(key: string, now: number): void {
    const times = this.windows.get(key) ?? [];
    times.push(now);
    this.windows.set(key, times);
  }

  private prune(key: string, now: number): number[] {
    const times = this.windows.get(key) ?? [];
    let i = 0;
    while (i < times.length && times[i]! <= now - this.intervalMs) i++;
    if (i) times.splice(0, i);
    return times;
  }
}
