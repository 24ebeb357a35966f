// Posting to channels: digests as embeds, 429s waited out, retries that never duplicate, dead channels.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { ChannelUnavailableError } from '../../../src/errors.ts';
import type { DigestView } from '../../../src/views.ts';
import { slashCommand } from '../../fakes/discord-server.ts';
import { fixtureDays, HOSTILE_TEXT } from '../../fakes/fixtures.ts';
import { IDS, paper, startHarness, type Harness } from './harness.ts';

const MESSAGES = /^\/channels\/\d+\/messages$/;
let h: Harness;

beforeAll(async () => {
  h = await startHarness();
});
afterAll(async () => h?.close());
beforeEach(() => h.discord.messages.clear());

const digest: DigestView = {
  kind: 'digest',
  date: '2025-11-19',
  topics: ['pruning'],
  cards: [
    { paper: paper('2501.00001', HOSTILE_TEXT.everyone, { summary: HOSTILE_TEXT.userMention }), rank: 1, why: 'matches “pruning” · 12 upvotes' },
    { paper: paper('2501.00003', HOSTILE_TEXT.markdownLink, { githubRepo: 'https://github.com/a/b' }), rank: 2, why: '3 upvotes' },
  ],
};

describe('post', () => {
  it('posts a digest as a header then one embed message per paper, none able to ping', async () => {
    const posted = await h.adapter.post(IDS.channel, digest);
    expect(posted.map((p) => p.paperId)).toEqual([undefined, '2501.00001', '2501.00003']);
    const sent = h.discord.messages.get(IDS.channel)!;
    expect(sent.map((m) => m.id)).toEqual(posted.map((p) => p.messageId));
    for (const { body } of sent) {
      expect(body.allowed_mentions).toEqual({ parse: [] });
      expect(body.enforce_nonce).toBe(true);
      expect(String(body.nonce).length).toBeLessThanOrEqual(25);
    }
    expect(sent[1]!.body.embeds).toHaveLength(1);
    expect(JSON.stringify(sent[1]!.body.components)).toContain('paperboy:save:2501.00001');
  });

  it('waits out a 429 with retry_after and posts the message exactly once', async () => {
    const retryAfter = 0.4;
    h.discord.fail('POST', MESSAGES, {
      status: 429,
      body: { message: 'You are being rate limited.', retry_after: retryAfter, global: false },
      headers: {
        'Retry-After': String(retryAfter),
        'X-RateLimit-Limit': '5',
        'X-RateLimit-Remaining': '0',
        'X-RateLimit-Reset-After': String(retryAfter),
        'X-RateLimit-Bucket': 'channel-messages',
        'X-RateLimit-Scope': 'user',
      },
    });
    const before = h.discord.callsTo('POST', MESSAGES).length;
    const posted = await h.adapter.post(IDS.channel, { kind: 'text', text: 'hello after the wait' });
    const calls = h.discord.callsTo('POST', MESSAGES).slice(before);
    expect(posted).toHaveLength(1);
    expect(calls).toHaveLength(2);
    expect(calls[1]!.at - calls[0]!.at).toBeGreaterThanOrEqual(retryAfter * 1000 - 50);
    expect(h.discord.messages.get(IDS.channel)).toHaveLength(1);
  });

  it('retries a 500 and a lost response without posting twice (same nonce, enforced)', async () => {
    h.discord.fail('POST', MESSAGES, { status: 500 });
    h.discord.fail('POST', MESSAGES, { lostResponse: true, lostAfterMs: 3_000 });
    const before = h.discord.callsTo('POST', MESSAGES).length;
    const posted = await h.adapter.post(IDS.channel, { kind: 'text', text: 'exactly once' });
    const calls = h.discord.callsTo('POST', MESSAGES).slice(before);
    expect(calls).toHaveLength(3);
    expect(new Set(calls.map((c) => c.body.nonce)).size).toBe(1);
    expect(h.discord.messages.get(IDS.channel)).toHaveLength(1);
    expect(posted[0]!.messageId).toBe(h.discord.messages.get(IDS.channel)![0]!.id);
  });

  it('reports a channel it may not post in, or that is gone, as ChannelUnavailableError', async () => {
    await expect(h.adapter.post(IDS.forbidden, { kind: 'text', text: 'hi' })).rejects.toBeInstanceOf(ChannelUnavailableError);
    await expect(h.adapter.post('1999999999999999999', { kind: 'text', text: 'hi' })).rejects.toThrow(/404/);
  });

  it('declares Discord posting limits for the pacer', () => {
    expect(h.adapter.limits).toEqual({ perChannel: { count: 5, intervalMs: 5_000 }, global: { count: 50, intervalMs: 1_000 } });
  });
});

describe('recentPosts (what a resumed delivery checks before posting an unsure message again)', () => {
  it('lists its own posts since an instant, oldest first, with the paper each shows, and nobody else’s', async () => {
    const since = new Date(Date.now() - 1000);
    const posted = await h.adapter.post(IDS.channel, digest);
    // Someone else writes in the channel between paperboy's posts.
    const other = { id: '9999999999999999999999', channel_id: IDS.channel, author: { id: IDS.alice }, components: [] };
    h.discord.messages.get(IDS.channel)!.push({ id: other.id, body: {}, at: Date.now(), created: other });
    const recent = await h.adapter.recentPosts(IDS.channel, since);
    expect(recent).toEqual(posted);
    expect(recent.map((p) => p.paperId)).toEqual([undefined, '2501.00001', '2501.00003']);
    const list = h.discord.callsTo('GET', MESSAGES).at(-1)!;
    expect(list.headers['authorization']).toMatch(/^Bot /);
  });

  it('reports a channel it cannot read as ChannelUnavailableError', async () => {
    await expect(h.adapter.recentPosts(IDS.forbidden, new Date())).rejects.toBeInstanceOf(ChannelUnavailableError);
  });
});

describe('/paper digest', () => {
  it('defers, posts the day’s digest into the channel, and edits the answer with what it did', async () => {
    const day = fixtureDays().at(-1)!;
    const payload = slashCommand('digest', [{ name: 'date', type: 3, value: day }]);
    h.discord.gateway.dispatch('INTERACTION_CREATE', payload);
    const [callback] = await h.discord.waitForCall('POST', new RegExp(`/interactions/${payload.id}/`));
    expect(callback!.body.type).toBe(5);
    const [edit] = await h.discord.waitForCall('PATCH', new RegExp(`/webhooks/${IDS.app}/${payload.token}/messages/@original$`));
    const sent = h.discord.messages.get(IDS.channel) ?? [];
    expect(sent.length).toBeGreaterThan(1);
    expect(edit!.body.content).toContain(`Posted ${sent.length - 1} papers`);
    expect(sent.every((m) => m.body.allowed_mentions?.parse?.length === 0)).toBe(true);
  });
});
