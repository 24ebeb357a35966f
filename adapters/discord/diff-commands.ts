// Pure comparison of registered and desired application commands (as Sapphire does), so paperboy
// re-registers only when something a user would see changed.

/** A command as Discord returns it or as paperboy would send it (only the fields compared matter). */
export interface CommandData {
  name: string;
  description?: string;
  type?: number;
  options?: readonly OptionData[];
  default_member_permissions?: string | null;
  nsfw?: boolean;
  contexts?: readonly number[] | null;
  integration_types?: readonly number[];
  name_localizations?: Record<string, string | null> | null;
  description_localizations?: Record<string, string | null> | null;
  [other: string]: unknown;
}

/** An option or subcommand of a command. */
export interface OptionData {
  type: number;
  name: string;
  description?: string;
  required?: boolean;
  choices?: readonly { name: string; value: string | number }[];
  options?: readonly OptionData[];
  min_value?: number;
  max_value?: number;
  min_length?: number;
  max_length?: number;
  autocomplete?: boolean;
  channel_types?: readonly number[];
  [other: string]: unknown;
}

/** One command that differs, and where. */
export interface CommandDiff {
  name: string;
  kind: 'create' | 'update' | 'delete';
  /** Paths that differ (`options[2].description`), for the log line that explains a re-registration. */
  changes: string[];
}

const SUBCOMMAND = 1;
const SUBCOMMAND_GROUP = 2;

/**
 * What must change for `existing` (from Discord) to match `desired`: commands to create, update
 * (with the differing fields) or delete. Empty when nothing a user could notice differs; fields
 * Discord fills in with defaults (`required: false`, `nsfw: false`, ids, versions) are not changes.
 */
export function diffCommands(existing: readonly CommandData[], desired: readonly CommandData[]): CommandDiff[] {
  const key = (c: CommandData) => `${c.type ?? 1}:${c.name}`;
  const have = new Map(existing.map((c) => [key(c), c]));
  const diffs: CommandDiff[] = [];
  for (const want of desired) {
    const got = have.get(key(want));
    have.delete(key(want));
    if (!got) {
      diffs.push({ name: want.name, kind: 'create', changes: [] });
      continue;
    }
    const changes = compare(normalizeCommand(got), normalizeCommand(want), '');
    if (changes.length) diffs.push({ name: want.name, kind: 'update', changes });
  }
  for (const gone of have.values()) diffs.push({ name: gone.name, kind: 'delete', changes: [] });
  return diffs;
}

function normalizeCommand(c: CommandData): Record<string, unknown> {
  return {
    type: c.type ?? 1,
    name: c.name,
    description: c.description ?? '',
    default_member_permissions: c.default_member_permissions ?? null,
    nsfw: c.nsfw ?? false,
    contexts: c.contexts?.length ? [...c.contexts].sort() : null,
    integration_types: c.integration_types?.length ? [...c.integration_types].sort() : [0],
    name_localizations: localizations(c.name_localizations),
    description_localizations: localizations(c.description_localizations),
    options: (c.options ?? []).map(normalizeOption),
  };
}

function normalizeOption(o: OptionData): Record<string, unknown> {
  const container = o.type === SUBCOMMAND || o.type === SUBCOMMAND_GROUP;
  return {
    type: o.type,
    name: o.name,
    description: o.description ?? '',
    required: container ? false : (o.required ?? false),
    choices: (o.choices ?? []).map((ch) => ({ name: ch.name, value: ch.value })),
    options: (o.options ?? []).map(normalizeOption),
    min_value: o.min_value ?? null,
    max_value: o.max_value ?? null,
    min_length: o.min_length ?? null,
    max_length: o.max_length ?? null,
    autocomplete: o.autocomplete ?? false,
    channel_types: o.channel_types?.length ? [...o.channel_types].sort() : null,
    name_localizations: localizations(o.name_localizations as CommandData['name_localizations']),
    description_localizations: localizations(o.description_localizations as CommandData['description_localizations']),
  };
}

function localizations(l: CommandData['name_localizations']): Record<string, string> | null {
  const entries = Object.entries(l ?? {}).filter((e): e is [string, string] => typeof e[1] === 'string');
  return entries.length ? Object.fromEntries(entries.sort(([a], [b]) => a.localeCompare(b))) : null;
}

/** Paths where two normalized values differ; arrays are compared by position (order is visible). */
function compare(a: unknown, b: unknown, path: string): string[] {
  if (Array.isArray(a) && Array.isArray(b)) {
    if (a.length !== b.length) return [path || 'length'];
    return a.flatMap((x, i) => compare(x, b[i], `${path}[${i}]`));
  }
  if (isObject(a) && isObject(b)) {
    const keys = new Set([...Object.keys(a), ...Object.keys(b)]);
    return [...keys].flatMap((k) => compare(a[k], b[k], path ? `${path}.${k}` : k));
  }
  return Object.is(a, b) ? [] : [path || 'value'];
}

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}
