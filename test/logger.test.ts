// Log lines: JSON for collectors, readable for a terminal, secrets redacted in both.
import { Writable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { createLogger } from '../src/logger.ts';
import { loadConfig, secretsOf } from '../src/config.ts';

/** A logger of the format writing into a string. */
function capture(format: 'json' | 'pretty', secrets: string[] = []) {
  let out = '';
  const sink = new Writable({
    write(chunk, _enc, done) {
      out += String(chunk);
      done();
    },
  });
  return { logger: createLogger('info', sink as never, format, secrets), text: () => out };
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

  it('logs an error by what failed, without the request an SDK attached to it', () => {
    const { logger, text } = capture('json');
    const err = Object.assign(new Error('An API error occurred: fatal_error'), {
      code: 'slack_webapi_platform_error',
      data: { ok: false, error: 'fatal_error' },
      original: { config: { url: 'http://127.0.0.1:9/respond/T1/abc', headers: { Authorization: 'Bearer not-a-token-shape' } } },
      cause: new Error('socket hang up'),
    });
    logger.error({ err }, 'posting failed');
    const line = JSON.parse(text());
    expect(line.err).toMatchObject({ type: 'Error', message: 'An API error occurred: fatal_error', code: 'slack_webapi_platform_error', error: 'fatal_error', cause: { message: 'socket hang up' } });
    expect(text()).not.toContain('respond/T1');
    expect(text()).not.toContain('not-a-token-shape');
  });

  it('takes configured secrets and token-shaped strings out of every line, under any name, in both formats', async () => {
    const config = loadConfig({ DISCORD_TOKEN: 'discord-secret-value', DISCORD_APPLICATION_ID: '1', STORE_URL: 'redis://:p%40ss-word-1@127.0.0.1:6379' });
    expect(secretsOf(config)).toEqual(['discord-secret-value', 'p@ss-word-1']);
    const discordShaped = 'MTIzNDU2Nzg5MDEyMzQ1Njc4OQ.GhIjKl.abcdefghijklmnopqrstuvwxyz012345';
    for (const format of ['json', 'pretty'] as const) {
      const { logger, text } = capture(format, secretsOf(config));
      logger.warn({ deep: { deeper: { deepest: { note: 'has discord-secret-value and p@ss-word-1 inside' } } }, header: `Bot ${discordShaped}`, hook: 'https://hooks.slack.com/commands/T1/2/xyz', slack: 'xoxb-1-2-abc xapp-1-A-3' }, 'odd fields');
      await new Promise((r) => setImmediate(r));
      const out = text();
      for (const secret of ['discord-secret-value', 'p@ss-word-1', discordShaped, 'hooks.slack.com', 'xoxb-1', 'xapp-1']) expect(out).not.toContain(secret);
      expect(out).toContain('odd fields');
      expect(out).toContain('[redacted]');
    }
  });

  it('reads LOG_FORMAT: auto by default, json or pretty when asked, and refuses anything else', () => {
    expect(loadConfig({}).logFormat).toBe('auto');
    expect(loadConfig({ LOG_FORMAT: 'json' }).logFormat).toBe('json');
    expect(() => loadConfig({ LOG_FORMAT: 'loud' })).toThrow(/LOG_FORMAT is invalid: must be auto, json or pretty/);
  });
});
