// One zod schema reads the environment once; every problem is reported at once, with what to do.
import { createHash } from 'node:crypto';
import { z } from 'zod';
import { ConfigError } from './errors.ts';
import { wholeNumber } from './text/whole-number.ts';

/** Largest digest a channel may ask for (`/paper subscribe size`), and so the largest default (DIGEST_SIZE). */
export const MAX_DIGEST_SIZE = 10;

const url = (fallback: string) =>
  z
    .string()
    .trim()
    .default(fallback)
    .refine((v) => /^https?:\/\/[^\s]+$/.test(v), { message: 'must be an http(s) URL' })
    // fetch refuses a URL with credentials in it, and they would be written into every error that names it.
    .refine((v) => !/^https?:\/\/[^/?#]*@/.test(v), { message: 'must not hold a user name or password (user:password@): these services need none' })
    .transform((v) => v.replace(/\/+$/, ''));

const whole = (min: number, max: number) => {
  const message = `must be a whole number from ${min} to ${max}`;
  return wholeNumber(message).pipe(z.number().min(min, message).max(max, message));
};
const int = (fallback: number, min: number, max: number) => whole(min, max).default(fallback);

const optional = z
  .string()
  .trim()
  .optional()
  .transform((v) => (v ? v : undefined));

const duration = (fallback: string, bounds?: { min: number; max: number; text: string }) =>
  z
    .string()
    .trim()
    .default(fallback)
    .transform((v, ctx) => {
      const m = /^(\d+(?:\.\d+)?)\s*(ms|s|m|h|d)?$/.exec(v);
      if (!m) {
        ctx.addIssue({ code: 'custom', message: 'must be a duration like 30s, 15m, 6h or a number of milliseconds' });
        return z.NEVER;
      }
      const unit = { ms: 1, s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000 }[m[2] ?? 'ms']!;
      const ms = Math.round(Number(m[1]) * unit);
      if (bounds && (ms < bounds.min || ms > bounds.max)) {
        ctx.addIssue({ code: 'custom', message: `must be ${bounds.text} (got ${v})` });
        return z.NEVER;
      }
      return ms;
    });

/** Every setting paperboy reads, with its default. `.env.example` mirrors this list. */
export const envSchema = z
  .object({
    HF_API_URL: url('https://huggingface.co'),
    ARXIV_API_URL: url('https://export.arxiv.org'),
    STORE_URL: z
      .string()
      .trim()
      .default('sqlite://./data/paperboy.sqlite')
      .refine((v) => /^(sqlite:\/\/.+|rediss?:\/\/.+|memory:\/\/)$/.test(v), {
        message: 'must be sqlite://<path>, redis://host:port or memory://',
      })
      // Not echoed: the URL may hold a password.
      .refine((v) => !/^rediss?:/.test(v) || readsAsUrl(v), {
        message: 'is not a URL Redis can use: in the password, percent-encode / # ? @ and % (%2F %23 %3F %40 %25), and keep the port from 1 to 65535',
      }),
    SEARCH_SNAPSHOT: z
      .string()
      .trim()
      .optional()
      .transform((v) => (v?.toLowerCase() === 'off' ? 'off' : v)),
    // In any case (`INFO`, `JSON`), as the on/off settings are read.
    LOG_LEVEL: z
      .string()
      .trim()
      .toLowerCase()
      .pipe(z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'], { error: 'must be one of trace, debug, info, warn, error, fatal or silent' }))
      .default('info'),
    LOG_FORMAT: z.string().trim().toLowerCase().pipe(z.enum(['auto', 'json', 'pretty'], { error: 'must be auto, json or pretty' })).default('auto'),
    // A timer holds at most 2^31-1 ms (Node fires a longer one after 1 ms), and 0 would time out every request.
    HTTP_TIMEOUT: duration('15s', { min: 100, max: 600_000, text: 'between 100ms and 10m' }),
    HTTP_RETRIES: int(3, 0, 10),
    SAVE_EMOJI: z.string().trim().min(1).default('bookmark'),
    DISMISS_EMOJI: z.string().trim().min(1).default('-1'),
    DIGEST_TIME: z
      .string()
      .trim()
      .default('09:00')
      .refine((v) => /^([01]\d|2[0-3]):[0-5]\d$/.test(v), { message: 'must be HH:MM (24-hour), e.g. 09:00' }),
    DIGEST_TIMEZONE: z
      .string()
      .trim()
      .default('UTC')
      .refine(isTimeZone, { message: 'must be an IANA timezone such as UTC or Europe/Berlin' }),
    DIGEST_SIZE: int(5, 1, MAX_DIGEST_SIZE),
    // At least a minute (a tick may run a little after the minute it handles); catch-up looks back at most 7 days.
    DIGEST_GRACE: duration('6h', { min: 60_000, max: 7 * 86_400_000, text: 'between 1m and 7d' }),
    DIGEST_LOOKBACK_DAYS: int(3, 1, 14),
    METRICS_PORT: whole(0, 65535).optional(),
    SLACK_BOT_TOKEN: optional,
    SLACK_SIGNING_SECRET: optional,
    SLACK_APP_TOKEN: optional,
    SLACK_PORT: int(3000, 0, 65535),
    SLACK_API_URL: url('https://slack.com/api/').transform((v) => `${v}/`),
    DISCORD_TOKEN: optional,
    DISCORD_APPLICATION_ID: optional,
    DISCORD_GUILD_ID: optional,
    DISCORD_API_URL: url('https://discord.com/api'),
    DISCORD_SHARD_COUNT: whole(1, 10_000).optional(),
    DISCORD_SHARDS: z
      .string()
      .trim()
      .optional()
      .transform((v, ctx) => {
        if (!v) return undefined;
        // Digits only, as every whole number here (`0x1` and `1e0` are not 1), each id once.
        const parts = v.split(',').map((x) => x.trim());
        const ids = parts.map(Number);
        if (parts.some((x) => !/^\d{1,5}$/.test(x)) || new Set(ids).size !== ids.length) {
          ctx.addIssue({ code: 'custom', message: 'must be distinct shard ids (whole numbers) separated by commas, e.g. 0,1' });
          return z.NEVER;
        }
        return ids;
      }),
    // Read by bin/launcher.js as the process starts; checked here with the rest.
    PAPERBOY_HUGE_PAGES: z
      .string()
      .trim()
      .toLowerCase()
      .default('off')
      .refine((v) => v === 'on' || v === 'off', { message: 'must be on or off' }),
  });

/** The platforms' tokens, secrets and ids. */
const CREDENTIALS = ['SLACK_BOT_TOKEN', 'SLACK_SIGNING_SECRET', 'SLACK_APP_TOKEN', 'DISCORD_TOKEN', 'DISCORD_APPLICATION_ID', 'DISCORD_GUILD_ID'] as const;

/** Rules of the platforms' variables (alone and across each other), checked on the raw environment so they are reported with the others. */
function crossFieldProblems(env: Record<string, string | undefined>): string[] {
  const out: string[] = [];
  const need = (when: boolean, name: string, why: string) => {
    if (when) out.push(`${name} is missing: ${why}; set it in .env (see .env.example)`);
  };
  const slack = Boolean(env.SLACK_BOT_TOKEN || env.SLACK_APP_TOKEN || env.SLACK_SIGNING_SECRET);
  need(slack && !env.SLACK_BOT_TOKEN, 'SLACK_BOT_TOKEN', 'Slack needs the bot token (xoxb-…) in either mode');
  need(
    Boolean(env.SLACK_BOT_TOKEN) && !env.SLACK_APP_TOKEN && !env.SLACK_SIGNING_SECRET,
    'SLACK_SIGNING_SECRET',
    'HTTP mode checks request signatures (or set SLACK_APP_TOKEN for Socket Mode)',
  );
  need(Boolean(env.DISCORD_TOKEN) && !env.DISCORD_APPLICATION_ID, 'DISCORD_APPLICATION_ID', 'a Discord token needs its application id');
  need(Boolean(env.DISCORD_SHARDS) && !env.DISCORD_SHARD_COUNT, 'DISCORD_SHARD_COUNT', 'DISCORD_SHARDS names shards of a total: set the total number of shards');
  need(Boolean(env.DISCORD_APPLICATION_ID) && !env.DISCORD_TOKEN, 'DISCORD_TOKEN', 'a Discord application id needs the bot token');
  // A token, secret or id is one word: a note written after it on its line (`xoxb-… required for Slack`) would become part of it.
  for (const name of CREDENTIALS) {
    if (/\s/.test(env[name]?.trim() ?? '')) out.push(`${name} is invalid: holds a space: put only the value after the =, and any note on a line of its own starting with #`);
  }
  const count = Number(env.DISCORD_SHARD_COUNT);
  const beyond = (env.DISCORD_SHARDS ?? '').split(',').map((x) => x.trim()).find((x) => /^\d+$/.test(x) && Number.isInteger(count) && Number(x) >= count);
  if (beyond !== undefined) out.push(`DISCORD_SHARDS is invalid: shard ${beyond} is not below DISCORD_SHARD_COUNT (${count}); shards are numbered from 0; set it in .env (see .env.example)`);
  return out;
}

export type Env = z.output<typeof envSchema>;

/** paperboy's settings, grouped. */
export interface Config {
  hfApiUrl: string;
  arxivApiUrl: string;
  storeUrl: string;
  /** The search index snapshot file (none: always rebuild at start-up). */
  searchSnapshot?: string;
  logLevel: Env['LOG_LEVEL'];
  /** `auto`: readable lines on a terminal, JSON lines otherwise. */
  logFormat: Env['LOG_FORMAT'];
  http: { timeoutMs: number; retries: number };
  saveEmoji: string;
  dismissEmoji: string;
  digest: { time: string; timezone: string; size: number; graceMs: number; lookbackDays: number };
  metricsPort?: number;
  slack?: { botToken: string; signingSecret?: string; appToken?: string; port: number; apiUrl: string };
  discord?: {
    token: string;
    applicationId: string;
    guildId?: string;
    apiUrl: string;
    /** This process's shards of `shardCount` (discord.js sharding across processes); all when unset. */
    shards?: { ids: number[]; count: number };
  };
}

/** Whether a store URL parses, its password included (a stray `%` fails to decode). */
function readsAsUrl(v: string): boolean {
  try {
    decodeURIComponent(new URL(v).password);
    return true;
  } catch {
    return false;
  }
}

/** The configured secrets (tokens, the signing secret, a store password), for the logger to take out of every line. */
export function secretsOf(config: Config): string[] {
  let storePassword = '';
  try {
    storePassword = decodeURIComponent(new URL(config.storeUrl).password);
  } catch {
    // Not a URL (then the password is what sits between `user:` and the last `@`), or none (sqlite://, memory://).
    storePassword = /^[a-z]+:\/\/[^:@/]*:(.+)@[^@]*$/i.exec(config.storeUrl)?.[1] ?? '';
  }
  return [config.slack?.botToken, config.slack?.signingSecret, config.slack?.appToken, config.discord?.token, storePassword].filter((s): s is string => !!s);
}

const range = (n: number) => Array.from({ length: n }, (_, i) => i);

/** True when `tz` is an IANA timezone this Node knows. */
export function isTimeZone(tz: string): boolean {
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: tz });
    return true;
  } catch {
    return false;
  }
}

/** SEARCH_SNAPSHOT, or its default for the store: beside a SQLite file, under ./data for Redis (named by a hash of the URL), none for memory://. */
function snapshotFile(storeUrl: string, setting: string | undefined): string | undefined {
  if (setting) return setting === 'off' ? undefined : setting;
  if (storeUrl.startsWith('sqlite://')) return `${storeUrl.slice('sqlite://'.length)}.search-index`;
  if (storeUrl.startsWith('redis')) return `./data/search-index-${createHash('sha256').update(storeUrl).digest('hex').slice(0, 12)}.snapshot`;
  return undefined;
}

/**
 * Read the configuration from an environment; throws ConfigError naming every problem. `platforms: false` (the CLI's
 * one-shot commands, which never talk to Slack or Discord) leaves out the platforms' rules (crossFieldProblems: what
 * their variables need of each other, and a token holding a space): a half-set Slack is no reason to refuse
 * `paperboy search`. Every value the schema reads is still checked.
 */
export function loadConfig(env: Record<string, string | undefined> = process.env, opts: { platforms?: boolean } = {}): Config {
  const blankless = Object.fromEntries(Object.entries(env).filter(([, v]) => v !== undefined && v.trim() !== ''));
  const parsed = envSchema.safeParse(blankless);
  const problems = [
    ...(parsed.success ? [] : parsed.error.issues.map((i) => `${String(i.path[0] ?? 'environment')} is invalid: ${i.message}; set it in .env (see .env.example)`)),
    ...(opts.platforms === false ? [] : crossFieldProblems(blankless)),
  ];
  if (!parsed.success || problems.length) throw new ConfigError(problems);
  const e = parsed.data;
  return {
    hfApiUrl: e.HF_API_URL,
    arxivApiUrl: e.ARXIV_API_URL,
    storeUrl: e.STORE_URL,
    searchSnapshot: snapshotFile(e.STORE_URL, e.SEARCH_SNAPSHOT),
    logLevel: e.LOG_LEVEL,
    logFormat: e.LOG_FORMAT,
    http: { timeoutMs: e.HTTP_TIMEOUT, retries: e.HTTP_RETRIES },
    saveEmoji: e.SAVE_EMOJI,
    dismissEmoji: e.DISMISS_EMOJI,
    digest: {
      time: e.DIGEST_TIME,
      timezone: e.DIGEST_TIMEZONE,
      size: e.DIGEST_SIZE,
      graceMs: e.DIGEST_GRACE,
      lookbackDays: e.DIGEST_LOOKBACK_DAYS,
    },
    metricsPort: e.METRICS_PORT,
    slack: e.SLACK_BOT_TOKEN
      ? {
          botToken: e.SLACK_BOT_TOKEN,
          signingSecret: e.SLACK_SIGNING_SECRET,
          appToken: e.SLACK_APP_TOKEN,
          port: e.SLACK_PORT,
          apiUrl: e.SLACK_API_URL,
        }
      : undefined,
    discord:
      e.DISCORD_TOKEN && e.DISCORD_APPLICATION_ID
        ? {
            token: e.DISCORD_TOKEN,
            applicationId: e.DISCORD_APPLICATION_ID,
            guildId: e.DISCORD_GUILD_ID,
            apiUrl: e.DISCORD_API_URL,
            shards: e.DISCORD_SHARD_COUNT ? { ids: e.DISCORD_SHARDS ?? range(e.DISCORD_SHARD_COUNT), count: e.DISCORD_SHARD_COUNT } : undefined,
          }
        : undefined,
  };
}
