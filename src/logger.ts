// Structured logs through pino; secrets are redacted wherever they appear in a logged object.
import { createRequire } from 'node:module';
import { pino, stdSerializers, type Logger as PinoLogger, type DestinationStream } from 'pino';
import type PinoPretty from 'pino-pretty';

/** The logger every module takes; `child(context)` adds fields to every line. */
export type Logger = PinoLogger;

const SECRET_KEYS = ['token', 'botToken', 'appToken', 'signingSecret', 'authorization', 'Authorization', 'password', 'secret'];

/**
 * Credentials by their shape, wherever they sit in a line: Slack tokens, `Bearer …` values, Discord bot
 * tokens (three dot-separated base64 parts, as JWTs are too), and Slack's response URLs (anyone holding
 * one may post to its channel for half an hour).
 */
const SECRET_SHAPES =
  /\bxox[a-z]-[A-Za-z0-9-]+|\bxapp-[A-Za-z0-9-]+|\bBearer [A-Za-z0-9._~+/=-]{8,}|\b[A-Za-z0-9_-]{20,}\.[A-Za-z0-9_-]{6,}\.[A-Za-z0-9_-]{20,}|https:\/\/hooks\.slack\.com\/[^"\s\\]+/g;

/** Escape a string for a regular expression. */
const literal = (s: string): string => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** A JSON string literal, escapes included. */
const JSON_STRING = /"(?:[^"\\]|\\.)*"/g;

/**
 * The line with every secret taken out of its strings: the configured ones (as JSON escapes them inside a
 * string) and anything shaped like a credential. Only string contents change, so the line stays JSON (and
 * a number that happens to hold a secret's digits is left alone).
 */
function scrubber(secrets: readonly string[]): (line: string) => string {
  const known = [...new Set(secrets.filter((s) => s.length >= 6).map((s) => JSON.stringify(s).slice(1, -1)))];
  const exact = known.length ? new RegExp(known.map(literal).join('|'), 'g') : undefined;
  const clean = (text: string): string => {
    const out = text.replace(SECRET_SHAPES, '[redacted]');
    return exact ? out.replace(exact, '[redacted]') : out;
  };
  return (line) => line.replace(JSON_STRING, (literal) => `"${clean(literal.slice(1, -1))}"`);
}

/** Fields an SDK's error may carry that hold the request it failed on (axios's config and request: a token, a response URL). */
const REQUEST_FIELDS = ['original', 'config', 'request', 'response', 'headers'];

/** A serialised error without its request fields, its aggregated errors likewise. */
function withoutRequest(e: Record<string, unknown>): Record<string, unknown> {
  for (const k of REQUEST_FIELDS) delete e[k];
  if (Array.isArray(e.aggregateErrors)) e.aggregateErrors = e.aggregateErrors.map((x) => (x && typeof x === 'object' ? withoutRequest(x as Record<string, unknown>) : x));
  return e;
}

/**
 * Errors are logged as pino logs them (type, message and causes, stack, their own fields such as a code, an
 * address, Slack's `data`), less the request an SDK attached: @slack/web-api's `original` holds axios's
 * config, with the bot token in its headers and a response URL as its address.
 */
export function errorForLog(err: unknown): unknown {
  // Not an Error: a description made for the log already (a string, or fields picked by the caller).
  if (!(err instanceof Error)) return err;
  const e = withoutRequest(stdSerializers.err(err) as unknown as Record<string, unknown>);
  // An error with no message of its own (node-redis's TimeoutError: a command not sent within 5 s) would log an empty one.
  if (!e.message) e.message = `${String(e.type || err.name || 'Error')}, with no message`;
  return e;
}

/**
 * Readable lines (`12:00:01 WARN: Hugging Face search failed … query: "x"`) for a person at a terminal,
 * written to `destination` (default stderr); secrets are redacted before they are formatted.
 */
export function prettyStream(destination: number | DestinationStream = 2): DestinationStream {
  // Loaded only for pretty logs (about 40 ms at start-up).
  const pretty = createRequire(import.meta.url)('pino-pretty') as typeof PinoPretty;
  return pretty({ destination, sync: true, colorize: destination === 2 && Boolean(process.stderr.isTTY), translateTime: 'SYS:HH:MM:ss', ignore: 'pid,hostname,app', singleLine: true });
}

/**
 * Create the process logger: JSON lines, or readable ones with `pretty` (`LOG_FORMAT`; by default,
 * when stderr is a terminal). Logs go to stderr so that CLI data on stdout stays clean. `secrets`
 * (the configured tokens) are taken out of every line wherever they appear, as is anything shaped like one.
 */
export function createLogger(level: string = 'info', destination?: DestinationStream, format: 'json' | 'pretty' = 'json', secrets: readonly string[] = []): Logger {
  if (format === 'pretty') destination = prettyStream(destination);
  return pino(
    {
      level,
      base: { app: 'paperboy' },
      serializers: { err: errorForLog, error: errorForLog },
      // The last guard, over the whole line: secrets logged under a name no path or serializer foresaw.
      hooks: { streamWrite: scrubber(secrets) },
      redact: {
        paths: [...SECRET_KEYS, ...SECRET_KEYS.map((k) => `*.${k}`), ...SECRET_KEYS.map((k) => `*.*.${k}`), 'headers.authorization', '*.headers.authorization'],
        censor: '[redacted]',
      },
    },
    destination ?? pino.destination({ dest: 2, sync: true }),
  );
}

/** A logger that drops everything (tests, benchmarks). */
export function silentLogger(): Logger {
  return pino({ level: 'silent' });
}
