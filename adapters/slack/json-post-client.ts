// chat.postMessage as one JSON POST over a pool of kept-alive connections (undici): the fan-out's hot path.
//
// A digest fanned out to a thousand channels makes thousands of chat.postMessage calls. Through
// @slack/web-api's WebClient each one costs about 0.6–1 ms of CPU (axios configuration merging,
// form encoding, a debug line built whether or not it is logged), about four times a plain JSON
// POST through undici's Pool (bench/slack-post.bench.ts; figures in docs/slack.md). Slack's Web API
// takes JSON bodies for write methods, so posting needs nothing more. Errors come back shaped as
// WebClient's (code, retryAfter, statusCode, data.error), which is what SlackPoster reads. Every
// other call, conversations.history included, stays on the WebClient.
import { Pool, type Dispatcher } from 'undici';
import { webApi } from '@slack/bolt';
import type { PostClient } from './post-client.ts';

/** Longest answer read from Slack for a post (real ones are a few kB). */
const MAX_ANSWER_BYTES = 1 << 20;

export interface JsonPostClientOptions {
  token: string;
  /** SLACK_API_URL, ending in `/api/`. */
  apiUrl: string;
  timeoutMs: number;
  /** Answers conversations.history (a WebClient). */
  history: PostClient['conversations'];
  /** Connections kept open to Slack (default 64; the adapter keeps as many as the pacer lets posts be in flight). */
  connections?: number;
}

const fail = (message: string, fields: { code: string; retryAfter?: number; statusCode?: number; data?: { ok: false; error: string; [key: string]: unknown } }) =>
  Object.assign(new Error(message), fields);

/** A PostClient whose chat.postMessage is a plain JSON POST. */
export class JsonPostClient implements PostClient {
  private readonly pool: Pool;
  private readonly path: string;
  private readonly headers: Record<string, string>;
  readonly conversations: PostClient['conversations'];
  readonly chat = { postMessage: (args: webApi.ChatPostMessageArguments) => this.post(bodyOf(args)) };

  constructor(opts: JsonPostClientOptions) {
    const url = new URL(opts.apiUrl);
    this.pool = new Pool(url.origin, { connections: opts.connections ?? 64, headersTimeout: opts.timeoutMs, bodyTimeout: opts.timeoutMs });
    this.path = `${url.pathname.replace(/\/?$/, '/')}chat.postMessage`;
    this.headers = { authorization: `Bearer ${opts.token}`, 'content-type': 'application/json; charset=utf-8', 'user-agent': 'paperboy/0.1' };
    this.conversations = opts.history;
  }

  async close(): Promise<void> {
    await this.pool.close();
  }

  private async post(body: string): Promise<webApi.ChatPostMessageResponse> {
    let res: Answer;
    try {
      res = await new Promise<Answer>((resolve, reject) => {
        this.pool.dispatch({ path: this.path, method: 'POST', headers: this.headers, body }, new AnswerReader(resolve, reject));
      });
    } catch (err) {
      throw fail(`chat.postMessage request failed: ${(err as Error).message}`, { code: webApi.ErrorCode.RequestError });
    }
    const { statusCode, text } = res;
    if (statusCode === 429) {
      // No header: Number(undefined) is NaN, so 1 s.
      const retryAfter = Number(res.retryAfter);
      throw fail('chat.postMessage was rate limited', { code: webApi.ErrorCode.RateLimitedError, retryAfter: Number.isFinite(retryAfter) ? retryAfter : 1 });
    }
    if (statusCode !== 200) throw fail(`chat.postMessage answered HTTP ${statusCode}`, { code: webApi.ErrorCode.HTTPError, statusCode });
    if (text === undefined) throw fail(`chat.postMessage answered more than ${MAX_ANSWER_BYTES >> 20} MB`, { code: webApi.ErrorCode.HTTPError, statusCode });
    let answer: webApi.ChatPostMessageResponse;
    try {
      answer = JSON.parse(text) as webApi.ChatPostMessageResponse;
    } catch {
      throw fail('chat.postMessage answered something that is not JSON', { code: webApi.ErrorCode.HTTPError, statusCode });
    }
    if (!answer.ok) {
      // As WebClient's: Slack's whole answer as `data` (a missing scope's `needed`, invalid blocks' `errors`).
      const data = { ...answer, ok: false as const, error: answer.error ?? 'unknown_error' };
      throw fail(`An API error occurred: ${data.error}`, { code: webApi.ErrorCode.PlatformError, data });
    }
    return answer;
  }
}

/** An answer as read: its status, its Retry-After (429s only), its body as text (undefined past MAX_ANSWER_BYTES). */
interface Answer {
  statusCode: number;
  retryAfter?: string;
  text?: string;
}

/**
 * Reads one answer straight from undici's dispatcher (its handler contract): the body's chunks are
 * kept as they come and headers are not parsed but for a 429's Retry-After. `request()` would wrap
 * each answer in a Readable stream read through an async iterator, most of a post's client CPU.
 */
class AnswerReader implements Dispatcher.DispatchHandlers {
  private statusCode = 0;
  private retryAfter?: string;
  private readonly chunks: Buffer[] = [];
  private size = 0;
  private tooLarge = false;
  private abort?: (err?: Error) => void;

  constructor(
    private readonly resolve: (answer: Answer) => void,
    private readonly reject: (err: Error) => void,
  ) {}

  onConnect(abort: (err?: Error) => void): void {
    this.abort = abort;
  }

  onHeaders(statusCode: number, headers: Buffer[]): boolean {
    this.statusCode = statusCode;
    if (statusCode === 429) {
      for (let i = 0; i + 1 < headers.length; i += 2) {
        if (headers[i]!.toString('latin1').toLowerCase() === 'retry-after') this.retryAfter = headers[i + 1]!.toString('latin1');
      }
    }
    return true;
  }

  onData(chunk: Buffer): boolean {
    this.size += chunk.length;
    if (this.size > MAX_ANSWER_BYTES) {
      // The rest is dropped with the connection; the post itself was answered.
      this.tooLarge = true;
      this.abort?.(new Error('answer too large'));
      return false;
    }
    this.chunks.push(chunk);
    return true;
  }

  onComplete(): void {
    this.resolve({ statusCode: this.statusCode, retryAfter: this.retryAfter, text: Buffer.concat(this.chunks, this.size).toString('utf8') });
  }

  onError(err: Error): void {
    if (this.tooLarge) this.resolve({ statusCode: this.statusCode, retryAfter: this.retryAfter });
    else this.reject(err);
  }
}

/** Each block's JSON, by block: rendered blocks are shared by every channel a card goes to and never changed. */
const blockJson = new WeakMap<object, string>();

/**
 * The JSON body of a post, its blocks' JSON made once per block: a fan-out sends the same few cards
 * to every channel, and serialising a card's blocks is most of serialising the post.
 */
export function bodyOf(args: webApi.ChatPostMessageArguments): string {
  const { blocks, ...rest } = args as { blocks?: unknown };
  if (!Array.isArray(blocks) || !blocks.length) return JSON.stringify(args);
  const parts = blocks.map((b: unknown) => {
    if (typeof b !== 'object' || b === null) return JSON.stringify(b) ?? 'null';
    let json = blockJson.get(b);
    if (json === undefined) blockJson.set(b, (json = JSON.stringify(b)));
    return json;
  });
  const head = JSON.stringify(rest);
  return `${head.slice(0, -1)}${head === '{}' ? '' : ','}"blocks":[${parts.join(',')}]}`;
}
