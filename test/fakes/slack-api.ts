// A stand-in for Slack on 127.0.0.1: the Web API (form-encoded or JSON bodies), response_url, file uploads and Socket Mode.
import { EventEmitter } from 'node:events';
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { parse as parseForm } from 'node:querystring';
import { WebSocketServer, type WebSocket } from 'ws';
import { TokenBuckets } from './rate-limits.ts';

export * from './slack-requests.ts';

/** One Web API call paperboy made, with JSON-encoded fields (blocks, metadata, view, files) decoded. */
export interface ApiCall {
  method: string;
  params: Record<string, any>;
  headers: IncomingHttpHeaders;
  at: number;
}

/** One POST to a response_url, or to a file upload URL. */
export interface UrlPost {
  path: string;
  body: any;
  raw: string;
  at: number;
}

/** A scripted answer for the next call to a method: an HTTP status (429 with Retry-After), or a Slack error. */
export interface ApiFault {
  status?: number;
  retryAfter?: number;
  /** `{ok: false, error}` with HTTP 200, as Slack reports most problems. */
  error?: string;
  /** chat.postMessage only: store the message first, then fail (a post that landed but looked failed). */
  landThenFail?: boolean;
}

/** A message the fake channel holds. */
export interface StoredMessage {
  ts: string;
  channel: string;
  text?: string;
  blocks?: any[];
  metadata?: { event_type: string; event_payload: Record<string, unknown> };
  /** Date.now() when it was stored. */
  at?: number;
}

/** Options for the fake Slack. */
export interface FakeSlackOptions {
  /**
   * Enforce chat.postMessage's limit per channel as a token bucket (Slack: about one a second,
   * short bursts allowed); a post beyond it is refused with 429 and Retry-After in whole seconds.
   */
  postLimit?: { perSecond: number; burst: number };
  /**
   * A network round trip to add to every API call, in ms (default 0: answered at once, as on 127.0.0.1): half
   * before the call reaches Slack (and counts against postLimit), half before its answer is sent.
   */
  roundTripMs?: number;
}

const JSON_FIELDS = new Set(['blocks', 'metadata', 'view', 'files', 'attachments']);
export const FAKE_BOT_TOKEN = 'xoxb-fake-bot-token';
export const FAKE_APP_TOKEN = 'xapp-fake-app-token';

/** The fake Slack. `apiUrl` is what SLACK_API_URL should be. Emits `response` (UrlPost) on each response_url post. */
export class FakeSlack extends EventEmitter {
  readonly calls: ApiCall[] = [];
  readonly responses: UrlPost[] = [];
  readonly uploads: UrlPost[] = [];
  readonly messages: StoredMessage[] = [];
  /** Channels that answer every post with this Slack error (`channel_not_found`, …). */
  readonly unavailable = new Map<string, string>();
  /** The envelope acks received over Socket Mode. */
  readonly acks: any[] = [];
  private readonly faults = new Map<string, ApiFault[]>();
  private readonly sockets = new Set<Socket>();
  private readonly server: Server;
  private readonly wss: WebSocketServer;
  private socket?: WebSocket;
  private connected?: () => void;
  private tsCounter = 0;
  private fileCounter = 0;
  private readonly postLimit?: TokenBuckets;
  /** chat.postMessage calls refused with 429 by `postLimit`. */
  rateLimited = 0;
  /** The network round trip added to every call from now on (FakeSlackOptions.roundTripMs). */
  roundTripMs: number;
  /** Calls received and not yet answered, and the most there have been at once. */
  private inFlight = 0;
  mostInFlight = 0;
  base = '';

  constructor(opts: FakeSlackOptions = {}) {
    super();
    if (opts.postLimit) this.postLimit = new TokenBuckets(opts.postLimit.perSecond, opts.postLimit.burst);
    this.roundTripMs = opts.roundTripMs ?? 0;
    this.server = createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', () => {
        const raw = Buffer.concat(chunks).toString('utf8');
        // Half the round trip on the way in, half on the way out (at once when there is none).
        const half = (fn: () => void) => (this.roundTripMs ? setTimeout(fn, this.roundTripMs / 2) : fn());
        this.mostInFlight = Math.max(this.mostInFlight, ++this.inFlight);
        half(() =>
          void this.route(req.url ?? '/', req.headers, raw).then(({ status, body, headers }) =>
            half(() => {
              this.inFlight--;
              res.writeHead(status, { 'content-type': 'application/json', ...headers });
              res.end(JSON.stringify(body));
            }),
          ),
        );
      });
    });
    this.server.on('connection', (s) => {
      this.sockets.add(s);
      s.on('close', () => this.sockets.delete(s));
    });
    this.wss = new WebSocketServer({ noServer: true });
    this.server.on('upgrade', (req, socket, head) => {
      this.wss.handleUpgrade(req, socket, head, (ws) => {
        this.socket = ws;
        ws.on('message', (data) => this.acks.push(JSON.parse(String(data))));
        ws.send(JSON.stringify({ type: 'hello', num_connections: 1, connection_info: { app_id: 'A1' } }));
        this.connected?.();
      });
    });
  }

  /** Listen on 127.0.0.1, a free port. */
  async start(): Promise<this> {
    await new Promise<void>((resolve) => this.server.listen(0, '127.0.0.1', resolve));
    this.base = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
    return this;
  }

  /** SLACK_API_URL for paperboy. */
  get apiUrl(): string {
    return `${this.base}/api/`;
  }

  /** A response_url for one slash command or button press. */
  responseUrl(id: string): string {
    return `${this.base}/respond/${id}`;
  }

  /** Script faults for the next calls of a method, in order. */
  fail(method: string, ...faults: ApiFault[]): void {
    this.faults.set(method, [...(this.faults.get(method) ?? []), ...faults]);
  }

  /** Calls of one method, in order. */
  callsTo(method: string): ApiCall[] {
    return this.calls.filter((c) => c.method === method);
  }

  /** Wait until `pred` holds (polling), or fail after `timeoutMs`. */
  async waitFor<T>(pred: () => T | undefined | false, timeoutMs = 5000, what = 'condition'): Promise<T> {
    const end = Date.now() + timeoutMs;
    for (;;) {
      const v = pred();
      if (v) return v;
      if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
      await new Promise((r) => setTimeout(r, 10));
    }
  }

  /** Resolves when a Socket Mode client has connected. */
  socketConnected(): Promise<void> {
    return this.socket ? Promise.resolve() : new Promise((resolve) => (this.connected = resolve));
  }

  /** Deliver a Socket Mode envelope; resolves with paperboy's ack for it. */
  async sendEnvelope(type: string, payload: unknown, envelopeId = `env-${Date.now()}`): Promise<any> {
    if (!this.socket) throw new Error('no Socket Mode client connected');
    this.socket.send(JSON.stringify({ envelope_id: envelopeId, type, payload, accepts_response_payload: type !== 'events_api' }));
    return this.waitFor(() => this.acks.find((a) => a.envelope_id === envelopeId), 3000, `ack of ${envelopeId}`);
  }

  async stop(): Promise<void> {
    for (const c of this.wss.clients) c.terminate();
    this.wss.close();
    for (const s of this.sockets) s.destroy();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  private async route(url: string, headers: IncomingHttpHeaders, raw: string): Promise<{ status: number; body: unknown; headers?: Record<string, string> }> {
    const path = new URL(url, this.base).pathname;
    const at = Date.now();
    if (path.startsWith('/respond/')) {
      const post = { path, raw, body: safeJson(raw), at };
      this.responses.push(post);
      this.emit('response', post);
      return path.endsWith('/expired') ? { status: 404, body: { ok: false, error: 'expired_url' } } : { status: 200, body: { ok: true } };
    }
    if (path.startsWith('/upload/')) {
      this.uploads.push({ path, raw, body: raw, at });
      return { status: 200, body: { ok: true } };
    }
    const method = path.replace(/^\/api\//, '');
    const params = decode(headers['content-type']?.startsWith('application/x-www-form-urlencoded') ? parseForm(raw) : safeJson(raw) ?? {});
    this.calls.push({ method, params, headers, at });
    const token = (headers.authorization ?? '').replace(/^Bearer /, '');
    const expected = method === 'apps.connections.open' ? FAKE_APP_TOKEN : FAKE_BOT_TOKEN;
    if (token !== expected) return { status: 200, body: { ok: false, error: 'invalid_auth' } };
    const fault = this.faults.get(method)?.shift();
    if (fault?.landThenFail) this.store(params);
    if (fault?.status) {
      return { status: fault.status, body: { ok: false, error: 'fault' }, headers: fault.retryAfter !== undefined ? { 'retry-after': String(fault.retryAfter) } : {} };
    }
    if (fault?.error) return { status: 200, body: { ok: false, error: fault.error } };
    if (method === 'chat.postMessage' && this.postLimit) {
      const verdict = this.postLimit.take(String(params.channel), at);
      if (!verdict.ok) {
        this.rateLimited++;
        return { status: 429, body: { ok: false, error: 'ratelimited' }, headers: { 'retry-after': String(Math.ceil(verdict.retryAfterMs / 1000)) } };
      }
    }
    return { status: 200, body: this.answer(method, params) };
  }

  private answer(method: string, p: Record<string, any>): unknown {
    switch (method) {
      case 'auth.test':
        return { ok: true, url: 'https://fake.slack.com/', team: 'Fake', user: 'paperboy', team_id: 'T1', user_id: 'UBOT', bot_id: 'BBOT' };
      case 'apps.connections.open':
        return { ok: true, url: `${this.base.replace('http', 'ws')}/socket` };
      case 'chat.postMessage': {
        const gone = this.unavailable.get(p.channel);
        if (gone) return { ok: false, error: gone };
        const m = this.store(p);
        return { ok: true, channel: p.channel, ts: m.ts, message: { text: p.text, ts: m.ts } };
      }
      case 'chat.postEphemeral':
        return { ok: true, message_ts: this.nextTs() };
      case 'conversations.history': {
        const oldest = Number(p.oldest ?? 0);
        const msgs = this.messages.filter((m) => m.channel === p.channel && Number(m.ts) >= oldest).reverse();
        return { ok: true, messages: msgs.map((m) => ({ type: 'message', ts: m.ts, text: m.text, ...(p.include_all_metadata ? { metadata: m.metadata } : {}) })) };
      }
      case 'conversations.open':
        return { ok: true, channel: { id: `D${String(p.users).slice(1)}` } };
      case 'views.publish':
        return { ok: true, view: { id: 'V1', ...p.view } };
      case 'files.getUploadURLExternal': {
        const id = `F${++this.fileCounter}`;
        return { ok: true, upload_url: `${this.base}/upload/${id}`, file_id: id };
      }
      case 'files.completeUploadExternal':
        return { ok: true, files: (p.files ?? []).map((f: { id: string; title?: string }) => ({ id: f.id, title: f.title })) };
      default:
        return { ok: false, error: 'unknown_method' };
    }
  }

  private store(p: Record<string, any>): StoredMessage {
    const m: StoredMessage = { ts: this.nextTs(), channel: p.channel, text: p.text, blocks: p.blocks, metadata: p.metadata, at: Date.now() };
    this.messages.push(m);
    return m;
  }

  private nextTs(): string {
    return `${Math.floor(Date.now() / 1000)}.${String(++this.tsCounter).padStart(6, '0')}`;
  }
}

function safeJson(raw: string): any {
  try {
    return JSON.parse(raw);
  } catch {
    return undefined;
  }
}

function decode(form: Record<string, unknown>): Record<string, any> {
  const out: Record<string, any> = {};
  for (const [k, v] of Object.entries(form)) {
    out[k] = typeof v === 'string' && JSON_FIELDS.has(k) ? (safeJson(v) ?? v) : v;
  }
  return out;
}
