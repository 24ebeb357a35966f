// Wires delivery, the scheduler and /healthz + /metrics for createApp, behind one small surface.
import type { AppServices, DeliveryOutcome } from '../app-services.ts';
import type { ChannelRef, ChatAdapter, Platform } from '../chat.ts';
import { createDeliveryService } from './delivery.ts';
import { createScheduler, notifyOnChange, type Scheduler } from '../schedule/scheduler.ts';
import { createMetrics, type Metrics } from '../observability/metrics.ts';
import { startObservabilityServer, standardProbes, type ObservabilityServer } from '../observability/http-server.ts';
import { waitAtMost } from '../wait-at-most.ts';

/** What createApp needs from the delivery side. */
export interface DeliveryWiring {
  deliverNow(ref: ChannelRef, opts?: { date?: string }): Promise<DeliveryOutcome>;
  /** The command handler reports each command's latency here (seconds). */
  observeCommand(name: string, seconds: number, outcome: string): void;
  /** Subscriptions that tell the scheduler when they change (use instead of the raw store). */
  readonly subscriptions: AppServices['stores']['subscriptions'];
  readonly metrics: Metrics;
  start(): Promise<void>;
  stop(): Promise<void>;
}

/** How long stopping waits for digests being posted. */
const STOP_WAIT_MS = 10_000;

/** Build delivery + scheduler + observability over the services and the (late-filled) adapter map. */
export function createDelivery(deps: { services: AppServices; adapters: Map<Platform, ChatAdapter> }): DeliveryWiring {
  const { services, adapters } = deps;
  const { stores, logger, clock, config } = services;
  const metrics = createMetrics();
  /** On-demand digests (/paper digest) being posted: stopping waits for them as for scheduled ones. */
  const onDemand = new Set<Promise<DeliveryOutcome>>();
  let scheduler: Scheduler | undefined;
  let server: ObservabilityServer | undefined;
  const subscriptions = notifyOnChange(stores.subscriptions, (platform, channelId) => scheduler?.refresh(platform, channelId));
  const delivery = createDeliveryService({
    stores: { ...stores, subscriptions },
    digests: services.digests,
    papers: services.papers,
    adapters,
    logger,
    clock,
    config,
    metrics,
  });

  return {
    subscriptions,
    metrics,
    deliverNow: (ref, opts) => {
      const run = delivery.deliverNow(ref, opts);
      onDemand.add(run);
      void run.finally(() => onDemand.delete(run)).catch(() => {});
      return run;
    },
    observeCommand: (name, seconds) => metrics.observeCommand(name, seconds * 1000),
    async start() {
      // The server first: a port in use fails start-up before any digest is scheduled.
      if (config.metricsPort !== undefined) {
        // It logs its port itself.
        server = await startObservabilityServer({ port: config.metricsPort, metrics, logger, probes: standardProbes(stores, adapters.values()), portVariable: 'METRICS_PORT' });
      }
      scheduler = createScheduler({ stores: { ...stores, subscriptions }, delivery, logger, clock, config, options: { scope: scopeOf([...adapters.keys()], config.discord?.shards) } });
      await scheduler.start();
    },
    async stop() {
      await server?.close();
      // Scheduled digests and those asked for with /paper digest finish (within the same 10 s) before the
      // adapters and the store they post through are closed.
      await Promise.all([scheduler?.stop(STOP_WAIT_MS), waitAtMost(Promise.allSettled([...onDemand]), STOP_WAIT_MS)]);
      server = undefined;
      scheduler = undefined;
    },
  };
}

/** What a process schedules: its platforms, and its Discord shards when it runs only some (`discord[0,1/4]+slack`). */
export function scopeOf(platforms: readonly Platform[], shards?: { ids: number[]; count: number }): string {
  return [...platforms]
    .sort()
    .map((p) => (p === 'discord' && shards ? `discord[${[...shards.ids].sort((a, b) => a - b).join(',')}/${shards.count}]` : p))
    .join('+');
}
