// Structured logs through pino; secrets are redacted wherever they appear in a logged object.
import { pino, type Logger as PinoLogger, type DestinationStream } from 'pino';

/** The logger every module takes; `child(context)` adds fields to every line. */
export type Logger = PinoLogger;

const SECRET_KEYS = ['token', 'botToken', 'appToken', 'signingSecret', 'authorization', 'password', 'secret'];

/** Create the process logger. Logs go to stderr so that CLI data on stdout stays clean. */
export function createLogger(level: string = 'info', destination?: DestinationStream): Logger {
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
