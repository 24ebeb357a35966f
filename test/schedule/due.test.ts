// Schedule math: local days, due instants, and the 2026 DST changes in Berlin and New York.
import { describe, expect, it } from 'vitest';
import { dueBetween, lastDue, localDay, nextDue, occurrencesBetween, offsetAt, zonedInstant } from '../../src/schedule/due.ts';

const iso = (d: Date | undefined) => d?.toISOString();
const daily = [0, 1, 2, 3, 4, 5, 6];

describe('zonedInstant', () => {
  it('maps ordinary local times to UTC', () => {
    expect(iso(zonedInstant('2026-11-23', '09:00', 'Europe/Berlin'))).toBe('2026-11-23T08:00:00.000Z');
    expect(iso(zonedInstant('2026-07-01', '09:00', 'Europe/Berlin'))).toBe('2026-07-01T07:00:00.000Z');
    expect(iso(zonedInstant('2026-11-23', '09:00', 'America/New_York'))).toBe('2026-11-23T14:00:00.000Z');
    expect(iso(zonedInstant('2026-11-23', '09:00', 'Asia/Kolkata'))).toBe('2026-11-23T03:30:00.000Z');
    expect(iso(zonedInstant('2026-11-23', '00:00', 'UTC'))).toBe('2026-11-23T00:00:00.000Z');
  });

  it('fires a time that does not exist (spring forward) at the jump, the first valid instant after it', () => {
    // Berlin 2026-03-29: 02:00 CET becomes 03:00 CEST (01:00 UTC).
    for (const t of ['02:00', '02:30', '02:59']) expect(iso(zonedInstant('2026-03-29', t, 'Europe/Berlin'))).toBe('2026-03-29T01:00:00.000Z');
    expect(iso(zonedInstant('2026-03-29', '03:00', 'Europe/Berlin'))).toBe('2026-03-29T01:00:00.000Z');
    expect(iso(zonedInstant('2026-03-29', '01:59', 'Europe/Berlin'))).toBe('2026-03-29T00:59:00.000Z');
    // New York 2026-03-08: 02:00 EST becomes 03:00 EDT (07:00 UTC).
    expect(iso(zonedInstant('2026-03-08', '02:15', 'America/New_York'))).toBe('2026-03-08T07:00:00.000Z');
    expect(iso(zonedInstant('2026-03-08', '03:15', 'America/New_York'))).toBe('2026-03-08T07:15:00.000Z');
  });

  it('fires an ambiguous time (fall back) at its first occurrence', () => {
    // Berlin 2026-10-25: 03:00 CEST becomes 02:00 CET; 02:30 happens at 00:30 and 01:30 UTC.
    expect(iso(zonedInstant('2026-10-25', '02:30', 'Europe/Berlin'))).toBe('2026-10-25T00:30:00.000Z');
    expect(iso(zonedInstant('2026-10-25', '03:00', 'Europe/Berlin'))).toBe('2026-10-25T02:00:00.000Z');
    // New York 2026-11-01: 02:00 EDT becomes 01:00 EST; 01:30 happens at 05:30 and 06:30 UTC.
    expect(iso(zonedInstant('2026-11-01', '01:30', 'America/New_York'))).toBe('2026-11-01T05:30:00.000Z');
    expect(iso(zonedInstant('2026-11-01', '09:00', 'America/New_York'))).toBe('2026-11-01T14:00:00.000Z');
  });

  it('rejects times that are not HH:MM', () => {
    expect(() => zonedInstant('2026-11-23', '9am', 'UTC')).toThrow(RangeError);
    expect(() => zonedInstant('2026-11-23', '24:00', 'UTC')).toThrow(RangeError);
  });
});

describe('local days and offsets', () => {
  it('reads the day in the channel’s timezone', () => {
    expect(localDay(new Date('2026-11-23T23:30:00Z'), 'Asia/Tokyo')).toBe('2026-11-24');
    expect(localDay(new Date('2026-11-23T03:30:00Z'), 'America/Los_Angeles')).toBe('2026-11-22');
    expect(offsetAt(new Date('2026-07-01T00:00:00Z'), 'Europe/Berlin')).toBe(2 * 3_600_000);
    expect(offsetAt(new Date('2026-12-01T00:00:00Z'), 'America/New_York')).toBe(-5 * 3_600_000);
  });
});

describe('nextDue and occurrences', () => {
  it('skips days not in the schedule (Mon–Fri)', () => {
    const sub = { time: '09:00', timezone: 'Europe/Berlin', days: [1, 2, 3, 4, 5] };
    // Saturday 2026-11-21 → Monday 2026-11-23.
    expect(nextDue(sub, new Date('2026-11-21T12:00:00Z'))).toEqual({ day: '2026-11-23', at: new Date('2026-11-23T08:00:00Z') });
    expect(nextDue(sub, new Date('2026-11-23T08:00:00Z'))?.day).toBe('2026-11-24');
    expect(nextDue({ ...sub, days: [] }, new Date())).toBeUndefined();
  });

  it.each([
    ['Europe/Berlin', '02:30', '2026-03-27T00:00:00Z', '2026-03-31T00:00:00Z', ['2026-03-27T01:30:00.000Z', '2026-03-28T01:30:00.000Z', '2026-03-29T01:00:00.000Z', '2026-03-30T00:30:00.000Z']],
    ['Europe/Berlin', '02:30', '2026-10-24T00:00:00Z', '2026-10-27T00:00:00Z', ['2026-10-24T00:30:00.000Z', '2026-10-25T00:30:00.000Z', '2026-10-26T01:30:00.000Z']],
    ['America/New_York', '02:15', '2026-03-07T00:00:00Z', '2026-03-10T00:00:00Z', ['2026-03-07T07:15:00.000Z', '2026-03-08T07:00:00.000Z', '2026-03-09T06:15:00.000Z']],
    ['America/New_York', '01:30', '2026-10-31T00:00:00Z', '2026-11-03T00:00:00Z', ['2026-10-31T05:30:00.000Z', '2026-11-01T05:30:00.000Z', '2026-11-02T06:30:00.000Z']],
    ['America/New_York', '09:00', '2026-03-07T00:00:00Z', '2026-03-10T00:00:00Z', ['2026-03-07T14:00:00.000Z', '2026-03-08T13:00:00.000Z', '2026-03-09T13:00:00.000Z']],
  ])('%s at %s: one digest per day across the change (%s … %s)', (timezone, time, from, to, expected) => {
    const found = occurrencesBetween({ time, timezone, days: daily }, new Date(from), new Date(to));
    expect(found.map((o) => iso(o.at))).toEqual(expected);
    expect(new Set(found.map((o) => o.day)).size).toBe(found.length);
  });

  it('gives a day a zone skipped whole no digest, and the day after its own one (Pacific/Apia, 2011-12-30)', () => {
    const from = new Date('2011-12-28T12:00:00Z');
    const to = new Date('2012-01-02T12:00:00Z');
    for (const time of ['00:00', '00:15', '09:00', '23:59']) {
      const found = occurrencesBetween({ time, timezone: 'Pacific/Apia', days: daily }, from, to);
      expect(found.map((o) => o.day)).not.toContain('2011-12-30');
      expect(found.map((o) => o.day)).toContain('2011-12-31');
      expect(new Set(found.map((o) => o.day)).size).toBe(found.length);
      for (const o of found) expect(localDay(o.at, 'Pacific/Apia')).toBe(o.day);
    }
    // A Mon–Fri schedule: Thursday the 29th, then Monday 2 January (not Saturday the 31st labelled Friday).
    const weekdays = occurrencesBetween({ time: '09:00', timezone: 'Pacific/Apia', days: [1, 2, 3, 4, 5] }, from, new Date('2012-01-02T00:00:00Z'));
    expect(weekdays.map((o) => [o.day, iso(o.at)])).toEqual([
      ['2011-12-28', '2011-12-28T19:00:00.000Z'],
      ['2011-12-29', '2011-12-29T19:00:00.000Z'],
      ['2012-01-02', '2012-01-01T19:00:00.000Z'],
    ]);
  });

  it('finds the latest occurrence at or before an instant', () => {
    const sub = { time: '09:00', timezone: 'UTC', days: daily };
    expect(lastDue(sub, new Date('2026-11-23T09:00:00Z'))?.day).toBe('2026-11-23');
    expect(lastDue(sub, new Date('2026-11-23T08:59:00Z'))?.day).toBe('2026-11-22');
  });

  it('lists which subscriptions are due in a window', () => {
    const subs = [
      { id: 'a', time: '09:00', timezone: 'UTC', days: daily },
      { id: 'b', time: '09:01', timezone: 'UTC', days: daily },
      { id: 'c', time: '10:00', timezone: 'Europe/Berlin', days: daily },
    ];
    const due = dueBetween(subs, new Date('2026-11-23T08:59:00Z'), new Date('2026-11-23T09:00:00Z'));
    expect(due.map((d) => d.sub.id).sort()).toEqual(['a', 'c']);
  });
});
