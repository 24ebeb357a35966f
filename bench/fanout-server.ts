// The fan-out bench's fake platform, run in its own process: test/fakes' Slack or Discord with limits on.
//
// Forked by fanout.bench.ts with FANOUT_SERVE=slack|discord; sends `{url}` once listening, then
// answers `stats` with what it received since the last `reset` (FanoutStats), and exits on `close`.
import { FAKE_BOT_TOKEN, FakeSlack, type StoredMessage } from '../test/fakes/slack-api.ts';
import { FakeDiscord } from '../test/fakes/discord-server.ts';
import { paperIdOf } from '../adapters/discord/outgoing.ts';
import { renderSlack } from '../adapters/slack/render.ts';
import type { View } from '../src/views.ts';
import { syntheticPaper } from './synthetic-papers.ts';

/** Slack's chat.postMessage limit as the fake enforces it: a token bucket per channel. */
export const SLACK_FAKE_LIMIT = { perSecond: 1, burst: Number(process.env.FANOUT_SLACK_BURST ?? 2) };
/** Discord's limits as the fake enforces them: sliding windows per channel and over every request. */
export const DISCORD_FAKE_LIMITS = { perChannel: { count: 5, intervalMs: 5_000 }, global: { count: 50, intervalMs: 1_000 } };

/** One accepted message: its channel, what it shows, when it was accepted. */
interface Accepted {
  channel: string;
  key: string;
  at: number;
}

/** What the fake reports at the end of a run. */
export interface FanoutStats {
  messages: number;
  /** (channel, paper or header) pairs received at least once. */
  unique: number;
  duplicates: number;
  rateLimited: number;
  firstAt: number;
  lastAt: number;
  /** From the first header to the last one: how long the first message takes to reach every channel. */
  firstWaveMs: number;
  /** Mean time between two messages to one channel. */
  meanGapMs: number;
  /** CPU time the fake process used (it shares the machine with paperboy). */
  cpuMs: number;
}

/** CPU used before the last reset, which the next report leaves out. */
let cpuSince: NodeJS.CpuUsage | undefined;

function stats(accepted: Accepted[], rateLimited: number): FanoutStats {
  accepted.sort((a, b) => a.at - b.at);
  const keys = new Set(accepted.map((m) => `${m.channel}:${m.key}`));
  const headers = accepted.filter((m) => m.key === 'header').map((m) => m.at);
  const last = new Map<string, number>();
  let gaps = 0;
  let sum = 0;
  for (const m of accepted) {
    const prev = last.get(m.channel);
    if (prev !== undefined) {
      gaps++;
      sum += m.at - prev;
    }
    last.set(m.channel, m.at);
  }
  return {
    messages: accepted.length,
    unique: keys.size,
    duplicates: accepted.length - keys.size,
    rateLimited,
    firstAt: accepted[0]?.at ?? 0,
    lastAt: accepted.at(-1)?.at ?? 0,
    firstWaveMs: headers.length ? Math.max(...headers) - Math.min(...headers) : 0,
    meanGapMs: gaps ? sum / gaps : 0,
    cpuMs: (({ user, system }) => (user + system) / 1000)(process.cpuUsage(cpuSince)),
  };
}

const slackKey = (m: StoredMessage) => String((m.metadata?.event_payload as { paper_id?: string } | undefined)?.paper_id ?? 'header');

/**
 * Post to the fake Slack from its own process until its code is compiled: Slack's servers are warm
 * when a digest goes out, and the fake's own warm-up (its first thousands of requests cost twice the
 * CPU, on the core paperboy's other threads share) is not paperboy's cold start. Discord's fake has
 * a global limit of 50 a second, and paperboy's fan-out there waits on that limit, not on CPU.
 */
async function warmUp(apiUrl: string, posts = 4000, inFlight = 32): Promise<void> {
  // Messages as paperboy renders them (a digest's header, then papers), so that the fake's code is compiled for their shapes.
  const view = (i: number): View =>
    i % 6 === 0
      ? { kind: 'text', text: `📰 Papers for 2026-11-2${i % 10}: 5 picked for this channel.` }
      : { kind: 'paper', inDigest: true, card: { paper: syntheticPaper(i), rank: i % 6, score: 1, why: `${i % 50} upvotes` } };
  let next = 0;
  await Promise.all(
    Array.from({ length: inFlight }, async () => {
      while (next < posts) {
        const i = next++;
        const [message] = renderSlack(view(i), { channel: `WARM${i}` });
        const res = await fetch(`${apiUrl}chat.postMessage`, {
          method: 'POST',
          headers: { authorization: `Bearer ${FAKE_BOT_TOKEN}`, 'content-type': 'application/json; charset=utf-8' },
          body: JSON.stringify(message),
        });
        const answer = (await res.json()) as { ok?: boolean; error?: string };
        if (!answer.ok) throw new Error(`the fake refused a warm-up message: ${answer.error}`);
      }
    }),
  );
}

async function serve(platform: string): Promise<{ url: string; report(): FanoutStats; reset(): void; close(): Promise<void> }> {
  if (platform === 'slack') {
    const slack = await new FakeSlack({ postLimit: SLACK_FAKE_LIMIT, roundTripMs: Number(process.env.FANOUT_RTT_MS ?? 0) }).start();
    await warmUp(slack.apiUrl);
    return {
      url: slack.apiUrl,
      report: () => stats(slack.messages.map((m) => ({ channel: m.channel, key: slackKey(m), at: m.at ?? 0 })), slack.rateLimited),
      reset: () => {
        slack.messages.length = 0;
        slack.calls.length = 0;
        slack.rateLimited = 0;
      },
      close: () => slack.stop(),
    };
  }
  const discord = await FakeDiscord.start({ limits: DISCORD_FAKE_LIMITS, anyChannel: true });
  return {
    url: discord.apiUrl,
    report: () =>
      stats(
        [...discord.messages].flatMap(([channel, list]) => list.map((m) => ({ channel, key: paperIdOf(m.body) ?? 'header', at: m.at }))),
        discord.rateLimited.perChannel + discord.rateLimited.global,
      ),
    reset: () => {
      discord.messages.clear();
      discord.rateLimited.perChannel = 0;
      discord.rateLimited.global = 0;
    },
    close: () => discord.close(),
  };
}

if (process.env.FANOUT_SERVE) {
  const fake = await serve(process.env.FANOUT_SERVE);
  process.on('message', (msg) => {
    if (msg === 'stats') process.send!(fake.report());
    else if (msg === 'reset') {
      fake.reset();
      cpuSince = process.cpuUsage();
      process.send!({ reset: true });
    } else if (msg === 'close') void fake.close().then(() => process.exit(0));
  });
  process.send!({ url: fake.url });
}
