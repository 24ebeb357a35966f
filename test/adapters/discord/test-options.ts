// Small shared test helpers for the Discord adapter tests (no app import, so unit-level tests stay light).
import { setTimeout as sleep } from 'node:timers/promises';
import type { DiscordAdapterOptions } from '../../../adapters/discord/discord-adapter.ts';

/** Options tests use: tight REST timeouts and a short deferral, so faults show fast. */
export const TEST_ADAPTER_OPTIONS: DiscordAdapterOptions = {
  tuning: { rest: { timeout: 1_000, retries: 2, offset: 0 }, waitGuildTimeout: 2_000 },
  deferAfterMs: 1_000,
};

/** Poll until `check` returns something truthy (bounded by the test timeout, not by wall-clock asserts). */
export async function eventually<T>(check: () => Promise<T> | T): Promise<NonNullable<T>> {
  for (;;) {
    const value = await check();
    if (value) return value as NonNullable<T>;
    await sleep(10);
  }
}
