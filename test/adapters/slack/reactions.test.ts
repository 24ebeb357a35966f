// Saving by reaction and by button, sharing, App Home and /paper digest, end to end through signed requests.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { blockActionBody, homeOpenedBody, reactionEventBody, slashCommandBody } from '../../fakes/slack-api.ts';
import { fixtureDays } from '../../fakes/fixtures.ts';
import { startSlackHarness, type SlackHarness } from './harness.ts';

let h: SlackHarness;
beforeAll(async () => {
  h = await startSlackHarness();
});
afterAll(async () => h?.close());

const json = { contentType: 'application/json' };
const savedIds = async (user: string) => (await h.app.stores.saves.byUser('slack', user)).map((s) => s.paperId);

describe('/paper digest', () => {
  it('posts a header and one message per paper, each recorded so reactions resolve', async () => {
    const res = await h.send(slashCommandBody(`digest ${fixtureDays()[0]}`, { channel: 'CDIG', responseUrl: h.slack.responseUrl('dig') }));
    expect(res.status).toBe(200);
    await h.slack.waitFor(() => h.slack.responses.some((r) => r.path === '/respond/dig'), 8000, 'digest answer');
    const posts = h.slack.callsTo('chat.postMessage').filter((c) => c.params.channel === 'CDIG');
    expect(posts.length).toBeGreaterThanOrEqual(2);
    expect(posts.length).toBeLessThanOrEqual(1 + h.app.config.digest.size);
    for (const p of posts) expect(p.params.metadata?.event_type).toBe('paperboy_post');
    const stored = h.slack.messages.filter((m) => m.channel === 'CDIG');
    expect(stored).toHaveLength(posts.length);
    const paperId = await h.app.stores.deliveries.paperForMessage('slack', 'CDIG', stored[1]!.ts);
    expect(h.papers.map((p) => p.id)).toContain(paperId);
    expect(JSON.stringify(posts[1]!.params.blocks)).toContain(paperId);

    // React with the save emoji on that paper's message: saved for the person who reacted.
    const react = (added: boolean) => h.send(reactionEventBody({ added, user: 'UR', reaction: 'bookmark', channel: 'CDIG', ts: stored[1]!.ts }), json);
    expect((await react(true)).status).toBe(200);
    await expect.poll(() => savedIds('UR'), { timeout: 3000 }).toEqual([paperId]);
    expect((await react(false)).status).toBe(200);
    await expect.poll(() => savedIds('UR'), { timeout: 3000 }).toEqual([]);
  });
});

describe('reactions', () => {
  it('ignores other emoji and messages that show no paper', async () => {
    const paper = h.papers[0]!;
    await h.app.stores.deliveries.recordMessage('slack', 'C1', '1700000001.000001', paper.id);
    await h.send(reactionEventBody({ added: true, user: 'UX', reaction: 'tada', channel: 'C1', ts: '1700000001.000001' }), json);
    await h.send(reactionEventBody({ added: true, user: 'UX', reaction: 'bookmark', channel: 'C1', ts: '1700000009.000009' }), json);
    // A skin-toned save emoji still counts, which shows the two above were read and ignored.
    await h.send(reactionEventBody({ added: true, user: 'UX', reaction: 'bookmark::skin-tone-2', channel: 'C1', ts: '1700000001.000001' }), json);
    await expect.poll(() => savedIds('UX'), { timeout: 3000 }).toEqual([paper.id]);
  });
});

describe('buttons', () => {
  it('Save saves the paper and confirms privately', async () => {
    const paper = h.papers[3]!;
    const res = await h.send(blockActionBody({ actionId: 'paperboy_save', value: paper.id, user: 'UB', channel: 'C1', messageTs: '1700000002.000001', responseUrl: h.slack.responseUrl('save') }));
    expect(res.status).toBe(200);
    const confirm = await h.slack.waitFor(() => h.slack.responses.find((r) => r.path === '/respond/save'), 5000, 'save confirmation');
    expect(confirm.body.response_type).toBe('ephemeral');
    expect(JSON.stringify(confirm.body)).toMatch(/Saved/);
    expect(await savedIds('UB')).toEqual([paper.id]);
  });

  it('Not for us records a dismissal for the channel', async () => {
    const paper = h.papers[4]!;
    await h.send(blockActionBody({ actionId: 'paperboy_dismiss', value: paper.id, user: 'UB', channel: 'CD', messageTs: '1700000003.000001', responseUrl: h.slack.responseUrl('dismiss') }));
    await h.slack.waitFor(() => h.slack.responses.find((r) => r.path === '/respond/dismiss'), 5000, 'dismiss confirmation');
    const signals = await h.app.stores.saves.byChannel('slack', 'CD');
    expect(signals.map((s) => [s.paperId, s.kind])).toEqual([[paper.id, 'dismiss']]);
  });

  it('answers a button of paperboy’s it does not know (an older version’s) instead of leaving it spinning', async () => {
    const res = await h.send(blockActionBody({ actionId: 'paperboy_share_v0', value: 'x', user: 'UB', channel: 'C1', messageTs: '1700000005.000001', responseUrl: h.slack.responseUrl('old') }));
    expect(res.status).toBe(200);
    const answer = await h.slack.waitFor(() => h.slack.responses.find((r) => r.path === '/respond/old'), 5000, 'answer');
    expect(answer.body.response_type).toBe('ephemeral');
    expect(JSON.stringify(answer.body)).toMatch(/no longer works.*React with 🔖.*\/paper help/);
  });

  it('Share posts the paper from a private answer to the channel', async () => {
    const paper = h.papers[5]!;
    await h.send(blockActionBody({ actionId: 'paperboy_share', value: paper.id, user: 'UB', channel: 'CS', messageTs: '1700000004.000001', responseUrl: h.slack.responseUrl('share'), ephemeral: true }));
    const post = await h.slack.waitFor(() => h.slack.callsTo('chat.postMessage').find((c) => c.params.channel === 'CS'), 5000, 'shared post');
    expect(JSON.stringify(post.params.blocks)).toContain(paper.id);
    const confirm = await h.slack.waitFor(() => h.slack.responses.find((r) => r.path === '/respond/share'), 5000, 'share confirmation');
    expect(confirm.body.response_type).toBe('ephemeral');
    const ts = h.slack.messages.find((m) => m.channel === 'CS')!.ts;
    expect(await h.app.stores.deliveries.paperForMessage('slack', 'CS', ts)).toBe(paper.id);
  });
});

describe('App Home', () => {
  it('publishes the person’s saved papers', async () => {
    const paper = h.papers[6]!;
    await h.app.stores.saves.add({ platform: 'slack', channelId: 'C1', userId: 'UH', paperId: paper.id, kind: 'save', at: new Date().toISOString() });
    expect((await h.send(homeOpenedBody('UH'), json)).status).toBe(200);
    const call = await h.slack.waitFor(() => h.slack.callsTo('views.publish').find((c) => c.params.user_id === 'UH'), 5000, 'views.publish');
    expect(call.params.view.type).toBe('home');
    expect(call.params.view.blocks.length).toBeLessThanOrEqual(100);
    expect(JSON.stringify(call.params.view.blocks)).toContain(paper.id);
  });

  it('publishes an empty state for someone with no saves', async () => {
    await h.send(homeOpenedBody('UNEW'), json);
    const call = await h.slack.waitFor(() => h.slack.callsTo('views.publish').find((c) => c.params.user_id === 'UNEW'), 5000, 'views.publish');
    expect(JSON.stringify(call.params.view.blocks)).toMatch(/Nothing saved yet/);
  });
});
