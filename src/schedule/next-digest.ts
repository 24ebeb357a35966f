// When a channel's next scheduled digest goes out, as /paper subscribe and /paper settings say it.
import type { DeliveryLog, Subscription } from '../store/stores.ts';
import { closesDay } from '../digest/delivery-parts.ts';
import { addDays, localDay, nextDue, offsetAt, type Occurrence } from './due.ts';

/**
 * The channel's next digest after `now`, as the scheduler will post it: the first occurrence whose day has no
 * record that ends it (today's digest, sent before the time was moved later, is not sent again). Undefined when
 * the schedule has no day in the next weeks.
 */
export async function nextDigest(sub: Subscription, now: Date, deliveries: Pick<DeliveryLog, 'get'>): Promise<Occurrence | undefined> {
  let after = now;
  for (let i = 0; i < 8; i++) {
    const occ = nextDue(sub, after);
    if (!occ) return undefined;
    const rec = await deliveries.get(sub.platform, sub.channelId, occ.day);
    if (!rec || !closesDay(rec, sub)) return occ;
    after = occ.at;
  }
  return undefined;
}

/** `today at 09:00 Europe/Berlin`, `tomorrow at …`, `Mon 30 Nov at …`: the channel's own day and time. */
export function describeWhen(occ: Occurrence, timezone: string, now: Date): string {
  // The local time: the instant moved by the zone's offset then, read as UTC.
  const time = new Date(occ.at.getTime() + offsetAt(occ.at, timezone)).toISOString().slice(11, 16);
  const today = localDay(now, timezone);
  const day =
    occ.day === today
      ? 'today'
      : occ.day === addDays(today, 1)
        ? 'tomorrow'
        : new Date(`${occ.day}T00:00:00Z`).toLocaleDateString('en-GB', { timeZone: 'UTC', weekday: 'short', day: 'numeric', month: 'short' }).replace(',', '');
  return `${day} at ${time} ${timezone}`;
}
