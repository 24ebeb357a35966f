// GET /healthz and GET /metrics on METRICS_PORT: store and platform connections, Prometheus metrics.
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { ChatAdapter } from '../chat.ts';
import type { Logger } from '../logger.ts';
import type { Stores } from '../store/stores.ts';
import type { Metrics } from './metrics.ts';
import { listenProblem } from '../errors.ts';

/** One dependency's state in /healthz. */
export interface HealthCheck {
  ok: boolean;
  detail?: string;
}

/** The /healthz body: 200 when every check is ok, else 503. */
export interface Health {
  ok: boolean;
  checks: Record<string, HealthCheck>;
}

/** A named probe; a throw or a timeout counts as down. */
export type Probe = () => Promise<HealthCheck | boolean> | HealthCheck | boolean;

/**
 * How an adapter says whether it is connected. Adapters may expose `connected` (a boolean or a
 * function returning one); one that does not is reported as started, and counted as up.
 */
export function adapterProbe(adapter: ChatAdapter): Probe {
  return () => {
    const c = (adapter as { connected?: unknown }).connected;
    const value = typeof c === 'function' ? (c as () => unknown).call(adapter) : c;
    if (typeof value === 'boolean') return { ok: value, detail: value ? 'connected' : 'disconnected' };
    return { ok: true, detail: 'started (no connection state reported)' };
  };
}

/** The usual probes: the store's ping and each adapter's connection. */
export function standardProbes(stores: Pick<Stores, 'ping'>, adapters: Iterable<ChatAdapter>): Record<string, Probe> {
  const probes: Record<string, Probe> = { store: () => stores.ping() };
  for (const a of adapters) probes[a.platform] = adapterProbe(a);
  return probes;
}

/** Run every probe (each within `timeoutMs`) and gather the result. */
export async function checkHealth(probes: Record<string, Probe>, timeoutMs = 2000): Promise<Health> {
  const entries = await Promise.all(
    Object.entries(probes).map(async ([name, probe]): Promise<[string, HealthCheck]> => {
      let timer: NodeJS.Timeout | undefined;
      try {
        const timeout = new Promise<HealthCheck>((resolve) => {
          timer = setTimeout(() => resolve({ ok: false, detail: `no answer within ${timeoutMs} ms` }), timeoutMs);
        });
        const r = await Promise.race([Promise.resolve().then(probe), timeout]);
        return [name, typeof r === 'boolean' ? { ok: r } : r];
      } catch (err) {
        return [name, { ok: false, detail: err instanceof Error ? err.message : String(err) }];
      } finally {
        clearTimeout(timer);
      }
    }),
  );
  const checks = Object.fromEntries(entries);
  return { ok: entries.every(([, c]) => c.ok), checks };
}

export interface ObservabilityServerOptions {
  port: number;
  /** The variable that set the port, named when it is in use (METRICS_PORT). */
  portVariable?: string;
  /** Default 0.0.0.0 (scrapers run elsewhere); tests pass 127.0.0.1. */
  host?: string;
  metrics: Metrics;
  probes: Record<string, Probe>;
  logger: Logger;
  probeTimeoutMs?: number;
}

/** The running server; `port` is the bound one (useful with port 0). */
export interface ObservabilityServer {
  readonly port: number;
  close(): Promise<void>;
}

/** Start the /healthz and /metrics server. */
export async function startObservabilityServer(opts: ObservabilityServerOptions): Promise<ObservabilityServer> {
  const server: Server = createServer((req, res) => {
    const path = (req.url ?? '/').split('?')[0];
    if (req.method !== 'GET' && req.method !== 'HEAD') {
      res.writeHead(405, { allow: 'GET, HEAD', 'content-type': 'text/plain' }).end('method not allowed\n');
      return;
    }
    if (path === '/metrics') {
      res.writeHead(200, { 'content-type': 'text/plain; version=0.0.4; charset=utf-8' }).end(opts.metrics.render());
      return;
    }
    if (path === '/healthz') {
      checkHealth(opts.probes, opts.probeTimeoutMs)
        .then((health) => {
          if (!health.ok) opts.logger.warn({ checks: health.checks }, 'health check failing');
          res.writeHead(health.ok ? 200 : 503, { 'content-type': 'application/json' }).end(JSON.stringify(health));
        })
        .catch((err: unknown) => {
          opts.logger.error({ err }, 'health check crashed');
          res.writeHead(503, { 'content-type': 'application/json' }).end(JSON.stringify({ ok: false, checks: {} }));
        });
      return;
    }
    res.writeHead(404, { 'content-type': 'text/plain' }).end('not found: try /healthz or /metrics\n');
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', (err) => reject(opts.portVariable ? listenProblem(err, opts.portVariable, opts.port) : err));
    server.listen(opts.port, opts.host ?? '0.0.0.0', () => {
      server.removeAllListeners('error');
      resolve();
    });
  });
  const port = (server.address() as AddressInfo).port;
  opts.logger.info({ port }, 'metrics and health on /metrics and /healthz');
  return {
    port,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
