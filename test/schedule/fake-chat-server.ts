// A chat platform stand-in on 127.0.0.1 that enforces posting limits (429 when crossed) and records posts.
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { PostLimits } from '../../src/chat.ts';

/** One accepted post. */
export interface FakePost {
  id: string;
  channel: string;
  kind: string;
  paperId?: string;
  text?: string;
  at: number;
}

export interface FakeChatOptions {
  /** Limits enforced with sliding windows; crossing one answers 429 with Retry-After. */
  limits?: PostLimits;
  /** Channels that answer 404 (gone). */
  gone?: Set<string>;
  /** Called after a post is accepted, before the answer is sent (the kill test stops the poster here). */
  onPost?: (post: FakePost, count: number) => void;
}

/** The fake server. POST /channels/:id/messages, GET /channels/:id/messages?since=ms. */
export class FakeChatServer {
  readonly posts: FakePost[] = [];
  rateLimited = 0;
  url = '';
  private server?: Server;
  private readonly perChannel = new Map<string, number[]>();
  private readonly global: number[] = [];

  constructor(private readonly opts: FakeChatOptions = {}) {}

  async start(): Promise<string> {
    this.server = createServer((req, res) => {
      const m = /^\/channels\/([^/?]+)\/messages(?:\?since=(\d+))?$/.exec(req.url ?? '');
      if (!m) return void res.writeHead(404).end();
      const channel = decodeURIComponent(m[1]!);
      if (req.method === 'GET') {
        const since = Number(m[2] ?? 0);
        const list = this.posts.filter((p) => p.channel === channel && p.at >= since).map((p) => ({ id: p.id, paperId: p.paperId }));
        return void res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(list));
      }
      let body = '';
      req.on('data', (c: Buffer) => (body += c.toString()));
      req.on('end', () => {
        if (this.opts.gone?.has(channel)) return void res.writeHead(404, { 'content-type': 'application/json' }).end('{"error":"channel_not_found"}');
        const wait = this.wait(channel, Date.now());
        if (wait > 0) {
          this.rateLimited++;
          return void res.writeHead(429, { 'retry-after-ms': String(wait), 'content-type': 'application/json' }).end(JSON.stringify({ retry_after: wait / 1000 }));
        }
        const parsed = JSON.parse(body) as { kind: string; paperId?: string; text?: string };
        const post: FakePost = { id: `m${this.posts.length + 1}`, channel, ...parsed, at: Date.now() };
        this.posts.push(post);
        this.opts.onPost?.(post, this.posts.length);
        res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ id: post.id }));
      });
    });
    await new Promise<void>((resolve) => this.server!.listen(0, '127.0.0.1', resolve));
    this.url = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
    return this.url;
  }

  /** How long a post now must wait (0 when allowed; then it is counted). */
  private wait(channel: string, now: number): number {
    const lim = this.opts.limits;
    if (!lim) return 0;
    const ch = this.perChannel.get(channel) ?? [];
    prune(ch, now - lim.perChannel.intervalMs);
    prune(this.global, now - (lim.global?.intervalMs ?? 0));
    let wait = 0;
    if (ch.length >= lim.perChannel.count) wait = ch[ch.length - lim.perChannel.count]! + lim.perChannel.intervalMs - now;
    if (lim.global && this.global.length >= lim.global.count) wait = Math.max(wait, this.global[this.global.length - lim.global.count]! + lim.global.intervalMs - now);
    if (wait > 0) return wait;
    ch.push(now);
    this.perChannel.set(channel, ch);
    if (lim.global) this.global.push(now);
    return 0;
  }

  /** Posts per channel, and the (channel, paper) pairs posted more than once. */
  duplicates(): string[] {
    const seen = new Set<string>();
    const dups: string[] = [];
    for (const p of this.posts) {
      const key = `${p.channel}:${p.paperId ?? `${p.kind}`}`;
      if (seen.has(key)) dups.push(key);
      seen.add(key);
    }
    return dups;
  }

  async close(): Promise<void> {
    this.server?.closeAllConnections();
    await new Promise<void>((resolve) => (this.server ? this.server.close(() => resolve()) : resolve()));
  }
}

function prune(times: number[], before: number) {
  let i = 0;
  while (i < times.length && times[i]! <= before) i++;
  if (i) times.splice(0, i);
}
