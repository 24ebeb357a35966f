// Bolt and the Slack Web API client log through paperboy's pino logger, at a level we choose.
import { LogLevel, type Logger as BoltLogger } from '@slack/bolt';
import type { Logger } from '../../src/logger.ts';

const order: LogLevel[] = [LogLevel.DEBUG, LogLevel.INFO, LogLevel.WARN, LogLevel.ERROR];

/** Bolt's level for a pino level (pino `trace` → debug, `fatal`/`silent` → error). */
function boltLevel(level: string): LogLevel {
  if (level === 'trace' || level === 'debug') return LogLevel.DEBUG;
  if (level === 'info') return LogLevel.INFO;
  if (level === 'warn') return LogLevel.WARN;
  return LogLevel.ERROR;
}

/**
 * Adapt a pino logger to Bolt's Logger. pino's level decides (Bolt's setLevel is ignored), and Bolt's
 * chatty info lines are logged at debug.
 */
export function toBoltLogger(logger: Logger): BoltLogger {
  const log = logger.child({ component: 'slack' });
  let name = 'bolt';
  const on = (l: LogLevel) => order.indexOf(l) >= order.indexOf(boltLevel(log.level));
  const line = (msg: unknown[]) => msg.map((m) => (typeof m === 'string' ? m : m instanceof Error ? m.message : JSON.stringify(m))).join(' ');
  return {
    debug: (...msg) => on(LogLevel.DEBUG) && log.debug({ source: name }, line(msg)),
    info: (...msg) => on(LogLevel.DEBUG) && log.debug({ source: name }, line(msg)),
    warn: (...msg) => on(LogLevel.WARN) && log.warn({ source: name }, line(msg)),
    error: (...msg) => on(LogLevel.ERROR) && log.error({ source: name }, line(msg)),
    setLevel: () => undefined,
    getLevel: () => boltLevel(log.level),
    setName: (n) => {
      name = n;
    },
  };
}
