// Calendar-day helpers for YYYY-MM-DD listing days (UTC, as Hugging Face dates its listings).
import { UserInputError } from '../errors.ts';

/** The UTC calendar day of an instant. */
export function utcDay(d: Date): string {
  return d.toISOString().slice(0, 10);
}

/** Validate a YYYY-MM-DD argument. */
export function parseDay(value: string, flag: string): string {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(value) || utcDay(new Date(`${value}T00:00:00Z`)) !== value) {
    throw new UserInputError(`${flag} must be a date like 2025-11-19 (got "${value}")`);
  }
  return value;
}

/** The day `n` days after `day` (negative: before). */
export function addDays(day: string, n: number): string {
  return utcDay(new Date(Date.parse(`${day}T00:00:00Z`) + n * 86_400_000));
}

/** Every day from `from` to `to`, inclusive. */
export function daysBetween(from: string, to: string): string[] {
  const out: string[] = [];
  for (let d = from; d <= to; d = addDays(d, 1)) out.push(d);
  return out;
}
