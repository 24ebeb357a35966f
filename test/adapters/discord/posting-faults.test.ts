// Reactions as Discord really sends them, and channel posts whose answers are broken or fail half-way.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { ChannelUnavailableError, RateLimitError, UpstreamError } from '../../../src/errors.ts';
import type { PostedMessage } from '../../../src/chat.ts';
import { reactionEvent } from '../../fakes/discord-server.ts';
import { eventually, IDS, paper, startHarness, type Harness } from './harness.ts';

const MESSAGES = /^\/channels\/\d+\/messages$/;
let h: Harness;

beforeAll(async () => {
  h = await startHarness({ papers: [paper('2511.00011', 'Sparse mixtures of experts'), paper('2511.00012', 'Token merging')] });
});
afterAll(async () => h?.close());
beforeEach(() => h.discord.messages.clear());

describe('reactions with a skin tone', () => {
  it('dismisses on 👎 whatever skin tone the person has set, and undoes it when removed', async () => {
    const messageId = '9000000000000000021';
    await h.stores.deliveries.recordMessage('discord', IDS.channel, messageId, '2511.00011');
    const dismissed = async () =>
      (await h.stores.saves.byChannel('discord', IDS.channel)).some((s) => s.kind === 'dismiss' && s.paperId === '2511.00011' && s.userId === IDS.bob);
    // Discord sends a reaction made with a skin tone as the toned emoji itself.
    h.discord.gateway.dispatch('MESSAGE_REACTION_ADD', reactionEvent(true, messageId, '👎🏽'));
    await eventually(dismissed);
    h.discord.gateway.dispatch('MESSAGE_REACTION_REMOVE', reactionEvent(false, messageId, '👎🏽'));
    await eventually(async () => !(await dismissed()));
  });
});

describe('broken answers to a post', () => {
  it('refuses an answer without a message id instead of recording an undefined message', async () => {
    h.discord.fail('POST', MESSAGES, { status: 200, body: {} });
    const result = await h.adapter.post(IDS.channel, { kind: 'text', text: 'hello' }).then(
      (posted) => posted,
      (err: unknown) => err,
    );
    expect(result).toBeInstanceOf(UpstreamError);
    expect((result as Error).message).toMatch(/message id/);
  });

  it('says which messages went out when a multi-message post fails half-way', async () => {
    const text = `${'first part. '.repeat(200)}\n${'second part. '.repeat(200)}`;
    // The first message lands; the second fails on every try (500, retried by discord.js).
    h.discord.fail('POST', MESSAGES, { status: 200, body: { id: '3100000000000000001', channel_id: IDS.channel } });
    h.discord.fail('POST', MESSAGES, { status: 500 }, 3); // the first try and discord.js's two retries (TEST_ADAPTER_OPTIONS)
    const before = h.discord.callsTo('POST', MESSAGES).length;
    const err = await h.adapter.post(IDS.channel, { kind: 'text', text }).then(
      () => undefined,
      (e: unknown) => e as Error & { posted?: PostedMessage[] },
    );
    const calls = h.discord.callsTo('POST', MESSAGES).slice(before);
    expect(calls).toHaveLength(4);
    expect(calls[0]!.body.content).toContain('first part');
    expect(calls.at(-1)!.body.content).toContain('second part');
    expect(err).toBeInstanceOf(UpstreamError);
    // The caller (delivery) records these instead of posting the first message again.
    expect(err!.posted).toEqual([{ messageId: '3100000000000000001' }]);
  });
});

describe('a long rate limit', () => {
  it('fails the post with a RateLimitError saying how long, instead of discord.js waiting it out', async () => {
    // Slowmode of an hour: discord.js would sleep through it (and this test outlast its time limit).
    h.discord.fail('POST', MESSAGES, { status: 429, body: { message: 'You are being rate limited.', retry_after: 3600, global: false }, headers: { 'retry-after': '3600' } });
    const err = await h.adapter.post(IDS.channel, { kind: 'text', text: 'hello' }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(RateLimitError);
    expect((err as RateLimitError).retryAfterMs).toBeGreaterThanOrEqual(3_500_000);
    expect((err as RateLimitError & { posted?: unknown }).posted).toBeUndefined();
  });
});

describe('recentPosts and the bot’s interaction replies', () => {
  it('lists only what paperboy posted to the channel, not its public replies to commands', async () => {
    const since = new Date(Date.now() - 1000);
    // A public `/paper subscribe` answer: authored by the bot, with no paper, like a digest header.
    const reply = {
      id: '3200000000000000001', channel_id: IDS.channel, type: 20, author: { id: IDS.bot }, webhook_id: IDS.app, application_id: IDS.app,
      interaction_metadata: { id: '4000000000000000099', type: 2, user: { id: IDS.alice }, authorizing_integration_owners: { '0': IDS.guild } },
      content: '✅ Subscribed: a digest every weekday at 09:00', components: [],
    };
    h.discord.messages.set(IDS.channel, [{ id: reply.id, body: {}, at: Date.now(), created: reply }]);
    expect(await h.adapter.recentPosts(IDS.channel, since)).toEqual([]);
    // A header posted to the channel afterwards still counts.
    const [header] = await h.adapter.post(IDS.channel, { kind: 'text', text: '📰 Papers for 2025-11-19' });
    expect(await h.adapter.recentPosts(IDS.channel, since)).toEqual([{ messageId: header!.messageId }]);
  });

  it('reports a broken history answer as an error, not as a channel where nothing was posted', async () => {
    await h.adapter.post(IDS.channel, { kind: 'text', text: 'already here' });
    h.discord.fail('GET', MESSAGES, { status: 200, body: { messages: 'not a list' } });
    await expect(h.adapter.recentPosts(IDS.channel, new Date(Date.now() - 1000))).rejects.toBeInstanceOf(UpstreamError);
  });
});

describe('a channel paperboy may not post in', () => {
  it('says what is missing, so /paper settings can tell people what to fix', async () => {
    const err = await h.adapter.post(IDS.forbidden, { kind: 'text', text: 'hi' }).then(() => undefined, (e: unknown) => e);
    expect(err).toBeInstanceOf(ChannelUnavailableError);
    const reason = (err as ChannelUnavailableError).reason;
    expect(reason).toContain('403 Missing Permissions');
    expect(reason).toMatch(/Send Messages/);
    const gone = await h.adapter.post('1999999999999999999', { kind: 'text', text: 'hi' }).then(() => undefined, (e: unknown) => e);
    expect((gone as ChannelUnavailableError).reason).toMatch(/404 Unknown Channel.*(deleted|gone)/);
  });
});
