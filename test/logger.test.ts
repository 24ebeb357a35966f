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

  it('logs an error as pino does (causes, code, address, Slack’s data), without the request an SDK attached to it', () => {
    const { logger, text } = capture('json');
    const err = Object.assign(new Error('An API error occurred: invalid_blocks'), {
      code: 'slack_webapi_platform_error',
      data: { ok: false, error: 'invalid_blocks', response_metadata: { messages: ['[ERROR] must be less than 3001 characters'] } },
      original: { config: { url: 'http://127.0.0.1:9/respond/T1/abc', headers: { Authorization: 'Bearer not-a-token-shape' } } },
      cause: new Error('socket hang up'),
    });
    const refused = new AggregateError([Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:6390'), { code: 'ECONNREFUSED', address: '127.0.0.1', port: 6390, config: { headers: {} } })], '');
    logger.error({ err }, 'posting failed');
    logger.error({ err: refused }, 'connecting failed');
    const [posting, connecting] = text().trim().split('\n').map((l) => JSON.parse(l));
    expect(posting.err).toMatchObject({ type: 'Error', message: 'An API error occurred: invalid_blocks: socket hang up', code: 'slack_webapi_platform_error' });
    expect(posting.err.data.response_metadata.messages[0]).toMatch(/3001 characters/);
    expect(posting.err).not.toHaveProperty('original');
    expect(connecting.err.aggregateErrors[0]).toMatchObject({ code: 'ECONNREFUSED', address: '127.0.0.1', port: 6390 });
    expect(connecting.err.aggregateErrors[0]).not.toHaveProperty('config');
    expect(text()).not.toContain('respond/T1');
    expect(text()).not.toContain('not-a-token-shape');
  });

  it('names an error that came with no message (node-redis times a command out so)', () => {
    const { logger, text } = capture('json');
    class TimeoutError extends Error {}
    logger.warn({ err: new TimeoutError() }, 'store: read failed');
    expect(JSON.parse(text()).err).toMatchObject({ type: 'TimeoutError', message: 'TimeoutError, with no message' });
  });

  it('keeps every line JSON whatever a secret holds: a backslash, quotes, only digits', () => {
    const { logger, text } = capture('json', ['abcdef\\', 'say "hi" now', '424242']);
    logger.info({ a: 'abcdef\\', b: 'it is say "hi" now', upvotes: 1424242, elapsedMs: 424242, c: 'pin 424242' }, 'hi');
    const line = JSON.parse(text());
    expect(line).toMatchObject({ a: '[redacted]', b: 'it is [redacted]', upvotes: 1424242, elapsedMs: 424242, c: 'pin [redacted]', msg: 'hi' });
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
