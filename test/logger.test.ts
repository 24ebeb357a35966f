// Log lines: JSON for collectors, readable for a terminal, secrets redacted in both.
import { Writable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { createLogger } from '../src/logger.ts';
import { loadConfig } from '../src/config.ts';

/** A logger of the format writing into a string. */
function capture(format: 'json' | 'pretty') {
  let out = '';
  const sink = new Writable({
    write(chunk, _enc, done) {
      out += String(chunk);
      done();
    },
  });
  return { logger: createLogger('info', sink as never, format), text: () => out };
}

describe('createLogger', () => {
  it('writes readable lines in pretty format, with the context and without the secrets', async () => {
    const { logger, text } = capture('pretty');
    logger.child({ platform: 'slack' }).warn({ token: 'xoxb-very-secret', channel: 'C1' }, 'slack post failed');
    await new Promise((r) => setImmediate(r));
    expect(text()).toMatch(/^\[\d\d:\d\d:\d\d\] WARN: slack post failed .*"channel":"C1"/);
    expect(text()).toContain('[redacted]');
    expect(text()).not.toContain('xoxb-very-secret');
    expect(() => JSON.parse(text())).toThrow();
  });

  it('writes one JSON object a line in json format', () => {
    const { logger, text } = capture('json');
    logger.info({ authorization: 'Bearer abc' }, 'hello');
    const line = JSON.parse(text());
    expect(line).toMatchObject({ level: 30, msg: 'hello', authorization: '[redacted]', app: 'paperboy' });
  });

  it('reads LOG_FORMAT: auto by default, json or pretty when asked, and refuses anything else', () => {
    expect(loadConfig({}).logFormat).toBe('auto');
    expect(loadConfig({ LOG_FORMAT: 'json' }).logFormat).toBe('json');
    expect(() => loadConfig({ LOG_FORMAT: 'loud' })).toThrow(/LOG_FORMAT is invalid: must be auto, json or pretty/);
  });
});
