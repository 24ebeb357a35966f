// Slack behaviours checked against Slack's: retried events, paperboy's own reactions, signatures over the raw bytes.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { reactionEventBody, slashCommandBody } from '../../fakes/slack-api.ts';
import { startSlackHarness, type SlackHarness } from './harness.ts';

let h: SlackHarness;
beforeAll(async () => {
  h = await startSlackHarness();
});
afterAll(async () => h?.close());

const json = { contentType: 'application/json' };
const saves = (user: string) => h.app.stores.saves.byUser('slack', user);

describe('reactions', () => {
  it('a redelivered reaction_added (X-Slack-Retry-Num) saves once', async () => {
    const paper = h.papers[0]!;
    await h.app.stores.deliveries.recordMessage('slack', 'CK1', '1700000200.000100', paper.id);
    const body = reactionEventBody({ added: true, user: 'UK1', reaction: 'bookmark', channel: 'CK1', ts: '1700000200.000100' });
    expect((await h.send(body, json)).status).toBe(200);
    expect((await h.send(body, { ...json, headers: { 'x-slack-retry-num': '1', 'x-slack-retry-reason': 'http_timeout' } })).status).toBe(200);
    await expect.poll(async () => (await saves('UK1')).length, { timeout: 3000 }).toBe(1);
    await new Promise((r) => setTimeout(r, 200));
    expect(await saves('UK1')).toHaveLength(1);
  });

  it('paperboy’s own reaction (its bot user, from auth.test) is ignored by Bolt', async () => {
    const paper = h.papers[1]!;
    await h.app.stores.deliveries.recordMessage('slack', 'CK2', '1700000201.000100', paper.id);
    await h.send(reactionEventBody({ added: true, user: 'UBOT', reaction: 'bookmark', channel: 'CK2', ts: '1700000201.000100' }), json);
    // A person's reaction after it is saved, which shows the first was read and dropped.
    await h.send(reactionEventBody({ added: true, user: 'UK2', reaction: 'bookmark', channel: 'CK2', ts: '1700000201.000100' }), json);
    await expect.poll(async () => (await saves('UK2')).length, { timeout: 3000 }).toBe(1);
    expect(await saves('UBOT')).toHaveLength(0);
  });
});

describe('signatures', () => {
  it('are checked over the raw bytes: a command with non-ASCII text and Slack’s entities verifies', async () => {
    const id = 'utf8';
    const res = await h.send(slashCommandBody('search café &amp; 🎉 <https://arxiv.org/abs/2406.12345|arxiv>', { responseUrl: h.slack.responseUrl(id) }));
    expect(res.status).toBe(200);
    await h.slack.waitFor(() => h.slack.responses.some((r) => r.path === `/respond/${id}`), 5000, 'answer');
  });
});
