// /healthz and /metrics over real HTTP on 127.0.0.1.
import { afterEach, describe, expect, it } from 'vitest';
import { startObservabilityServer, standardProbes, type ObservabilityServer } from '../../src/observability/http-server.ts';
import { createMetrics } from '../../src/observability/metrics.ts';
import { silentLogger } from '../../src/logger.ts';
import { openStores } from '../../src/store/open-stores.ts';
import type { ChatAdapter } from '../../src/chat.ts';

const logger = silentLogger();
let server: ObservabilityServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

const adapter = (platform: 'slack' | 'discord', connected?: boolean | (() => boolean)): ChatAdapter =>
  ({ platform, start: async () => {}, stop: async () => {}, post: async () => [], ...(connected === undefined ? {} : { connected }) }) as ChatAdapter;

describe('observability server', () => {
  it('answers /healthz 200 with the store and adapters up, and /metrics in Prometheus text', async () => {
    const stores = await openStores('memory://', { logger });
    const metrics = createMetrics();
    metrics.rateLimited.inc({ platform: 'discord' });
    server = await startObservabilityServer({ port: 0, host: '127.0.0.1', metrics, logger, probes: standardProbes(stores, [adapter('slack', true), adapter('discord')]) });
    const health = await fetch(`http://127.0.0.1:${server.port}/healthz`);
    expect(health.status).toBe(200);
    const body = (await health.json()) as { ok: boolean; checks: Record<string, { ok: boolean }> };
    expect(body.ok).toBe(true);
    expect(Object.keys(body.checks).sort()).toEqual(['discord', 'slack', 'store']);
    const res = await fetch(`http://127.0.0.1:${server.port}/metrics`);
    expect(res.headers.get('content-type')).toContain('text/plain; version=0.0.4');
    expect(await res.text()).toContain('rate_limited_total{platform="discord"} 1');
    expect((await fetch(`http://127.0.0.1:${server.port}/nope`)).status).toBe(404);
    expect((await fetch(`http://127.0.0.1:${server.port}/metrics`, { method: 'POST' })).status).toBe(405);
    await stores.close();
  });

  it('answers 503 when the store is down, an adapter disconnected, or a probe hangs', async () => {
    const metrics = createMetrics();
    server = await startObservabilityServer({
      port: 0,
      host: '127.0.0.1',
      metrics,
      logger,
      probeTimeoutMs: 50,
      probes: {
        ...standardProbes({ ping: async () => false }, [adapter('slack', () => false)]),
        hangs: () => new Promise<boolean>(() => {}),
        throws: () => {
          throw new Error('probe broke');
        },
      },
    });
    const res = await fetch(`http://127.0.0.1:${server.port}/healthz`);
    expect(res.status).toBe(503);
    const body = (await res.json()) as { ok: boolean; checks: Record<string, { ok: boolean; detail?: string }> };
    expect(body.ok).toBe(false);
    expect(body.checks.store!.ok).toBe(false);
    expect(body.checks.slack).toEqual({ ok: false, detail: 'disconnected' });
    expect(body.checks.hangs!.detail).toContain('no answer');
    expect(body.checks.throws!.detail).toBe('probe broke');
  });
});
