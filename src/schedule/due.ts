// Pure schedule math: when each subscription's digest is due, in its own timezone, across DST changes.
import type { Subscription } from '../store/stores.ts';

/** The part of a subscription that decides when it is due. */
export type Schedule = Pick<Subscription, 'time' | 'timezone' | 'days'>;

/** One scheduled digest: the channel's local day and the instant it is due. */
export interface Occurrence {
  /** Local day in the subscription's timezone (YYYY-MM-DD). */
  day: string;
  /** The UTC instant the digest is due. */
  at: Date;
}

const MINUTE = 60_000;
const DAY = 86_400_000;

const formatters = new Map<string, Intl.DateTimeFormat>();
function formatter(tz: string): Intl.DateTimeFormat {
  let f = formatters.get(tz);
  if (!f) {
    f = new Intl.DateTimeFormat('en-US', {
      timeZone: tz,
      hourCycle: 'h23',
      year: 'numeric',
      month: 'numeric',
      day: 'numeric',
      hour: 'numeric',
      minute: 'numeric',
      second: 'numeric',
    });
    formatters.set(tz, f);
  }
  return f;
}

/** The wall-clock reading in `tz` at `ms`, as if that reading were UTC (ms since epoch). */
function wallMs(ms: number, tz: string): number {
  const p: Record<string, number> = {};
  for (const part of formatter(tz).formatToParts(new Date(ms))) {
    if (part.type !== 'literal') p[part.type] = Number(part.value);
  }
  return Date.UTC(p.year!, p.month! - 1, p.day!, p.hour!, p.minute!, p.second!);
}

/** The timezone's UTC offset at an instant, in ms (Berlin in summer: +7,200,000). */
export function offsetAt(instant: Date | number, tz: string): number {
  const ms = typeof instant === 'number' ? instant : instant.getTime();
  const whole = Math.floor(ms / 1000) * 1000;
  return wallMs(whole, tz) - whole;
}

const dayNumbers = new Map<string, number>();

/**
 * The local day in `tz` at an instant, as days since 1970-01-01. Memoised by the minute: a tick
 * reschedules every channel due at one instant, and the formatter costs more than the rest of
 * nextDue. (Local midnight falls on a whole minute in every zone since the 1970s.)
 */
function localDayNumber(instant: Date, tz: string): number {
  const minute = Math.floor(instant.getTime() / MINUTE);
  const key = `${tz}|${minute}`;
  let n = dayNumbers.get(key);
  if (n === undefined) {
    if (dayNumbers.size > 50_000) dayNumbers.clear();
    n = Math.floor(wallMs(minute * MINUTE, tz) / DAY);
    dayNumbers.set(key, n);
  }
  return n;
}

/** Day number → YYYY-MM-DD. */
const dayString = (n: number) => new Date(n * DAY).toISOString().slice(0, 10);

/** The local day (YYYY-MM-DD) in `tz` at an instant. */
export function localDay(instant: Date, tz: string): string {
  return dayString(localDayNumber(instant, tz));
}

/** Whether `value` is a real YYYY-MM-DD calendar day (`2026-02-30` is not, though Date.parse takes it for March 2). */
export function isCalendarDay(value: string): boolean {
  const t = /^\d{4}-\d{2}-\d{2}$/.test(value) ? Date.parse(`${value}T00:00:00Z`) : NaN;
  return !Number.isNaN(t) && new Date(t).toISOString().slice(0, 10) === value;
}

/** `day` moved by `n` days (YYYY-MM-DD arithmetic, no timezone involved). */
export function addDays(day: string, n: number): string {
  return new Date(Date.parse(`${day}T00:00:00Z`) + n * DAY).toISOString().slice(0, 10);
}

/** Weekday of a calendar day, 0 = Sunday. */
export function weekday(day: string): number {
  return new Date(`${day}T00:00:00Z`).getUTCDay();
}

/** `HH:MM` → minutes after midnight; throws on anything else. */
export function parseClock(time: string): number {
  const m = /^([01]\d|2[0-3]):([0-5]\d)$/.exec(time);
  if (!m) throw new RangeError(`not a HH:MM time: ${time}`);
  return Number(m[1]) * 60 + Number(m[2]);
}

/**
 * The UTC instant of local `time` on local `day` in `tz`. A time that does not exist (spring
 * forward) is due at the first valid instant after it, the moment the clocks jump; an ambiguous
 * time (fall back) is due at its first occurrence. Either way, one instant per day.
 */
export function zonedInstant(day: string, time: string, tz: string): Date {
  const wall = Date.parse(`${day}T00:00:00Z`) + parseClock(time) * MINUTE;
  const offsets = new Set([offsetAt(wall - DAY, tz), offsetAt(wall, tz), offsetAt(wall + DAY, tz)]);
  const exact = [...offsets].map((o) => wall - o).filter((t) => wallMs(t, tz) === wall);
  if (exact.length) return new Date(Math.min(...exact));
  // A gap: the instant is between wall - larger offset (reads earlier than `time`) and
  // wall - smaller offset (reads later). The first instant reading `time` or later is the jump.
  let lo = wall - Math.max(...offsets);
  let hi = wall - Math.min(...offsets);
  while (hi - lo > 1000) {
    const mid = lo + Math.floor((hi - lo) / 2000) * 1000;
    if (wallMs(mid, tz) >= wall) hi = mid;
    else lo = mid;
  }
  return new Date(hi);
}

const memo = new Map<string, number>();

/** The instant (ms) a schedule's digest is due on a local day given as a day number (memoised: subscriptions share times). */
function dueMs(schedule: Schedule, dayNumber: number): number {
  const key = `${schedule.timezone}|${dayNumber}|${schedule.time}`;
  let at = memo.get(key);
  if (at === undefined) {
    if (memo.size > 50_000) memo.clear();
    at = zonedInstant(dayString(dayNumber), schedule.time, schedule.timezone).getTime();
    memo.set(key, at);
  }
  return at;
}

/** The instant a schedule's digest is due on a local day. */
export function dueInstant(schedule: Schedule, day: string): Date {
  return new Date(dueMs(schedule, Date.parse(`${day}T00:00:00Z`) / DAY));
}

/** Whether local day `n` happened in `tz`: its first instant reads that day (a zone that moved across the date line skipped one). */
function dayExists(n: number, tz: string): boolean {
  return localDayNumber(new Date(dueMs({ time: '00:00', timezone: tz, days: [] }, n)), tz) === n;
}

/** The first occurrence strictly after `after`, or undefined when the schedule has no days. */
export function nextDue(schedule: Schedule, after: Date): Occurrence | undefined {
  if (!schedule.days.length) return undefined;
  const start = localDayNumber(after, schedule.timezone) - 1;
  for (let n = start; n < start + 9; n++) {
    // Day 0, 1970-01-01, was a Thursday (4).
    if (!schedule.days.includes((n + 4) % 7)) continue;
    const at = dueMs(schedule, n);
    // A day the zone skipped whole (Pacific/Apia's 2011-12-30) has no digest: its time would fall on the next day, which has its own.
    if (at > after.getTime() && (localDayNumber(new Date(at), schedule.timezone) === n || dayExists(n, schedule.timezone))) return { day: dayString(n), at: new Date(at) };
  }
  return undefined;
}

/** Occurrences with `from < at <= to`, oldest first (at most `max`). */
export function occurrencesBetween(schedule: Schedule, from: Date, to: Date, max = 31): Occurrence[] {
  const out: Occurrence[] = [];
  let cursor = from;
  while (out.length < max) {
    const next = nextDue(schedule, cursor);
    if (!next || next.at.getTime() > to.getTime()) break;
    out.push(next);
    cursor = next.at;
  }
  return out;
}

/** The latest occurrence at or before `instant`, within the last 8 days. */
export function lastDue(schedule: Schedule, instant: Date): Occurrence | undefined {
  const found = occurrencesBetween(schedule, new Date(instant.getTime() - 8 * DAY), instant);
  return found[found.length - 1];
}

/** Which of `subs` are due in `(from, to]`: each with the occurrence(s) that fell in the window. */
export function dueBetween<S extends Schedule>(subs: Iterable<S>, from: Date, to: Date): { sub: S; occurrence: Occurrence }[] {
  const out: { sub: S; occurrence: Occurrence }[] = [];
  for (const sub of subs) {
    for (const occurrence of occurrencesBetween(sub, from, to)) out.push({ sub, occurrence });
  }
  return out;
}
