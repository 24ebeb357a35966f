// The worker side of WorkerPostClient: a post client in its own thread, answering the calls the main thread forwards.
import { parentPort, workerData } from 'node:worker_threads';
import { webApi } from '@slack/bolt';
import { createPostClient, errorFields, type PostClientSettings, type PostMethod } from './post-client.ts';

/** What the main thread sends the worker at start. */
export type PostWorkerData = PostClientSettings;

/**
 * A forwarded call, and its answer. chat.postMessage's arguments come as JSON (a string crosses
 * threads for less than the object would) and only the message's ts comes back.
 */
export type PostRequest = { id: number; method: 'chat.postMessage'; json: string } | { id: number; method: Exclude<PostMethod, 'chat.postMessage'>; args: Record<string, unknown> };
export type PostAnswer =
  | { id: number; result: unknown }
  | { id: number; error: ReturnType<typeof errorFields> }
  | { log: 'warn' | 'error'; msg: string }
  | { ready: true };

const port = parentPort!;
const data = workerData as PostWorkerData;
const forward = (level: 'warn' | 'error') => (...msg: unknown[]) => port.postMessage({ log: level, msg: msg.map(String).join(' ') } satisfies PostAnswer);
const logger: webApi.Logger = {
  debug: () => {},
  info: () => {},
  warn: forward('warn'),
  error: forward('error'),
  setLevel: () => {},
  getLevel: () => webApi.LogLevel.WARN,
  setName: () => {},
};
const client = createPostClient(data, logger);

port.on('message', (req: PostRequest) => {
  const call =
    req.method === 'chat.postMessage'
      ? client.postJson(req.json).then(({ ok, channel, ts }) => ({ ok, channel, ts }))
      : client.conversations.history(req.args as never);
  call.then(
    (result) => port.postMessage({ id: req.id, result } satisfies PostAnswer),
    (err: unknown) => port.postMessage({ id: req.id, error: errorFields(err) } satisfies PostAnswer),
  );
});
port.postMessage({ ready: true } satisfies PostAnswer);
