// A paperboy stand-in process for the crash test: start-up catch-up over an SQLite store, then exit.
// Env: STORE_URL (sqlite://… or redis://…), REDIS_PREFIX, CHAT_URL, NOW (ISO instant), LEASE_TTL_MS (default 600:
// a killed process's leases soon run out). Prints "done" when every digest is delivered, by it or by another process
// on the same store (waited for up to WAIT_MS, default 0).
// With PREPARE set, it ticks once after catch-up (preparing what is due in the next minute), prints "prepared" and waits to be killed.
import { openStores } from '../../src/store/open-stores.ts';
import { createDeliveryService } from '../../src/digest/delivery.ts';
import { createScheduler } from '../../src/schedule/scheduler.ts';
import { silentLogger } from '../../src/logger.ts';
import { fakeDigests } from './harness.ts';
import { HttpChatAdapter } from './http-chat-adapter.ts';

const logger = silentLogger();
const config = { digest: { time: '09:00', timezone: 'UTC', size: 3, graceMs: 6 * 3_600_000, lookbackDays: 3 } };
const now = Date.parse(process.env.NOW!);
const clock = { now: () => new Date(now) };
const stores = await openStores(process.env.STORE_URL!, { logger, redisPrefix: process.env.REDIS_PREFIX });
const adapter = new HttpChatAdapter('slack', process.env.CHAT_URL!);
const delivery = createDeliveryService({ stores, digests: fakeDigests(), adapters: new Map([['slack', adapter]]), logger, clock, config, options: { leaseTtlMs: Number(process.env.LEASE_TTL_MS ?? 600), retryBaseMs: 10 } });
const scheduler = createScheduler({ stores, delivery, logger, clock, config, options: { leaseRetryMs: 200 } });
await scheduler.catchUp();
await scheduler.idle();
if (process.env.PREPARE) {
  const { preparing } = await scheduler.tick();
  await scheduler.idle();
  process.stdout.write(`prepared ${preparing}\n`);
  await new Promise(() => {});
}
// Another process on the store may still be finishing the digests whose leases it holds.
const until = Date.now() + Number(process.env.WAIT_MS ?? 0);
let left = await stores.deliveries.unfinished();
while (left.length && Date.now() < until) {
  await new Promise((resolve) => setTimeout(resolve, 100));
  left = await stores.deliveries.unfinished();
}
await stores.close();
process.stdout.write(left.length ? `unfinished ${left.length}\n` : 'done\n');
process.exit(left.length ? 1 : 0);
