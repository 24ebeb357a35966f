// GET over global fetch with a timeout, retries that honour Retry-After, a streamed size limit and typed errors.
import { setTimeout as sleep } from 'node:timers/promises';
import type { Logger } from '../logger.ts';
import { RateLimitError, UpstreamError } from '../errors.ts';

/** Settings of an HTTP client; every delay is configurable so tests can make them tiny. */
export interface HttpClientOptions {
  logger: Logger;
  /** Per attempt, covering headers and body. Default 15 s. */
  timeoutMs?: number;
  /** Retries after the first attempt (429, 5xx, network errors but a host name that does not resolve, timeouts). Default 3. */
  retries?: number;
  /** Largest body accepted, enforced while streaming. Default 5 MB. */
  maxBytes?: number;
  /** First backoff delay; doubles each retry, with jitter. Default 500 ms. */
  baseDelayMs?: number;
  /** Largest backoff delay. Default 10 s. */
  maxDelayMs?: number;
  /** A Retry-After longer than this is not waited for: the request fails at once. Default 30 s. */
  maxRetryAfterMs?: number;
  userAgent?: string;
}

/** Options of one request. */
export interface RequestOptions {
  /** Name used in errors and logs (`huggingface`, `arxiv`). Default: the URL's host. */
  service?: string;
  /** Resolve `undefined` on 404 instead of throwing. */
  allowNotFound?: boolean;
  /** Awaited before every attempt, retries included (pacing). */
  beforeAttempt?: () => Promise<void>;
  accept?: string;
  /** Overrides the client's retries for this request. */
  retries?: number;
  /** Overrides the client's per-attempt timeout for this request. */
  timeoutMs?: number;
  /** Cancels the request (and its retries): it then fails at once with an UpstreamError saying so. */
  signal?: AbortSignal;
}

/** A GET-only client. Every failure is an UpstreamError (RateLimitError for 429s); nothing else escapes. */
export interface HttpClient {
  getText(url: string, opts: RequestOptions & { allowNotFound: true }): Promise<string | undefined>;
  getText(url: string, opts?: RequestOptions): Promise<string>;
  /** Parsed JSON body; `undefined` on 404 with `allowNotFound`. */
  getJson(url: string, opts?: RequestOptions): Promise<unknown>;
}

const MB = 1024 * 1024;

/** Milliseconds to wait from a Retry-After header (delta-seconds or HTTP date), or undefined when absent/invalid. */
export function parseRetryAfter(header: string | null | undefined, now: number = Date.now()): number | undefined {
  if (!header) return undefined;
  const v = header.trim();
  if (/^\d+(\.\d+)?$/.test(v)) return Math.round(Number(v) * 1000);
  if (!/^[a-z]{3},/i.test(v)) return undefined; // HTTP dates start with the day name
  const at = Date.parse(v);
  return Number.isNaN(at) ? undefined : Math.max(0, at - now);
}

type Attempt =
  | { ok: true; body: string | undefined }
  | { ok: false; error: UpstreamError; retry: boolean; retryAfterMs?: number };

class TooLarge extends Error {}

async function readLimited(res: Response, maxBytes: number): Promise<string> {
  const declared = Number(res.headers.get('content-length'));
  if (Number.isFinite(declared) && declared > maxBytes) throw new TooLarge();
  if (!res.body) return '';
  const reader = res.body.getReader();
  const decoder = new TextDecoder();
  let total = 0;
  let text = '';
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    total += value.byteLength;
    if (total > maxBytes) {
      await reader.cancel().catch(() => undefined);
      throw new TooLarge();
    }
    text += decoder.decode(value, { stream: true });
  }
  return text + decoder.decode();
}

const discard = (res: Response): void => {
  res.body?.cancel().catch(() => undefined);
};

/** Build a client over global fetch. */
export function createHttpClient(options: HttpClientOptions): HttpClient {
  const {
    logger,
    timeoutMs = 15_000,
    retries = 3,
    maxBytes = 5 * MB,
    baseDelayMs = 500,
    maxDelayMs = 10_000,
    maxRetryAfterMs = 30_000,
    userAgent = 'paperboy/0.1 (daily papers chat bot)',
  } = options;

  async function attempt(url: string, service: string, opts: RequestOptions): Promise<Attempt> {
    const limitMs = opts.timeoutMs ?? timeoutMs;
    const ctrl = new AbortController();
    let timedOut = false;
    const timer = setTimeout(() => {
      timedOut = true;
      ctrl.abort();
    }, limitMs);
    const cancel = () => ctrl.abort();
    opts.signal?.addEventListener('abort', cancel, { once: true });
    let res: Response | undefined;
    try {
      res = await fetch(url, {
        signal: ctrl.signal,
        redirect: 'follow',
        headers: { 'user-agent': userAgent, accept: opts.accept ?? 'application/json' },
      });
      if (res.status === 404 && opts.allowNotFound) {
        discard(res);
        return { ok: true, body: undefined };
      }
      if (!res.ok) {
        discard(res);
        const status = res.status;
        const retryAfterMs = parseRetryAfter(res.headers.get('retry-after'));
        const error =
          status === 429
            ? new RateLimitError(service, retryAfterMs ?? 0)
            : new UpstreamError(service, `HTTP ${status} for ${url}`, status);
        return { ok: false, error, retry: status === 429 || status === 408 || status >= 500, retryAfterMs };
      }
      return { ok: true, body: await readLimited(res, maxBytes) };
    } catch (e) {
      ctrl.abort(); // drop the connection: nothing more of this response is wanted
      if (res) discard(res);
      if (e instanceof TooLarge) {
        const error = new UpstreamError(service, `response from ${url} is larger than ${maxBytes} bytes`, res?.status);
        return { ok: false, error, retry: false };
      }
      if (opts.signal?.aborted && !timedOut) return { ok: false, error: cancelled(service, url), retry: false };
      const why = timedOut ? `timed out after ${limitMs} ms` : `network error: ${describe(e)}`;
      // A host name that does not resolve will not resolve a second later: failing at once, a command
      // says so in a moment instead of after every backoff (the scheduler retries digests within their grace).
      const error = new UpstreamError(service, `${why} (${url})`, undefined, timedOut ? 'timeout' : 'unreachable');
      return { ok: false, error, retry: timedOut || !hostNotFound(e) };
    } finally {
      clearTimeout(timer);
      opts.signal?.removeEventListener('abort', cancel);
    }
  }

  async function request(url: string, opts: RequestOptions = {}): Promise<string | undefined> {
    const service = opts.service ?? hostOf(url);
    if (!URL.canParse(url)) throw new UpstreamError(service, `invalid URL: ${url}`);
    for (let n = 0; ; n++) {
      await opts.beforeAttempt?.();
      if (opts.signal?.aborted) throw cancelled(service, url);
      const result = await attempt(url, service, opts);
      if (result.ok) return result.body;
      const { error, retryAfterMs } = result;
      if (retryAfterMs !== undefined && retryAfterMs > maxRetryAfterMs) {
        throw error instanceof RateLimitError ? new RateLimitError(service, retryAfterMs) : error;
      }
      if (!result.retry || n >= (opts.retries ?? retries)) {
        if (error instanceof RateLimitError && retryAfterMs === undefined) {
          throw new RateLimitError(service, backoff(n));
        }
        throw error;
      }
      const delayMs = retryAfterMs ?? backoff(n);
      logger.warn({ service, url, attempt: n + 1, delayMs, status: error.status, err: error.message }, 'retrying request');
      await sleep(delayMs, undefined, { signal: opts.signal }).catch(() => {
        throw cancelled(service, url);
      });
    }
  }

  function backoff(n: number): number {
    const cap = Math.min(maxDelayMs, baseDelayMs * 2 ** n);
    return Math.round(cap / 2 + (Math.random() * cap) / 2);
  }

  async function getJson(url: string, opts: RequestOptions = {}): Promise<unknown> {
    const text = await request(url, opts);
    if (text === undefined) return undefined;
    try {
      return JSON.parse(text) as unknown;
    } catch (e) {
      throw new UpstreamError(opts.service ?? hostOf(url), `invalid JSON from ${url}: ${describe(e)}`);
    }
  }

  return {
    getText: request as HttpClient['getText'],
    getJson,
  };
}

/** The failure of a request its caller cancelled. */
function cancelled(service: string, url: string): UpstreamError {
  return new UpstreamError(service, `cancelled: the caller stopped waiting (${url})`);
}

function hostOf(url: string): string {
  try {
    return new URL(url).host;
  } catch {
    return 'http';
  }
}

/** Whether a fetch failed because its host name does not resolve (getaddrinfo ENOTFOUND; EAI_AGAIN, a resolver that did not answer, is worth a retry). */
function hostNotFound(e: unknown): boolean {
  return (e as { cause?: { code?: unknown } } | undefined)?.cause?.code === 'ENOTFOUND';
}

function describe(e: unknown): string {
  if (e instanceof Error) {
    const cause = (e as { cause?: unknown }).cause;
    return cause instanceof Error ? `${e.message} (${cause.message})` : e.message;
  }
  return String(e);
}
