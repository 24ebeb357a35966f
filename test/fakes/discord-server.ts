// A fake Discord on 127.0.0.1: the REST routes paperboy uses and a gateway WebSocket, recording everything.
import { createServer, type IncomingHttpHeaders, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { FakeGateway } from './discord-gateway.ts';
import { channelPayload, guildPayload, IDS, user } from './discord-payloads.ts';
import { SlidingWindows } from './rate-limits.ts';

export { buttonPress, IDS, member, reactionEvent, slashCommand, user } from './discord-payloads.ts';

/** One REST request the fake received (path without the `/api/v10` prefix). */
export interface DiscordCall {
  method: string;
  path: string;
  headers: IncomingHttpHeaders;
  /** The JSON body (for multipart, the parsed `payload_json`). */
  body: any;
  files: { name: string; contentType: string; text: string }[];
  at: number;
}

/**
 * A scripted answer instead of the normal one; `lostResponse` does the work but never answers
 * (the connection is dropped after `lostAfterMs`), as when a response is lost on the way back.
 */
export interface DiscordFault {
  status?: number;
  body?: unknown;
  headers?: Record<string, string>;
  lostResponse?: boolean;
  lostAfterMs?: number;
}

/** Options for the fake Discord. */
export interface FakeDiscordOptions {
  heartbeatMs?: number;
  /**
   * Enforce Discord's limits (sliding windows, so never looser than Discord's buckets): `perChannel`
   * on creating messages in a channel, `global` on every request of the bot. Crossing one answers
   * 429 with `retry_after` (and `global`) in the body, Retry-After and the X-RateLimit headers.
   */
  limits?: { perChannel: { count: number; intervalMs: number }; global?: { count: number; intervalMs: number } };
  /** Accept posts to any channel id, not only IDS.channel (the fan-out bench posts to a thousand). */
  anyChannel?: boolean;
}

export class FakeDiscord {
  readonly calls: DiscordCall[] = [];
  /** Messages created per channel (channel posts and webhook followups); `at` is Date.now() then, `created` what Discord answered. */
  readonly messages = new Map<string, { id: string; body: any; at: number; created: any }[]>();
  /** Requests refused with 429 by `limits`, per-channel and global. */
  readonly rateLimited = { perChannel: 0, global: 0 };
  /** Registered commands: `global` or a guild id. */
  readonly commands = new Map<string, any[]>();
  readonly gateway: FakeGateway;
  private readonly faults: { method: string; path: RegExp; fault: DiscordFault; left: number }[] = [];
  private readonly nonces = new Map<string, any>();
  private nextId = 3_000_000_000_000_000_000n;
  private port = 0;
  private readonly perChannel?: SlidingWindows;
  private readonly global?: SlidingWindows;

  private constructor(
    private readonly server: ReturnType<typeof createServer>,
    heartbeatMs: number,
    private readonly opts: FakeDiscordOptions = {},
  ) {
    const { perChannel, global } = opts.limits ?? {};
    if (perChannel) this.perChannel = new SlidingWindows(perChannel.count, perChannel.intervalMs);
    if (global) this.global = new SlidingWindows(global.count, global.intervalMs);
    this.gateway = new FakeGateway(
      { botUser: user(IDS.bot, 'paperboy', true), applicationId: IDS.app, guild: guildPayload(), url: () => `ws://127.0.0.1:${this.port}/gateway` },
      heartbeatMs,
    );
  }

  /** Start on 127.0.0.1 port 0. */
  static async start(opts: FakeDiscordOptions = {}): Promise<FakeDiscord> {
    const server = createServer((req, res) => void fake.handle(req, res));
    const fake = new FakeDiscord(server, opts.heartbeatMs ?? 45_000, opts);
    server.on('upgrade', (req, socket, head) => fake.gateway.upgrade(req, socket, head));
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    fake.port = (server.address() as AddressInfo).port;
    return fake;
  }

  /** What to give paperboy as DISCORD_API_URL. */
  get apiUrl(): string {
    return `http://127.0.0.1:${this.port}/api`;
  }

  /** Answer the next `times` requests matching method and path with `fault`. */
  fail(method: string, path: RegExp, fault: DiscordFault, times = 1): void {
    this.faults.push({ method, path, fault, left: times });
  }

  callsTo(method: string, path: RegExp): DiscordCall[] {
    return this.calls.filter((c) => c.method === method && path.test(c.path));
  }

  /** Resolve when a call matching method and path has arrived (polling; the test timeout bounds it). */
  async waitForCall(method: string, path: RegExp, count = 1): Promise<DiscordCall[]> {
    for (;;) {
      const found = this.callsTo(method, path);
      if (found.length >= count) return found;
      await new Promise((r) => setTimeout(r, 10));
    }
  }

  async close(): Promise<void> {
    await this.gateway.close();
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  private snowflake(): string {
    return String(this.nextId++);
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const chunks: Buffer[] = [];
    for await (const c of req) chunks.push(c as Buffer);
    const raw = Buffer.concat(chunks);
    const path = decodeURIComponent((req.url ?? '/').replace(/^\/api\/v\d+/, '').replace(/\?.*$/, ''));
    const method = req.method ?? 'GET';
    const { body, files } = await parseBody(req.headers, raw);
    this.calls.push({ method, path, headers: req.headers, body, files, at: Date.now() });
    const fault = this.faults.find((f) => f.method === method && f.path.test(path) && f.left > 0);
    if (fault) fault.left--;
    if (fault && !fault.fault.lostResponse) {
      return send(res, fault.fault.status ?? 500, fault.fault.body ?? { message: 'fault', code: 0 }, fault.fault.headers);
    }
    const limit = this.limit(method, path, Date.now());
    if (limit.status === 429) return send(res, 429, limit.body, limit.headers);
    const query = new URL(req.url ?? '/', 'http://fake').searchParams;
    const [status, answer] = this.route(method, path, body, query);
    if (fault?.fault.lostResponse) {
      setTimeout(() => res.destroy(), fault.fault.lostAfterMs ?? 5_000).unref();
      return;
    }
    send(res, status, answer, limit.headers);
  }

  /** The rate-limit headers for a request, or the 429 that refuses it (see FakeDiscordOptions.limits). */
  private limit(method: string, path: string, now: number): { status: 200 | 429; headers: Record<string, string>; body?: unknown } {
    const channel = method === 'POST' ? /^\/channels\/(\d+)\/messages$/.exec(path)?.[1] : undefined;
    const bucket = { 'X-RateLimit-Bucket': `b-${path.split('/')[1]}` };
    if (!this.opts.limits) return { status: 200, headers: { 'X-RateLimit-Limit': '5', 'X-RateLimit-Remaining': '4', 'X-RateLimit-Reset-After': '1', ...bucket } };
    const seconds = (ms: number) => (Math.max(0, ms) / 1000).toFixed(3);
    const g = this.global?.check('bot', now);
    if (g && !g.ok) {
      this.rateLimited.global++;
      const headers = { 'Retry-After': String(Math.ceil(g.retryAfterMs / 1000)), 'X-RateLimit-Global': 'true', 'X-RateLimit-Scope': 'global' };
      return { status: 429, headers, body: { message: 'You are being rate limited.', retry_after: Number(seconds(g.retryAfterMs)), global: true } };
    }
    const c = channel && this.perChannel ? this.perChannel.check(channel, now) : undefined;
    const limitHeader = { 'X-RateLimit-Limit': String(this.perChannel?.count ?? 5), ...bucket };
    if (c && !c.ok) {
      this.rateLimited.perChannel++;
      const headers = { ...limitHeader, 'X-RateLimit-Remaining': '0', 'X-RateLimit-Reset-After': seconds(c.retryAfterMs), 'Retry-After': String(Math.ceil(c.retryAfterMs / 1000)), 'X-RateLimit-Scope': 'user' };
      return { status: 429, headers, body: { message: 'You are being rate limited.', retry_after: Number(seconds(c.retryAfterMs)), global: false } };
    }
    this.global?.add('bot', now);
    if (!c) return { status: 200, headers: {} };
    this.perChannel!.add(channel!, now);
    return { status: 200, headers: { ...limitHeader, 'X-RateLimit-Remaining': String(c.remaining), 'X-RateLimit-Reset-After': seconds(c.resetAfterMs) } };
  }

  private route(method: string, path: string, body: any, query: URLSearchParams): [number, unknown] {
    let m: RegExpExecArray | null;
    if (method === 'GET' && path === '/gateway/bot') {
      return [200, { url: `ws://127.0.0.1:${this.port}/gateway`, shards: 1, session_start_limit: { total: 1000, remaining: 999, reset_after: 60_000, max_concurrency: 1 } }];
    }
    if (method === 'GET' && path === '/users/@me') return [200, user(IDS.bot, 'paperboy', true)];
    if ((m = /^\/applications\/\d+(?:\/guilds\/(\d+))?\/commands$/.exec(path))) {
      const key = m[1] ?? 'global';
      if (method === 'PUT') this.commands.set(key, (body as any[]).map((c) => ({ ...c, id: this.snowflake(), application_id: IDS.app, version: '1' })));
      return [200, this.commands.get(key) ?? []];
    }
    if (method === 'POST' && (m = /^\/interactions\/(\d+)\/([^/]+)\/callback$/.exec(path))) {
      if (query.get('with_response') !== 'true') return [204, undefined];
      // As Discord answers `with_response`: the interaction, and the message a type-4 response created.
      const message = body?.type === 4 ? this.message(`webhook:${m[2]}`, body.data) : undefined;
      const ephemeral = Boolean(Number(body?.data?.flags ?? 0) & 64);
      return [200, { interaction: { id: m[1], type: 3, response_message_id: message?.id, response_message_loading: false, response_message_ephemeral: ephemeral }, resource: { type: body?.type, ...(message ? { message } : {}) } }];
    }
    if ((m = /^\/webhooks\/\d+\/([^/]+)(\/messages\/@original)?$/.exec(path))) {
      if (method === 'DELETE') return [204, undefined];
      return [200, this.message(`webhook:${m[1]}`, body)];
    }
    if ((m = /^\/channels\/(\d+)\/messages$/.exec(path)) && method === 'POST') {
      if (m[1] === IDS.forbidden) return [403, { message: 'Missing Permissions', code: 50013 }];
      if (m[1] !== IDS.channel && !this.opts.anyChannel) return [404, { message: 'Unknown Channel', code: 10003 }];
      const known = body?.enforce_nonce ? this.nonces.get(`${m[1]}:${body.nonce}`) : undefined;
      if (known) return [200, known];
      const created = this.message(m[1], body);
      if (body?.enforce_nonce) this.nonces.set(`${m[1]}:${body.nonce}`, created);
      return [200, created];
    }
    if ((m = /^\/channels\/(\d+)\/messages$/.exec(path)) && method === 'GET') {
      if (m[1] === IDS.forbidden) return [403, { message: 'Missing Access', code: 50001 }];
      // As Discord lists a channel: newest first, only those after the `after` snowflake, at most `limit`.
      const after = BigInt(query.get('after') ?? '0');
      const limit = Math.min(100, Number(query.get('limit') ?? 50));
      const listed = (this.messages.get(m[1]!) ?? []).filter((x) => BigInt(x.id) > after).map((x) => x.created);
      return [200, listed.slice(0, limit).reverse()];
    }
    if ((m = /^\/channels\/(\d+)$/.exec(path)) && m[1] === IDS.channel) return [200, channelPayload()];
    return [404, { message: '404: Not Found', code: 0 }];
  }

  private message(channelId: string, body: any) {
    const created = { id: this.snowflake(), channel_id: channelId, author: user(IDS.bot, 'paperboy', true), type: 0, timestamp: new Date().toISOString(), content: '', embeds: [], components: [], attachments: [], ...body };
    const list = this.messages.get(channelId) ?? [];
    list.push({ id: created.id, body, at: Date.now(), created });
    this.messages.set(channelId, list);
    return created;
  }
}

function send(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  res.writeHead(status, { ...headers, ...(body === undefined ? {} : { 'Content-Type': 'application/json' }) });
  res.end(body === undefined ? undefined : JSON.stringify(body));
}

async function parseBody(headers: IncomingHttpHeaders, raw: Buffer): Promise<{ body: any; files: DiscordCall['files'] }> {
  const type = headers['content-type'] ?? '';
  if (!raw.length) return { body: undefined, files: [] };
  if (type.startsWith('multipart/form-data')) {
    const form = await new Request('http://fake/', { method: 'POST', headers: { 'content-type': type }, body: new Uint8Array(raw) }).formData();
    const files: DiscordCall['files'] = [];
    let body: any;
    for (const [key, value] of form.entries()) {
      if (key === 'payload_json') body = JSON.parse(String(value));
      else if (typeof value !== 'string') files.push({ name: value.name, contentType: value.type, text: await value.text() });
    }
    return { body, files };
  }
  try {
    return { body: JSON.parse(raw.toString('utf8')), files: [] };
  } catch {
    return { body: raw.toString('utf8'), files: [] };
  }
}

