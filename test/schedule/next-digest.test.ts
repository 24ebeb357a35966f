// When the next digest goes out, as /paper subscribe says it: the scheduler's next occurrence, less days already served.
import { describe, expect, it } from 'vitest';
import { describeWhen, nextDigest } from '../../src/schedule/next-digest.ts';
import type { DeliveryRecord } from '../../src/store/stores.ts';
import { cleanupAfterEach, subscription } from './harness.ts';

const DAY = '2026-11-23'; // a Monday
const { memoryStores } = cleanupAfterEach();

const record = (status: DeliveryRecord['status'], updatedAt: string): DeliveryRecord => ({ platform: 'slack', channelId: 'C1', day: DAY, status, paperIds: [], messages: [], startedAt: updatedAt, updatedAt });

describe('nextDigest', () => {
  it('moved from 09:00 UTC to Berlin at 08:30 UTC (09:30 there): tomorrow, not today', async () => {
    const stores = await memoryStores();
    const now = new Date(`${DAY}T08:30:00Z`);
    const sub = subscription('slack', 'C1', { timezone: 'Europe/Berlin', updatedAt: now.toISOString() });
    const next = await nextDigest(sub, now, stores.deliveries);
    expect(next).toEqual({ day: '2026-11-24', at: new Date('2026-11-24T08:00:00Z') });
    expect(describeWhen(next!, sub.timezone, now)).toBe('tomorrow at 09:00 Europe/Berlin');
  });

  it('today at a later time, unless today’s digest went out already', async () => {
    const stores = await memoryStores();
    const now = new Date(`${DAY}T10:00:00Z`);
    const sub = subscription('slack', 'C1', { time: '15:00', updatedAt: now.toISOString() });
    expect(describeWhen((await nextDigest(sub, now, stores.deliveries))!, 'UTC', now)).toBe('today at 15:00 UTC');
    await stores.deliveries.put(record('done', `${DAY}T09:00:05.000Z`));
    expect(describeWhen((await nextDigest(sub, now, stores.deliveries))!, 'UTC', now)).toBe('tomorrow at 15:00 UTC');
  });

  it('today again after a failed digest, once the subscription changed since (subscribed again after a pause)', async () => {
    const stores = await memoryStores();
    const now = new Date(`${DAY}T09:30:00Z`);
    await stores.deliveries.put(record('failed', `${DAY}T09:00:01.000Z`));
    const before = subscription('slack', 'C1', { time: '10:00', updatedAt: `${DAY}T08:00:00.000Z` });
    expect((await nextDigest(before, now, stores.deliveries))?.day).toBe('2026-11-24');
    const after = { ...before, updatedAt: now.toISOString() };
    expect((await nextDigest(after, now, stores.deliveries))?.day).toBe(DAY);
  });

  it('names the day beyond tomorrow', async () => {
    const stores = await memoryStores();
    const now = new Date(`${DAY}T10:00:00Z`);
    const sub = subscription('slack', 'C1', { days: [1] });
    expect(describeWhen((await nextDigest(sub, now, stores.deliveries))!, 'UTC', now)).toBe('Mon 30 Nov at 09:00 UTC');
  });
});
