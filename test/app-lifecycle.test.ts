// Starting and stopping the whole app: a signal during start-up, a start-up that fails midway, digests still posting at stop.
import net from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { createApp, type RunningApp } from '../src/app.ts';
import { loadConfig } from '../src/config.ts';
import { ConfigError } from '../src/errors.ts';
import { silentLogger } from '../src/logger.ts';
import type { PostedMessage } from '../src/chat.ts';
import type { View } from '../src/views.ts';
import { RecordingAdapter, seedDay } from './schedule/harness.ts';
import { runCli } from './cli/run-cli.ts';

const cleanups: (() => unknown)[] = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

/** An adapter that counts its starts and stops, and whose start or posts can be made to wait. */
class StagedAdapter extends RecordingAdapter {
  starts = 0;
  stops = 0;
  startGate?: Promise<void>;
  postGate?: Promise<void>;
  override async start(): Promise<void> {
    this.starts++;
    await this.startGate;
  }
  override async stop(): Promise<void> {
    this.stops++;
  }
  override async post(channelId: string, view: View): Promise<PostedMessage[]> {
    await this.postGate;
    return super.post(channelId, view);
  }
}

async function appWith(adapters: StagedAdapter[], env: Record<string, string> = {}): Promise<RunningApp> {
  const config = loadConfig({ STORE_URL: 'memory://', HF_API_URL: 'http://127.0.0.1:9', ARXIV_API_URL: 'http://127.0.0.1:9', HTTP_RETRIES: '0', ...env });
  const app = await createApp({ config, logger: silentLogger(), adapters: () => adapters });
  cleanups.push(() => app.stop());
  return app;
}

describe('app start and stop', () => {
  it('goes no further once a signal came during start-up, and stop ends what had begun', async () => {
    const slack = new StagedAdapter('slack');
    const discord = new StagedAdapter('discord');
    let open!: () => void;
    slack.startGate = new Promise((resolve) => (open = resolve));
    const app = await appWith([slack, discord]);
    const stopping = new AbortController();
    const started = app.start({ signal: stopping.signal });
    while (!slack.starts) await new Promise((r) => setTimeout(r, 5));
    stopping.abort();
    open();
    await started;
    expect(discord.starts).toBe(0);
    await app.stop();
    expect([slack.stops, discord.stops]).toEqual([1, 0]);
  });

  it('stops the adapters it started when a later step fails (a port in use), naming the variable', async () => {
    const taken = net.createServer();
    await new Promise<void>((resolve) => taken.listen(0, '127.0.0.1', resolve));
    cleanups.push(() => new Promise((r) => taken.close(r)));
    const port = (taken.address() as net.AddressInfo).port;
    const slack = new StagedAdapter('slack');
    const app = await appWith([slack], { METRICS_PORT: String(port) });
    const err = await app.start().catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ConfigError);
    expect((err as Error).message).toContain(`METRICS_PORT: port ${port} is already in use`);
    await app.stop();
    expect(slack.stops).toBe(1);
  });

  it('lets an on-demand digest finish posting before the adapters and the store close', async () => {
    const slack = new StagedAdapter('slack');
    const app = await appWith([slack]);
    await seedDay(app.stores, '2026-12-04', 3);
    await app.start();
    let release!: () => void;
    slack.postGate = new Promise((resolve) => (release = resolve));
    const digest = app.deliverNow({ platform: 'slack', channelId: 'C1' }, { date: '2026-12-04' });
    while (!slack.starts) await new Promise((r) => setTimeout(r, 5));
    const stopped = app.stop();
    await new Promise((r) => setTimeout(r, 100));
    // Still posting: nothing is closed yet.
    expect(slack.stops).toBe(0);
    release();
    await stopped;
    expect(await digest).toMatchObject({ status: 'done' });
    expect(slack.posts.length).toBeGreaterThan(1);
    expect(slack.stops).toBe(1);
  });
});

describe('paperboy start', () => {
  it('exits 1 when the metrics port is taken, instead of running on after the error', async () => {
    const taken = net.createServer();
    await new Promise<void>((resolve) => taken.listen(0, '0.0.0.0', resolve));
    cleanups.push(() => new Promise((r) => taken.close(r)));
    const port = (taken.address() as net.AddressInfo).port;
    const run = await runCli(['start'], { STORE_URL: 'memory://', METRICS_PORT: String(port), HF_API_URL: 'http://127.0.0.1:9' }, '/paper help\n', 40_000);
    expect(run.code).toBe(1);
    expect(run.stderr).toContain(`METRICS_PORT: port ${port} is already in use`);
  }, 60_000);
});
