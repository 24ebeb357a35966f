// The pacer: per-channel and global windows hold by actual send times; escaped 429s hold off and retry.
import { afterEach, describe, expect, it, vi } from 'vitest';
import { createPacer } from '../../src/schedule/pacer.ts';
import { RateLimitError } from '../../src/errors.ts';

/** Smallest span covering `count + 1` consecutive sends: must be at least the window. */
function tightest(times: number[], count: number): number {
  let min = Infinity;
  for (let i = count; i < times.length; i++) min = Math.min(min, times[i]! - times[i - count]!);
  return min;
}

describe('pacer', () => {
  afterEach(() => {
    vi.useRealTimers();
  });

  it('keeps every channel and the platform under their windows, in order per channel', async () => {
    const pacer = createPacer({ limits: { discord: { perChannel: { count: 2, intervalMs: 150 }, global: { count: 4, intervalMs: 150 } } }, marginMs: () => 5 });
    const sent: { channel: string; n: number; at: number }[] = [];
    const jobs = ['a', 'b', 'c'].flatMap((channel) =>
      Array.from({ length: 6 }, (_, n) => pacer.send('discord', channel, async () => sent.push({ channel, n, at: Date.now() }))),
    );
    await Promise.all(jobs);
    expect(sent).toHaveLength(18);
    expect(tightest(sent.map((s) => s.at), 4)).toBeGreaterThanOrEqual(150);
    for (const channel of ['a', 'b', 'c']) {
      const mine = sent.filter((s) => s.channel === channel);
      expect(mine.map((s) => s.n)).toEqual([0, 1, 2, 3, 4, 5]);
      expect(tightest(mine.map((s) => s.at), 2)).toBeGreaterThanOrEqual(150);
    }
    expect(pacer.pending).toBe(0);
  });

  it('counts a post until it is answered (slow answers push the next post back) and caps posts in flight', async () => {
    const pacer = createPacer({ limits: { slack: { perChannel: { count: 1, intervalMs: 50 } } }, marginMs: () => 0, concurrency: 3 });
    const spans = new Map<string, { start: number; end: number }[]>();
    let inFlight = 0;
    let most = 0;
    const post = (channel: string, ms: number) => async () => {
      inFlight++;
      most = Math.max(most, inFlight);
      const start = Date.now();
      await new Promise((r) => setTimeout(r, ms));
      spans.set(channel, [...(spans.get(channel) ?? []), { start, end: Date.now() }]);
      inFlight--;
    };
    await Promise.all([
      ...[40, 5, 30, 5].map((ms) => pacer.send('slack', 'C1', post('C1', ms))),
      ...Array.from({ length: 12 }, (_, i) => pacer.send('slack', `other${i}`, post(`other${i}`, 10))),
    ]);
    const c1 = spans.get('C1')!;
    expect(c1).toHaveLength(4);
    for (let i = 1; i < c1.length; i++) expect(c1[i]!.start - c1[i - 1]!.end).toBeGreaterThanOrEqual(50);
    expect(most).toBeLessThanOrEqual(3);
    expect(pacer.pending).toBe(0);
  });

  it("caps posts in flight at each platform's own inFlight, unless told a concurrency for all", async () => {
    const most = async (opts: Partial<Parameters<typeof createPacer>[0]>) => {
      const pacer = createPacer({
        limits: { slack: { perChannel: { count: 1, intervalMs: 10, from: 'sent' }, inFlight: 5 }, discord: { perChannel: { count: 5, intervalMs: 10 } } },
        marginMs: () => 0,
        ...opts,
      });
      const seen: Record<string, number> = { slack: 0, discord: 0 };
      const now: Record<string, number> = { slack: 0, discord: 0 };
      await Promise.all(
        (['slack', 'discord'] as const).flatMap((platform) =>
          Array.from({ length: 80 }, (_, i) =>
            pacer.send(platform, `C${i}`, async () => {
              seen[platform] = Math.max(seen[platform]!, ++now[platform]!);
              await new Promise((r) => setTimeout(r, 20));
              now[platform]!--;
            }),
          ),
        ),
      );
      return seen;
    };
    // Slack says 5; Discord says nothing, so 64.
    expect(await most({})).toEqual({ slack: 5, discord: 64 });
    expect(await most({ concurrency: 3 })).toEqual({ slack: 3, discord: 3 });
  });

  it("counts a post from its sending when the limit says from: 'sent' (a slow answer does not push the next post back)", async () => {
    const pacer = createPacer({ limits: { slack: { perChannel: { count: 1, intervalMs: 400, from: 'sent' } } }, marginMs: () => 0 });
    const starts: number[] = [];
    const post = (ms: number) => async () => {
      starts.push(Date.now());
      await new Promise((r) => setTimeout(r, ms));
    };
    await Promise.all([200, 200, 200, 200].map((ms) => pacer.send('slack', 'C1', post(ms))));
    const gaps = starts.slice(1).map((at, i) => at - starts[i]!);
    for (const gap of gaps) expect(gap).toBeGreaterThanOrEqual(399);
    // Counted from answers, every gap would be at least 200 + 400 ms (the room is for a loaded machine's timers).
    expect(gaps.sort((a, b) => a - b)[1]).toBeLessThan(540);
    expect(pacer.pending).toBe(0);
  });

  it('holds a channel back for a 429 that escaped the adapter, then tries again', async () => {
    const limited: number[] = [];
    const pacer = createPacer({ limits: { slack: { perChannel: { count: 1, intervalMs: 10 } } }, onRateLimited: (_p, ms) => limited.push(ms) });
    let calls = 0;
    const times: number[] = [];
    const result = await pacer.send('slack', 'C1', async () => {
      times.push(Date.now());
      if (++calls === 1) throw new RateLimitError('slack', 120);
      return 'ok';
    });
    expect(result).toBe('ok');
    expect(limited).toEqual([120]);
    expect(times[1]! - times[0]!).toBeGreaterThanOrEqual(119);
  });

  it('fails at once, rather than wait, when a 429 holds the channel back longer than it may wait; other channels go on', async () => {
    const pacer = createPacer({ limits: {}, maxHoldMs: 1000 });
    let calls = 0;
    // Slowmode: an hour (waited out, this test would outlast its time limit).
    const err = await pacer.send('discord', 'C1', async () => { calls++; throw new RateLimitError('discord', 3_600_000); }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(RateLimitError);
    expect((err as RateLimitError).retryAfterMs).toBeGreaterThan(3_500_000);
    expect(calls).toBe(1);
    // The channel stays held: the next post fails without being tried; another channel posts.
    await expect(pacer.send('discord', 'C1', async () => { calls++; return 1; })).rejects.toBeInstanceOf(RateLimitError);
    expect(calls).toBe(1);
    expect(await pacer.send('discord', 'C2', async () => 2)).toBe(2);
  });

  it('keeps the Retry-After of the 429 it gave up on: the channel’s next post waits it out too', async () => {
    const limited: number[] = [];
    const pacer = createPacer({ limits: {}, rateLimitRetries: 0, maxHoldMs: 1000, onRateLimited: (_p, ms) => limited.push(ms) });
    let calls = 0;
    // No retries: the first 429 ("retry after a minute") is given up on at once.
    await expect(pacer.send('discord', 'C1', async () => { calls++; throw new RateLimitError('discord', 60_000); })).rejects.toBeInstanceOf(RateLimitError);
    expect(limited).toEqual([60_000]);
    // The next post to the channel is not sent into the rate limit: the hold, longer than it may wait, fails it at once.
    await expect(pacer.send('discord', 'C1', async () => { calls++; return 1; })).rejects.toBeInstanceOf(RateLimitError);
    expect(calls).toBe(1);
  });

  it('gives up after its retries and passes other errors straight through', async () => {
    const pacer = createPacer({ limits: {}, rateLimitRetries: 1 });
    let calls = 0;
    await expect(pacer.send('slack', 'C1', async () => { calls++; throw new RateLimitError('slack', 1); })).rejects.toBeInstanceOf(RateLimitError);
    expect(calls).toBe(2);
    await expect(pacer.send('slack', 'C1', async () => { throw new Error('boom'); })).rejects.toThrow('boom');
    // The channel still works after failures.
    expect(await pacer.send('slack', 'C1', async () => 7)).toBe(7);
  });
  describe('when the wall clock is stepped back (NTP, a resumed VM)', () => {
    const fakeTime = () => vi.useFakeTimers({ toFake: ['Date', 'setTimeout', 'clearTimeout', 'performance'], now: Date.parse('2026-11-23T09:00:00Z') });

    it('does not hold a channel back for as long as the step after a 429, nor fail its post', async () => {
      fakeTime();
      const pacer = createPacer({ limits: {} });
      // A 429 asked the channel to wait 100 ms; then the clock steps back ten minutes.
      pacer.holdOff('slack', 'C1', 100);
      vi.setSystemTime(Date.now() - 10 * 60_000);
      const sent = pacer.send('slack', 'C1', async () => 'ok');
      await vi.advanceTimersByTimeAsync(200);
      await expect(sent).resolves.toBe('ok');
    });

    it('does not stall the platform’s window for as long as the step', async () => {
      fakeTime();
      const pacer = createPacer({ limits: { discord: { perChannel: { count: 5, intervalMs: 5000 }, global: { count: 3, intervalMs: 100 } } }, marginMs: () => 0 });
      // A fan-out fills the global window; then the clock steps back ten seconds.
      await Promise.all(['a', 'b', 'c'].map((c) => pacer.send('discord', c, async () => c)));
      vi.setSystemTime(Date.now() - 10_000);
      let done = false;
      void pacer.send('discord', 'd', async () => (done = true));
      await vi.advanceTimersByTimeAsync(200);
      expect(done).toBe(true);
    });
  });
});
