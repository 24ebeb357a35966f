// The HTTP client against a real local server: retries, Retry-After, timeouts, size limits, typed errors.
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createHttpClient, parseRetryAfter, type HttpClientOptions } from '../../src/papers/http.ts';
import { RateLimitError, UpstreamError } from '../../src/errors.ts';
import { silentLogger } from '../../src/logger.ts';
import { startScriptedServer, type ScriptedServer } from '../fakes/scripted-http.ts';
import { closedPort } from '../fakes/closed-port.ts';

let server: ScriptedServer<'data'>;
const unhandled: unknown[] = [];
const onUnhandled = (e: unknown) => void unhandled.push(e);

beforeAll(async () => {
  process.on('unhandledRejection', onUnhandled);
  server = await startScriptedServer<'data'>({
    route: (path) => (path === '/data' ? 'data' : undefined),
    respond: () => ({ status: 200, body: JSON.stringify({ hello: 'world', list: [1, 2, 3] }) }),
  });
});
afterEach(() => {
  server.clearFaults();
  server.requests.length = 0;
});
afterAll(async () => {
  await server.close();
  process.off('unhandledRejection', onUnhandled);
  expect(unhandled).toEqual([]);
});

const client = (opts: Partial<HttpClientOptions> = {}) =>
  createHttpClient({ logger: silentLogger(), timeoutMs: 2000, retries: 3, baseDelayMs: 1, maxDelayMs: 5, ...opts });
const url = () => `${server.url}/data`;

/** The rejection of `p`, which must reject. */
async function failure(p: Promise<unknown>): Promise<Error> {
  return p.then(
    () => {
      throw new Error('expected a rejection');
    },
    (e: Error) => e,
  );
}

describe('createHttpClient', () => {
  it('GETs JSON and sends a user agent', async () => {
    expect(await client({ userAgent: 'paperboy-test' }).getJson(url())).toEqual({ hello: 'world', list: [1, 2, 3] });
    expect(server.requests).toHaveLength(1);
    expect(server.requests[0]!.headers['user-agent']).toBe('paperboy-test');
  });

  it('GETs text', async () => {
    expect(await client().getText(url())).toBe('{"hello":"world","list":[1,2,3]}');
  });

  it('retries 500s, then succeeds', async () => {
    server.fail('data', { status: 500 }, 2);
    expect(await client().getJson(url())).toMatchObject({ hello: 'world' });
    expect(server.requests).toHaveLength(3);
  });

  it('retries 502/503/504 and 408', async () => {
    for (const status of [502, 503, 504, 408]) server.fail('data', { status });
    expect(await client({ retries: 4 }).getJson(url())).toMatchObject({ hello: 'world' });
    expect(server.requests).toHaveLength(5);
  });

  it('ends in an UpstreamError with the status when retries run out', async () => {
    server.fail('data', { status: 503 }, 10);
    const err = await failure(client({ retries: 2 }).getJson(url(), { service: 'hf' }));
    expect(err).toBeInstanceOf(UpstreamError);
    expect(err).not.toBeInstanceOf(RateLimitError);
    expect((err as UpstreamError).status).toBe(503);
    expect((err as UpstreamError).service).toBe('hf');
    expect(server.requests).toHaveLength(3);
  });

  it('waits for Retry-After (seconds) on 429, then succeeds', async () => {
    server.fail('data', { status: 429, retryAfter: 1 });
    expect(await client().getJson(url())).toMatchObject({ hello: 'world' });
    expect(server.requests).toHaveLength(2);
    // A lower bound only: the client waited for the server's Retry-After, not its 1 ms backoff.
    expect(server.requests[1]!.at - server.requests[0]!.at).toBeGreaterThanOrEqual(950);
  });

  it('accepts Retry-After as an HTTP date', async () => {
    server.fail('data', { status: 429, retryAfter: new Date(Date.now() - 5000).toUTCString() });
    expect(await client().getJson(url())).toMatchObject({ hello: 'world' });
    expect(server.requests).toHaveLength(2);
  });

  it('does not wait out a Retry-After beyond the cap: RateLimitError at once', async () => {
    server.fail('data', { status: 429, retryAfter: 3600 }, 5);
    const err = await failure(client().getJson(url()));
    expect(err).toBeInstanceOf(RateLimitError);
    expect((err as RateLimitError).retryAfterMs).toBe(3_600_000);
    expect((err as RateLimitError).status).toBe(429);
    expect(server.requests).toHaveLength(1);
  });

  it('ends in a RateLimitError when 429s outlast the retries', async () => {
    server.fail('data', { status: 429 }, 10);
    const err = await failure(client({ retries: 2 }).getJson(url()));
    expect(err).toBeInstanceOf(RateLimitError);
    expect((err as RateLimitError).retryAfterMs).toBeGreaterThanOrEqual(0);
    expect(server.requests).toHaveLength(3);
  });

  it('does not retry other 4xx', async () => {
    server.fail('data', { status: 403 }, 5);
    const err = await failure(client().getJson(url()));
    expect((err as UpstreamError).status).toBe(403);
    expect(server.requests).toHaveLength(1);
  });

  it('turns 404 into undefined with allowNotFound, and into an error without', async () => {
    server.fail('data', { status: 404 }, 2);
    expect(await client().getJson(url(), { allowNotFound: true })).toBeUndefined();
    const err = await failure(client().getJson(url()));
    expect((err as UpstreamError).status).toBe(404);
    expect(server.requests).toHaveLength(2);
  });

  it('times out a request that never answers, retrying it', async () => {
    server.fail('data', { hang: true }, 5);
    const err = await failure(client({ timeoutMs: 100, retries: 1 }).getJson(url()));
    expect(err).toBeInstanceOf(UpstreamError);
    expect(err.message).toMatch(/timed out after 100 ms/);
    expect((err as UpstreamError).noAnswer).toBe('timeout');
    expect(server.requests).toHaveLength(2);
  });

  it('recovers when only the first attempt is slow', async () => {
    server.fail('data', { delayMs: 1000 });
    expect(await client({ timeoutMs: 150 }).getJson(url())).toMatchObject({ hello: 'world' });
    expect(server.requests).toHaveLength(2);
  });

  it('retries a dropped connection', async () => {
    server.fail('data', { reset: true });
    expect(await client().getJson(url())).toMatchObject({ hello: 'world' });
    expect(server.requests).toHaveLength(2);
  });

  it('rejects truncated JSON with an UpstreamError', async () => {
    server.fail('data', { truncate: true });
    const err = await failure(client().getJson(url()));
    expect(err).toBeInstanceOf(UpstreamError);
    expect(err.message).toMatch(/invalid JSON/);
  });

  it('rejects a streamed 10 MB body without buffering it all', async () => {
    server.fail('data', { hugeBytes: 10 * 1024 * 1024 });
    const before = process.memoryUsage().arrayBuffers;
    const err = await failure(client().getJson(url()));
    expect(err).toBeInstanceOf(UpstreamError);
    expect(err.message).toMatch(/larger than 5242880 bytes/);
    expect(server.requests).toHaveLength(1);
    expect(process.memoryUsage().arrayBuffers - before).toBeLessThan(20 * 1024 * 1024);
  });

  it('stops reading a 100 MB body soon after the limit', async () => {
    server.fail('data', { hugeBytes: 100 * 1024 * 1024 });
    await expect(client({ retries: 0 }).getText(url())).rejects.toThrow(/larger than/);
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(server.requests[0]!.bytesSent).toBeLessThan(50 * 1024 * 1024);
  });

  it('rejects a body whose Content-Length is over the limit before reading it', async () => {
    server.fail('data', { hugeBytes: 10 * 1024 * 1024, declareLength: true });
    const err = await failure(client({ maxBytes: 1024 }).getText(url()));
    expect(err.message).toMatch(/larger than 1024 bytes/);
  });

  it('enforces a small maxBytes on an ordinary body', async () => {
    const err = await failure(client({ maxBytes: 10 }).getJson(url()));
    expect(err).toBeInstanceOf(UpstreamError);
    expect(await client({ maxBytes: 1000 }).getJson(url())).toMatchObject({ hello: 'world' });
  });

  it('fails cleanly on a refused connection (after its retries) and on a malformed URL', async () => {
    let attempts = 0;
    const refused = await failure(client({ retries: 1 }).getJson(`http://127.0.0.1:${await closedPort()}/nothing`, { beforeAttempt: async () => void attempts++ }));
    expect(refused).toBeInstanceOf(UpstreamError);
    expect(refused.message).toMatch(/network error/);
    expect((refused as UpstreamError).noAnswer).toBe('unreachable');
    expect(attempts).toBe(2);
    const bad = await failure(client().getJson('not a url'));
    expect(bad).toBeInstanceOf(UpstreamError);
  });

  it('does not retry a host name that does not resolve', async () => {
    let attempts = 0;
    // .invalid never resolves (RFC 6761). A resolver that cannot be reached says EAI_AGAIN instead, which is retried.
    const err = await failure(client({ retries: 2 }).getJson('http://paperboy-test.invalid/data', { beforeAttempt: async () => void attempts++ }));
    expect((err as UpstreamError).noAnswer).toBe('unreachable');
    expect(err.message).toMatch(/ENOTFOUND|EAI_AGAIN/);
    expect(attempts).toBe(/ENOTFOUND/.test(err.message) ? 1 : 3);
  });

  it('calls beforeAttempt before every attempt', async () => {
    server.fail('data', { status: 500 }, 2);
    let calls = 0;
    await client().getJson(url(), { beforeAttempt: async () => void calls++ });
    expect(calls).toBe(3);
  });
});

describe('parseRetryAfter', () => {
  const now = Date.parse('2026-01-01T00:00:00Z');
  it.each([
    ['5', 5000],
    ['0', 0],
    ['1.5', 1500],
    ['Thu, 01 Jan 2026 00:00:10 GMT', 10_000],
    ['Wed, 31 Dec 2025 23:59:00 GMT', 0],
  ])('%j → %d ms', (header, ms) => {
    expect(parseRetryAfter(header, now)).toBe(ms);
  });
  it.each([[null], [''], ['soon'], ['-5']])('%j → undefined', (header) => {
    expect(parseRetryAfter(header, now)).toBeUndefined();
  });
});
