// A real HTTP server on 127.0.0.1 that records requests and plays scripted faults per route (shared by the fakes).
import { createServer, type IncomingHttpHeaders, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';

/** One request the fake received. */
export interface RecordedRequest<R extends string = string> {
  route: R | 'unknown';
  method: string;
  /** Path with the query string. */
  url: string;
  path: string;
  query: Record<string, string>;
  headers: IncomingHttpHeaders;
  /** Date.now() when it arrived. */
  at: number;
  /** For `hugeBytes` faults: how much of the body the server produced before the client stopped reading. */
  bytesSent?: number;
}

/**
 * What to do instead of (or on top of) the normal answer. Combine freely:
 * `{status: 429, retryAfter: 1}`, `{status: 500}`, `{delayMs: 50}`, `{hang: true}` (never answer),
 * `{reset: true}` (drop the connection), `{truncate: true}` (half the body, honest Content-Length),
 * `{hugeBytes: 10 * 2 ** 20}` (stream that many bytes; `declareLength` sends Content-Length too),
 * `{body: [...]}` (a custom body: JSON-encoded unless a string).
 */
export interface Fault {
  status?: number;
  retryAfter?: number | string;
  headers?: Record<string, string>;
  body?: unknown;
  contentType?: string;
  delayMs?: number;
  hang?: boolean;
  reset?: boolean;
  truncate?: boolean;
  hugeBytes?: number;
  declareLength?: boolean;
}

/** The normal answer of a route. */
export interface FakeResponse {
  status: number;
  body: string;
  contentType?: string;
}

/** A running scripted server. */
export interface ScriptedServer<R extends string> {
  /** Base URL, e.g. `http://127.0.0.1:41234` (no trailing slash). */
  url: string;
  requests: RecordedRequest<R>[];
  requestsTo(route: R): RecordedRequest<R>[];
  /** Script `fault` for the next `times` requests to `route` (`'*'`: any route). Faults queue in order. */
  fail(route: R | '*', fault: Fault, times?: number): void;
  /** Forget every queued fault. */
  clearFaults(): void;
  close(): Promise<void>;
}

/** Routing and normal answers of a scripted server. */
export interface ScriptedServerOptions<R extends string> {
  route(path: string): R | undefined;
  respond(route: R, url: URL): FakeResponse;
}

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/** Start a scripted server on 127.0.0.1, port 0. */
export async function startScriptedServer<R extends string>(opts: ScriptedServerOptions<R>): Promise<ScriptedServer<R>> {
  const requests: RecordedRequest<R>[] = [];
  const faults = new Map<string, { fault: Fault; left: number }[]>();
  const sockets = new Set<Socket>();
  let closed = false;

  const nextFault = (route: string): Fault | undefined => {
    for (const key of [route, '*']) {
      const queue = faults.get(key);
      const head = queue?.[0];
      if (!queue || !head) continue;
      if (--head.left <= 0) queue.shift();
      return head.fault;
    }
    return undefined;
  };

  const server = createServer((req, res) => {
    res.on('error', () => undefined);
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    const route = opts.route(url.pathname);
    const record: RecordedRequest<R> = {
      route: route ?? 'unknown',
      method: req.method ?? 'GET',
      url: req.url ?? '/',
      path: url.pathname,
      query: Object.fromEntries(url.searchParams),
      headers: req.headers,
      at: Date.now(),
    };
    requests.push(record);
    const fault = route ? nextFault(route) : undefined;
    void answer(res, record, route, url, fault).catch(() => res.destroy());
  });

  async function answer(res: ServerResponse, record: RecordedRequest<R>, route: R | undefined, url: URL, fault: Fault | undefined): Promise<void> {
    if (fault?.delayMs) await sleep(fault.delayMs);
    if (closed || fault?.hang) return; // the socket is destroyed on close()
    if (fault?.reset) return void res.socket?.destroy();
    const headers: Record<string, string> = { ...fault?.headers };
    if (fault?.retryAfter !== undefined) headers['retry-after'] = String(fault.retryAfter);
    if (fault?.hugeBytes) {
      headers['content-type'] = 'application/json';
      if (fault.declareLength) headers['content-length'] = String(fault.hugeBytes);
      res.writeHead(fault.status ?? 200, headers);
      record.bytesSent = 0;
      await pipeline(hugeBody(fault.hugeBytes, (n) => (record.bytesSent! += n)), res).catch(() => undefined);
      return;
    }
    const normal: FakeResponse = route ? opts.respond(route, url) : { status: 404, body: '{"error":"Not Found"}' };
    let body = normal.body;
    let contentType = normal.contentType ?? 'application/json';
    if (fault?.body !== undefined) {
      body = typeof fault.body === 'string' ? fault.body : JSON.stringify(fault.body);
      contentType = fault.contentType ?? contentType;
    }
    if (fault?.status && fault.body === undefined && fault.status >= 400) body = JSON.stringify({ error: `scripted ${fault.status}` });
    if (fault?.truncate) body = body.slice(0, Math.max(1, Math.floor(body.length / 2)));
    const buf = Buffer.from(body);
    res.writeHead(fault?.status ?? normal.status, { 'content-type': contentType, 'content-length': String(buf.length), ...headers });
    res.end(buf);
  }

  server.on('connection', (socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;

  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    requestsTo: (route) => requests.filter((r) => r.route === route),
    fail(route, fault, times = 1) {
      const queue = faults.get(route) ?? [];
      queue.push({ fault, left: times });
      faults.set(route, queue);
    },
    clearFaults: () => faults.clear(),
    close() {
      closed = true;
      for (const socket of sockets) socket.destroy();
      return new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

/** `bytes` bytes of a JSON array that never ends, in 64 kB chunks, produced lazily. */
function hugeBody(bytes: number, onChunk: (n: number) => void): Readable {
  const chunk = Buffer.alloc(64 * 1024, 0x61);
  chunk[0] = 0x5b; // '['
  let left = bytes;
  return Readable.from(
    (function* () {
      while (left > 0) {
        const n = Math.min(left, chunk.length);
        left -= n;
        onChunk(n);
        yield n === chunk.length ? chunk : chunk.subarray(0, n);
      }
    })(),
  );
}
