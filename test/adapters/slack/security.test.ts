// Requests Slack did not sign, signed wrongly, replayed or malformed change nothing.
import { Writable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createLogger } from '../../../src/logger.ts';
import { createSlackAdapter } from '../../../adapters/slack/slack-adapter.ts';
import { FAKE_BOT_TOKEN, reactionEventBody, slashCommandBody, slackSignature } from '../../fakes/slack-api.ts';
import { homeOpenedBody } from '../../fakes/slack-requests.ts';
import { SIGNING_SECRET, startSlackHarness, type SlackHarness } from './harness.ts';
import { MAX_BODY_BYTES } from '../../../adapters/slack/body-limit.ts';

let h: SlackHarness;
beforeAll(async () => {
  h = await startSlackHarness();
  const paper = h.papers[0]!;
  await h.app.stores.deliveries.recordMessage('slack', 'C1', '1700000000.000100', paper.id);
});
afterAll(async () => h?.close());

const saveEvent = () => reactionEventBody({ added: true, user: 'U1', reaction: 'bookmark', channel: 'C1', ts: '1700000000.000100' });
const command = () => slashCommandBody('search attention', { responseUrl: h.slack.responseUrl('sec') });

/** Nothing reached the core: no Web API call besides start-up's auth.test, no answer, no save. */
async function expectNothingChanged() {
  await new Promise((r) => setTimeout(r, 150));
  expect(h.slack.calls.filter((c) => c.method !== 'auth.test')).toHaveLength(0);
  expect(h.slack.responses).toHaveLength(0);
  expect(await h.app.stores.saves.byUser('slack', 'U1')).toHaveLength(0);
}

describe('request verification', () => {
  it('rejects an unsigned request with 401', async () => {
    for (const body of [command(), saveEvent()]) {
      const res = await h.send(body, { signature: null, contentType: body.startsWith('{') ? 'application/json' : undefined });
      expect(res.status).toBe(401);
    }
    await expectNothingChanged();
  });

  it('rejects a wrongly signed request with 401', async () => {
    const body = saveEvent();
    const ts = Math.floor(Date.now() / 1000);
    expect((await h.send(body, { contentType: 'application/json', signature: slackSignature('not-the-secret', ts, body), timestamp: ts })).status).toBe(401);
    // A signature for another body does not fit this one.
    expect((await h.send(body, { contentType: 'application/json', signature: slackSignature(SIGNING_SECRET, ts, `${body} `), timestamp: ts })).status).toBe(401);
    await expectNothingChanged();
  });

  it('rejects a replayed request (older than 5 minutes) with 401, even when its signature is right', async () => {
    const old = Math.floor(Date.now() / 1000) - 6 * 60;
    expect((await h.send(saveEvent(), { contentType: 'application/json', timestamp: old })).status).toBe(401);
    expect((await h.send(command(), { timestamp: old })).status).toBe(401);
    await expectNothingChanged();
  });

  it('answers a signed but malformed body with 400', async () => {
    expect((await h.send('{"type": "event_callback", "event": ', { contentType: 'application/json' })).status).toBe(400);
    expect((await h.send('payload=%7Bnot-json', {})).status).toBe(400);
    await expectNothingChanged();
  });

  it('refuses a body over 1 MB with 413 before reading it whole, signed or not, declared or streamed', async () => {
    const big = slashCommandBody(`search ${'x'.repeat(MAX_BODY_BYTES)}`, { responseUrl: h.slack.responseUrl('big') });
    expect((await h.send(big, {})).status).toBe(413);
    // Sent in chunks with no Content-Length: counted as it streams (10 MB offered).
    const chunk = new TextEncoder().encode('x'.repeat(1 << 16));
    let sent = 0;
    const stream = new ReadableStream<Uint8Array>({
      pull(controller) {
        if (sent++ < 160) controller.enqueue(chunk);
        else controller.close();
      },
    });
    const res = await fetch(h.eventsUrl, { method: 'POST', body: stream, headers: { 'content-type': 'application/json' }, duplex: 'half' } as RequestInit).catch((err: Error) => err);
    // The answer is 413; a client still sending when the connection closes may see a reset instead.
    if (!(res instanceof Error)) expect(res.status).toBe(413);
    expect(sent).toBeLessThan(160);
    await expectNothingChanged();
  });

  it('answers Slack’s signed URL verification challenge', async () => {
    const res = await h.send(JSON.stringify({ token: 'x', challenge: 'c-123', type: 'url_verification' }), { contentType: 'application/json' });
    expect(res.status).toBe(200);
    expect(JSON.parse(res.text)).toEqual({ challenge: 'c-123' });
  });

  it('still accepts a correctly signed request (the checks above are not vacuous)', async () => {
    const res = await h.send(saveEvent(), { contentType: 'application/json' });
    expect(res.status).toBe(200);
    await expect.poll(async () => (await h.app.stores.saves.byUser('slack', 'U1')).length, { timeout: 3000 }).toBe(1);
  });
});

describe('start-up', () => {
  it('stops with a clear error, without the token, when Slack refuses the bot token', async () => {
    const slack = { ...h.app.config.slack!, botToken: 'xoxb-wrong-token' };
    const adapter = createSlackAdapter({ ...h.app, config: { ...h.app.config, slack } }, { port: 0, host: '127.0.0.1', apiRetries: 0 });
    const err = (await adapter.start().catch((e: unknown) => e)) as Error;
    expect(err).toBeInstanceOf(Error);
    expect(err.message).toMatch(/SLACK_BOT_TOKEN/);
    expect(err.message).not.toContain('xoxb-wrong-token');
    expect(adapter.port).toBeUndefined();
    expect(adapter.connected).toBe(false);
  });

  it('reports the HTTP receiver for /healthz: up while it listens', () => {
    expect(h.adapter.mode).toBe('http');
    expect(h.adapter.connected).toBe(true);
  });
});

describe('logs', () => {
  it('never carry the bot token or the signing secret, even at trace level', async () => {
    const lines: string[] = [];
    const sink = new Writable({
      write(chunk, _enc, done) {
        lines.push(String(chunk));
        done();
      },
    });
    const traced = await startSlackHarness({ logger: createLogger('trace', sink) });
    try {
      await traced.send(slashCommandBody('search attention', { responseUrl: traced.slack.responseUrl('log') }));
      await traced.slack.waitFor(() => traced.slack.responses.length > 0, 5000, 'answer');
      await traced.adapter.post('CLOG', { kind: 'text', text: 'hello' });
      await traced.send('unsigned', { signature: null });
    } finally {
      await traced.close();
    }
    const all = lines.join('');
    expect(all).toContain('slack');
    expect(all).not.toContain(FAKE_BOT_TOKEN);
    expect(all).not.toContain(SIGNING_SECRET);
  });

  it('log failed Web API calls and response URLs by what failed, not by the request (token, response URL)', async () => {
    const lines: string[] = [];
    const failing = await startSlackHarness({ logger: createLogger('info', { write: (l: string) => void lines.push(l) }) });
    const responseUrl = failing.slack.responseUrl('private-hook/expired');
    try {
      // A response_url that fails in a channel paperboy cannot post to, then a Web API call with Slack gone.
      failing.slack.unavailable.set('CGONE', 'channel_not_found');
      await failing.send(slashCommandBody('subscribe pruning', { responseUrl, channel: 'CGONE' }));
      await failing.slack.waitFor(() => lines.some((l) => l.includes('response_url failed too')), 8000, 'response_url failure logged');
      await failing.slack.stop();
      await failing.send(homeOpenedBody('UH'), { contentType: 'application/json' });
      await failing.slack.waitFor(() => lines.some((l) => l.includes('App Home')), 8000, 'App Home failure logged');
    } finally {
      await failing.app.stop();
      await failing.hf.close();
    }
    const logged = lines.map((l) => JSON.parse(l) as { msg: string; err?: Record<string, unknown> });
    const home = logged.find((l) => l.msg.includes('App Home'))!;
    expect(home.err).toMatchObject({ message: expect.any(String) });
    expect(Object.keys(home.err!)).not.toContain('original');
    const all = lines.join('');
    expect(all).not.toContain(FAKE_BOT_TOKEN);
    expect(all).not.toContain('private-hook');
  });
});
