// The Slack post worker: the post client in a worker thread, its errors carried back intact, and the fallback when it cannot start.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { webApi } from '@slack/bolt';
import { createLogger } from '../../../src/logger.ts';
import { WorkerPostClient } from '../../../adapters/slack/worker-post-client.ts';
import type { ClosablePostClient } from '../../../adapters/slack/post-client.ts';
import { FAKE_BOT_TOKEN, FakeSlack } from '../../fakes/slack-api.ts';

let slack: FakeSlack;
beforeAll(async () => {
  slack = await new FakeSlack().start();
});
afterAll(async () => slack?.stop());

const logs: { msg: string; reason?: string }[] = [];
const logger = createLogger('warn', { write: (line: string) => void logs.push(JSON.parse(line) as { msg: string }) });
const settings = () => ({ token: FAKE_BOT_TOKEN, apiUrl: slack.apiUrl, timeoutMs: 5000 });
/** A client in this thread that records what it is asked and answers with a made-up ts. */
const recordingFallback = () => {
  const calls: unknown[] = [];
  const client: ClosablePostClient = {
    chat: { postMessage: async (args) => (calls.push(args), { ok: true, ts: 'fallback.1' }) },
    conversations: { history: async () => ({ ok: true, messages: [] }) },
    close: async () => {},
  };
  return { calls, client };
};
/** A worker entry given as source text. */
const workerSource = (js: string) => new URL(`data:text/javascript,${encodeURIComponent(js)}`);

describe('WorkerPostClient', () => {
  it('posts from a worker thread and reads channel history', async () => {
    const fallback = recordingFallback();
    const client = new WorkerPostClient(settings(), logger, { fallback: () => fallback.client });
    try {
      await client.open();
      const res = await client.chat.postMessage({ channel: 'CW1', text: 'from the worker' });
      expect(res.ts).toBe(slack.messages.find((m) => m.channel === 'CW1')?.ts);
      const history = await client.conversations.history({ channel: 'CW1' });
      expect(history.messages?.map((m) => m.text)).toEqual(['from the worker']);
      expect(client.threaded).toBe(true);
      expect(fallback.calls).toEqual([]);
    } finally {
      await client.close();
    }
  });

  it('carries an error across the thread with what the poster reads', async () => {
    const client = new WorkerPostClient(settings(), logger, { fallback: () => recordingFallback().client });
    try {
      slack.fail('chat.postMessage', { error: 'channel_not_found' }, { status: 429, retryAfter: 7 });
      const platform = await client.chat.postMessage({ channel: 'CW2', text: 'x' }).catch((e: unknown) => e);
      expect(platform).toMatchObject({ code: webApi.ErrorCode.PlatformError, data: { error: 'channel_not_found' } });
      const limited = await client.chat.postMessage({ channel: 'CW2', text: 'x' }).catch((e: unknown) => e);
      expect(limited).toMatchObject({ code: webApi.ErrorCode.RateLimitedError, retryAfter: 7 });
      expect(limited).toBeInstanceOf(Error);
    } finally {
      await client.close();
    }
  });

  it('posts from this thread, with a warning, when the worker cannot load', async () => {
    const fallback = recordingFallback();
    const client = new WorkerPostClient(settings(), logger, {
      fallback: () => fallback.client,
      workerUrl: workerSource('throw new Error("no such module")'),
    });
    const res = await client.chat.postMessage({ channel: 'CW3', text: 'still posted' });
    expect(res.ts).toBe('fallback.1');
    expect(fallback.calls).toEqual([{ channel: 'CW3', text: 'still posted' }]);
    expect(client.threaded).toBe(false);
    expect(logs.some((l) => l.msg.includes('could not start') && l.reason?.includes('no such module'))).toBe(true);
    await client.close();
  });

  it('fails the calls of a worker that dies as request errors, and starts another for the next call', async () => {
    // Loads, then exits on its first call without answering: that post may or may not have gone out.
    const dying = workerSource(`import { parentPort } from 'node:worker_threads';
      parentPort.on('message', () => process.exit(3));
      parentPort.postMessage({ ready: true });`);
    const client = new WorkerPostClient(settings(), logger, { fallback: () => recordingFallback().client, workerUrl: dying });
    await client.open();
    const first = await client.chat.postMessage({ channel: 'CW4', text: 'x' }).catch((e: unknown) => e);
    expect(first).toMatchObject({ code: webApi.ErrorCode.RequestError });
    expect((first as Error).message).toContain('may or may not have gone out');
    const second = await client.chat.postMessage({ channel: 'CW4', text: 'y' }).catch((e: unknown) => e);
    expect(second).toMatchObject({ code: webApi.ErrorCode.RequestError });
    expect(client.threaded).toBe(true);
    await client.close();
    await expect(client.chat.postMessage({ channel: 'CW4', text: 'z' })).rejects.toThrow('stopped');
  });
});
