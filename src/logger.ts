// Structured logs through pino; secrets are redacted wherever they appear in a logged object.
import { createRequire } from 'node:module';
import { pino, type Logger as PinoLogger, type DestinationStream } from 'pino';
import type PinoPretty from 'pino-pretty';

/** The logger every module takes; `child(context)` adds fields to every line. */
export type Logger = PinoLogger;

const SECRET_KEYS = ['token', 'botToken', 'appToken', 'signingSecret', 'authorization', 'password', 'secret'];

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
 * when stderr is a terminal). Logs go to stderr so that CLI data on stdout stays clean.
 */
export function createLogger(level: string = 'info', destination?: DestinationStream, format: 'json' | 'pretty' = 'json'): Logger {
  if (format === 'pretty') destination = prettyStream(destination);
  return pino(
    {
      level,
      base: { app: 'paperboy' },
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
