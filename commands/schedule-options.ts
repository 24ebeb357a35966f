// Parsing and describing the schedule words people type: `days mon-fri`, `at 08:30`, `tz Europe/Berlin`.

const DAY_NAMES = ['sun', 'mon', 'tue', 'wed', 'thu', 'fri', 'sat'] as const;

/** `mon-fri`, `mon,wed,fri`, `weekdays`, `weekends`, `daily` → sorted weekday numbers (0 = Sunday). */
export function parseDays(input: string): number[] | undefined {
  const s = input.trim().toLowerCase();
  if (['daily', 'everyday', 'every-day', 'all'].includes(s)) return [0, 1, 2, 3, 4, 5, 6];
  if (s === 'weekdays') return [1, 2, 3, 4, 5];
  if (s === 'weekends') return [0, 6];
  const days = new Set<number>();
  // `mon - fri` and `Mon–Fri` (as paperboy writes it) are ranges too.
  for (const part of s.replace(/\s*[-–—]\s*/g, '-').split(/[,\s]+/).filter(Boolean)) {
    const range = part.split('-');
    if (range.length > 2) return undefined;
    const ends = range.map(dayNumber);
    if (ends.some((d) => d === undefined)) return undefined;
    const [from, to] = [ends[0]!, ends[ends.length - 1]!];
    for (let d = from; ; d = (d + 1) % 7) {
      days.add(d);
      if (d === to) break;
    }
  }
  return days.size ? [...days].sort((a, b) => a - b) : undefined;
}

const FULL_NAMES = ['sunday', 'monday', 'tuesday', 'wednesday', 'thursday', 'friday', 'saturday'];

function dayNumber(word: string): number | undefined {
  if (word.length < 2) return undefined;
  const i = FULL_NAMES.findIndex((d) => d.startsWith(word) || (word.length >= 3 && ['tues', 'thur', 'thurs', 'weds'].includes(word) && d.startsWith(word.slice(0, 3))));
  return i < 0 ? undefined : i;
}

/** `[1,2,3,4,5]` → `Mon–Fri`; other sets are listed. */
export function describeDays(days: readonly number[]): string {
  const key = [...days].sort((a, b) => a - b).join(',');
  if (key === '0,1,2,3,4,5,6') return 'every day';
  if (key === '1,2,3,4,5') return 'Mon–Fri';
  if (key === '0,6') return 'weekends';
  return days.map((d) => DAY_NAMES[d]![0]!.toUpperCase() + DAY_NAMES[d]!.slice(1)).join(', ');
}

/** `8:30`, `08:30`, `8am`, `6:15 pm`, `7 p.m.` → `HH:MM`, or undefined. */
export function parseTime(input: string): string | undefined {
  const m = /^(\d{1,2})(?::(\d{2}))?\s*(?:([ap])\.?m\.?)?$/i.exec(input.trim());
  if (!m) return undefined;
  let h = Number(m[1]);
  const min = Number(m[2] ?? '0');
  const half = m[3]?.toLowerCase();
  if (half) {
    if (h < 1 || h > 12) return undefined;
    h = (h % 12) + (half === 'p' ? 12 : 0);
  } else if (m[2] === undefined) {
    return undefined;
  }
  if (h > 23 || min > 59) return undefined;
  return `${String(h).padStart(2, '0')}:${String(min).padStart(2, '0')}`;
}

/** The word after `at` still belongs to the time: `at 8:30 pm`, `at 8:30 pm, robotics`; not after a comma (`at 8:30, pm…`). */
export const timeContinues = (next: string, value: string): boolean => !/[,;]$/.test(value) && /^[ap]\.?m\.?[,;]?$/i.test(next);

/**
 * The word after `days mon,` still belongs to the days when a comma or dash joins them and it names days:
 * `days mon, wed, fri`, `days mon - fri`. Without one it is a topic (`days mon-fri sat solvers`), and so is
 * what follows a comma but names no day (`days mon-fri, at 08:30`, `days mon, diffusion`). A day name that is
 * also an everyday word (`sat`, `sun`, `we`) counts only last, or before another comma or dash, or before a
 * keyword (a word of letters after it would make it a topic: `days mon-fri, sat solvers`).
 */
export const daysContinue = (next: string, value: string, after?: string): boolean => {
  const word = next.toLowerCase();
  if (/^[-–—,]+$/.test(word)) return true;
  if (!(/[-–—,]$/.test(value) || /^[-–—,]/.test(word)) || !namesDays(word)) return false;
  const name = word.replace(/^[-–—,]+|[-–—,]+$/g, '');
  const everyday = name.length < 3 || name === 'sat' || name === 'sun';
  return !everyday || after === undefined || /[-–—,]$/.test(word) || /^[-–—,]/.test(after) || !/^[a-z]+$/i.test(after);
};

/** Whether a word is day names alone (`wed`, `fri,`, `sat-sun`), not `daily` or a topic. */
const namesDays = (word: string): boolean => {
  const names = word.split(/[,\-–—]/).filter(Boolean);
  return names.length > 0 && names.every((n) => dayNumber(n) !== undefined);
};

/** `linear attention, diffusion; RL` → trimmed, de-duplicated topics (double quotes are dropped: Discord passes them on as typed). */
export function parseTopics(input: string | undefined): string[] {
  if (!input) return [];
  const seen = new Set<string>();
  return input
    .split(/[,;\n]+/)
    .map((t) => t.replace(/["“”]/g, '').trim().replace(/^'+|'+$/g, '').trim().replace(/\s+/g, ' '))
    .filter((t) => t && !seen.has(t.toLowerCase()) && seen.add(t.toLowerCase()));
}
