// A PostClient whose WebClient runs in a worker thread, so that HTTP work for a large fan-out uses a second core.
import { Worker } from 'node:worker_threads';
import { webApi } from '@slack/bolt';
import type { Logger } from '../../src/logger.ts';
import { errorFrom, type ClosablePostClient, type PostClient, type PostMethod } from './post-client.ts';
import type { PostAnswer, PostRequest, PostWorkerData } from './post-worker.ts';

interface Waiting {
  method: PostMethod;
  args: object;
  resolve(value: unknown): void;
  reject(err: Error): void;
}

export interface WorkerPostClientOptions {
  /** The client to use in this thread when the worker cannot start. */
  fallback: () => ClosablePostClient;
  /** The worker's entry (tests point it elsewhere). */
  workerUrl?: URL;
}

/**
 * Forwards chat.postMessage and conversations.history to a WebClient in a worker thread (started by
 * `open`, or by the first call). The worker keeps the process alive only while calls are waiting.
 * A worker that cannot load is replaced, for good, by the fallback client in this thread (logged);
 * one that dies later fails its calls as request errors (the poster checks the channel before
 * posting again) and the next call starts another.
 */
export class WorkerPostClient implements ClosablePostClient {
  private worker?: Worker;
  private loaded = false;
  /** Resolves when the current worker has loaded or failed to. */
  private ready: Promise<void> = Promise.resolve();
  private fallbackClient?: ClosablePostClient;
  private readonly waiting = new Map<number, Waiting>();
  private next = 0;
  private closed = false;

  readonly chat = { postMessage: (args: webApi.ChatPostMessageArguments) => this.call<webApi.ChatPostMessageResponse>('chat.postMessage', args) };
  readonly conversations = { history: (args: webApi.ConversationsHistoryArguments) => this.call<webApi.ConversationsHistoryResponse>('conversations.history', args) };

  constructor(
    private readonly data: PostWorkerData,
    private readonly logger: Logger,
    private readonly opts: WorkerPostClientOptions,
  ) {}

  /** Whether calls go to a worker thread (false once the fallback took over). */
  get threaded(): boolean {
    return !this.fallbackClient;
  }

  /**
   * Start the worker now and wait until it has loaded, rather than on the first call (whose post
   * would wait for the worker to load, then go out together with the next).
   */
  async open(): Promise<void> {
    if (this.closed || this.fallbackClient) return;
    this.worker ??= this.spawn();
    await this.ready;
  }

  /** Stop the worker; calls still waiting fail. */
  async close(): Promise<void> {
    this.closed = true;
    const worker = this.worker;
    this.worker = undefined;
    if (worker) await worker.terminate();
    this.failAll(() => new Error('the Slack post worker was stopped'));
    await this.fallbackClient?.close();
  }

  private call<T>(method: PostMethod, args: object): Promise<T> {
    if (this.closed) return Promise.reject(new Error('the Slack post worker is stopped'));
    if (this.fallbackClient) return forward(this.fallbackClient, method, args) as Promise<T>;
    const worker = (this.worker ??= this.spawn());
    const id = this.next++;
    if (!this.waiting.size) worker.ref();
    return new Promise<T>((resolve, reject) => {
      this.waiting.set(id, { method, args, resolve: resolve as (v: unknown) => void, reject });
      const request: PostRequest = method === 'chat.postMessage' ? { id, method, json: JSON.stringify(args) } : { id, method, args: args as Record<string, unknown> };
      worker.postMessage(request);
    });
  }

  private spawn(): Worker {
    const worker = new Worker(this.opts.workerUrl ?? new URL('./post-worker.js', import.meta.url), { workerData: this.data });
    worker.unref();
    this.loaded = false;
    let settle!: () => void;
    this.ready = new Promise<void>((resolve) => (settle = resolve));
    let failure = '';
    worker.on('message', (answer: PostAnswer) => {
      if (!('ready' in answer)) return this.answer(answer);
      this.loaded = true;
      settle();
    });
    worker.on('error', (err) => (failure = err.message));
    worker.on('exit', (code) => {
      settle();
      if (this.worker !== worker) return;
      this.worker = undefined;
      if (!this.loaded) return this.useFallback(failure || `exit code ${code}`);
      this.failAll(() => Object.assign(new Error(`the Slack post worker stopped (${failure || `exit code ${code}`}); the post may or may not have gone out`), { code: webApi.ErrorCode.RequestError }));
    });
    return worker;
  }

  /** The worker could not load: post from this thread from now on; calls not yet sent go there. */
  private useFallback(reason: string) {
    this.logger.warn({ platform: 'slack', reason }, 'the Slack post worker could not start; posting from the main thread');
    this.fallbackClient = this.opts.fallback();
    const calls = [...this.waiting.values()];
    this.waiting.clear();
    for (const w of calls) forward(this.fallbackClient, w.method, w.args).then(w.resolve, w.reject);
  }

  private answer(a: Exclude<PostAnswer, { ready: true }>) {
    if ('log' in a) {
      this.logger[a.log]({ platform: 'slack' }, `slack web api: ${a.msg}`);
      return;
    }
    const w = this.waiting.get(a.id);
    if (!w) return;
    this.waiting.delete(a.id);
    if (!this.waiting.size) this.worker?.unref();
    if ('error' in a) w.reject(errorFrom(a.error));
    else w.resolve(a.result);
  }

  private failAll(error: () => Error) {
    for (const w of this.waiting.values()) w.reject(error());
    this.waiting.clear();
  }
}

function forward(client: PostClient, method: PostMethod, args: object): Promise<unknown> {
  return method === 'chat.postMessage' ? client.chat.postMessage(args as webApi.ChatPostMessageArguments) : client.conversations.history(args as webApi.ConversationsHistoryArguments);
}
