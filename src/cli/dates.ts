// Calendar-day helpers for YYYY-MM-DD listing days (UTC, as Hugging Face dates its listings).
import { UserInputError } from '../errors.ts';
import { addDays, isCalendarDay } from '../schedule/due.ts';

/** The UTC calendar day of an instant. */
export function utcDay(d: Date): string {
  return d.toISOString().slice(0, 10);
}

/** Validate a YYYY-MM-DD argument. */
export function parseDay(value: string, flag: string): string {
  if (!isCalendarDay(value)) {
    throw new UserInputError(`${flag} must be a date like 2025-11-19 (got "${value}")`);
  }
  return value;
}

/** Every day from `from` to `to`, inclusive. */
export function daysBetween(from: string, to: string): string[] {
  const out: string[] = [];
  for (let d = from; d <= to; d = addDays(d, 1)) out.push(d);
  return out;
}
