// chat.postMessage as a JSON POST: what Slack receives, and every kind of failure shaped as the poster expects.
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { webApi } from '@slack/bolt';
import { createPostClient } from '../../../adapters/slack/post-client.ts';
import { bodyOf } from '../../../adapters/slack/json-post-client.ts';
import { FAKE_BOT_TOKEN, FakeSlack } from '../../fakes/slack-api.ts';

let slack: FakeSlack;
/** A server answering chat.postMessage with whatever the test sets. */
let odd: Server;
let oddAnswer: (res: import('node:http').ServerResponse) => void = (res) => res.end('{}');
let oddUrl = '';
beforeAll(async () => {
  slack = await new FakeSlack().start();
  odd = createServer((req, res) => req.resume().on('end', () => oddAnswer(res)));
  await new Promise<void>((resolve) => odd.listen(0, '127.0.0.1', resolve));
  oddUrl = `http://127.0.0.1:${(odd.address() as AddressInfo).port}/api/`;
});
afterAll(async () => {
  await slack?.stop();
  odd?.closeAllConnections();
  await new Promise((resolve) => odd?.close(resolve));
});

const clientFor = (apiUrl: string, timeoutMs = 5000) => createPostClient({ token: FAKE_BOT_TOKEN, apiUrl, timeoutMs });
const failure = (p: Promise<unknown>) => p.then(() => expect.unreachable('the post should have failed'), (e: unknown) => e as Error & Record<string, unknown>);

describe('bodyOf', () => {
  it('is the JSON of the arguments, whatever they hold, with each block serialised once', () => {
    const shared = { type: 'section', text: { type: 'mrkdwn', text: 'a "quoted" \\ card\nline 2 \u2028 😀' } };
    const cases = [
      { channel: 'C1', text: 'no blocks' },
      { channel: 'C1', text: 'empty', blocks: [] },
      { channel: 'C1', text: 'odd blocks', blocks: [shared, undefined, null, 3, 'x', { type: 'divider', skipped: undefined }] },
      { blocks: [shared] },
      { channel: 'C2', text: 'same card, other channel', blocks: [shared], metadata: { event_type: 'paperboy_post', event_payload: { post_id: 'p' } } },
    ];
    for (const args of cases) expect(JSON.parse(bodyOf(args as webApi.ChatPostMessageArguments))).toEqual(JSON.parse(JSON.stringify(args)));
  });
});

describe('JsonPostClient', () => {
  it('posts the message as JSON with the bot token and returns Slack’s answer', async () => {
    const client = clientFor(slack.apiUrl);
    try {
      const blocks = [{ type: 'section', text: { type: 'mrkdwn', text: '*bold* & <not a link>' } }];
      const res = await client.chat.postMessage({ channel: 'CJ1', text: 'hello', blocks, metadata: { event_type: 'paperboy_post', event_payload: { paper_id: '2406.12345' } } });
      const call = slack.callsTo('chat.postMessage').at(-1)!;
      expect(call.headers['content-type']).toMatch(/^application\/json/);
      expect(call.headers.authorization).toBe(`Bearer ${FAKE_BOT_TOKEN}`);
      expect(call.params).toMatchObject({ channel: 'CJ1', text: 'hello', blocks, metadata: { event_payload: { paper_id: '2406.12345' } } });
      expect(res.ts).toBe(slack.messages.find((m) => m.channel === 'CJ1')?.ts);
      // conversations.history still goes through the WebClient.
      expect((await client.conversations.history({ channel: 'CJ1' })).messages?.map((m) => m.ts)).toEqual([res.ts]);
    } finally {
      await client.close();
    }
  });

  it('reports 429 with Retry-After, Slack errors, and HTTP errors as WebClient does', async () => {
    const client = clientFor(slack.apiUrl);
    try {
      slack.fail('chat.postMessage', { status: 429, retryAfter: 12 }, { error: 'not_in_channel' }, { status: 503 });
      expect(await failure(client.chat.postMessage({ channel: 'CJ2', text: 'x' }))).toMatchObject({ code: webApi.ErrorCode.RateLimitedError, retryAfter: 12 });
      expect(await failure(client.chat.postMessage({ channel: 'CJ2', text: 'x' }))).toMatchObject({ code: webApi.ErrorCode.PlatformError, data: { error: 'not_in_channel' } });
      expect(await failure(client.chat.postMessage({ channel: 'CJ2', text: 'x' }))).toMatchObject({ code: webApi.ErrorCode.HTTPError, statusCode: 503 });
      expect(slack.messages.filter((m) => m.channel === 'CJ2')).toEqual([]);
    } finally {
      await client.close();
    }
  });

  it('turns a broken, huge or late answer and a refused connection into errors, never a crash', async () => {
    const client = clientFor(oddUrl, 300);
    try {
      oddAnswer = (res) => res.end('{"ok": tru');
      expect((await failure(client.chat.postMessage({ channel: 'C', text: 'x' }))).message).toContain('not JSON');
      oddAnswer = (res) => res.end(`{"ok":true,"ts":"1.1","junk":"${'x'.repeat(2 << 20)}"}`);
      expect((await failure(client.chat.postMessage({ channel: 'C', text: 'x' }))).message).toContain('more than 1 MB');
      oddAnswer = () => {};
      expect(await failure(client.chat.postMessage({ channel: 'C', text: 'x' }))).toMatchObject({ code: webApi.ErrorCode.RequestError });
    } finally {
      await client.close();
    }
    const refused = clientFor('http://127.0.0.1:9/api/');
    expect(await failure(refused.chat.postMessage({ channel: 'C', text: 'x' }))).toMatchObject({ code: webApi.ErrorCode.RequestError });
    await refused.close();
  });
});
