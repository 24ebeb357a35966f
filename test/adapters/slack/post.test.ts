// Posting views to channels: one message per paper, 429s honoured, failed posts retried without duplicates.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ChannelUnavailableError, UpstreamError } from '../../../src/errors.ts';
import type { DigestView } from '../../../src/views.ts';
import type { Paper } from '../../../src/papers/paper.ts';
import { HOSTILE_TEXT } from '../../fakes/fixtures.ts';
import { startSlackHarness, type SlackHarness } from './harness.ts';

let h: SlackHarness;
beforeAll(async () => {
  h = await startSlackHarness();
});
afterAll(async () => h?.close());

const digest = (papers: Paper[]): DigestView => ({
  kind: 'digest',
  date: '2025-10-23',
  topics: [],
  cards: papers.map((paper, i) => ({ paper, rank: i + 1, why: `${paper.upvotes} upvotes` })),
});
const inChannel = (channel: string) => h.slack.messages.filter((m) => m.channel === channel);

describe('post', () => {
  it('posts a digest as a header and one message per paper, in order', async () => {
    const papers = h.papers.slice(0, 3);
    const posted = await h.adapter.post('CP1', digest(papers));
    expect(posted).toHaveLength(4);
    expect(posted[0]!.paperId).toBeUndefined();
    expect(posted.slice(1).map((p) => p.paperId)).toEqual(papers.map((p) => p.id));
    expect(posted.map((p) => p.messageId)).toEqual(inChannel('CP1').map((m) => m.ts));
    expect(h.adapter.limits?.perChannel).toEqual({ count: 1, intervalMs: 1000, from: 'sent' });
  });

  it('keeps posts to many channels in flight at once, so that a far-away Slack does not slow a fan-out', async () => {
    // A fan-out's pace is the posts in flight per round trip: 1,000 channels at one post a second each, 100 ms away, need 100.
    h.slack.roundTripMs = 300;
    h.slack.mostInFlight = 0;
    try {
      const channels = Array.from({ length: 200 }, (_, i) => `CW${i}`);
      const posted = await Promise.all(channels.map((c) => h.adapter.post(c, { kind: 'text', text: 'hello' })));
      expect(posted.every((p) => p.length === 1)).toBe(true);
      expect(h.slack.mostInFlight).toBeGreaterThan(150); // 64 before: a quarter of the pace
      expect(h.adapter.limits?.inFlight).toBeGreaterThanOrEqual(200);
    } finally {
      h.slack.roundTripMs = 0;
    }
  });

  it('lists its own recent posts with the paper each shows (for resuming an unsure delivery)', async () => {
    const since = new Date(Date.now() - 1000);
    const papers = h.papers.slice(0, 2);
    const posted = await h.adapter.post('CP8', digest(papers));
    h.slack.messages.push({ ts: `${Math.floor(Date.now() / 1000)}.999999`, channel: 'CP8', text: 'a person talking' });
    expect(await h.adapter.recentPosts('CP8', since)).toEqual(posted);
  });

  it('never lets a title or abstract mention anyone', async () => {
    const hostile: Paper = { ...h.papers[0]!, id: '2501.00001', title: `${HOSTILE_TEXT.slackBroadcast} ${HOSTILE_TEXT.userMention}`, summary: HOSTILE_TEXT.slackLink };
    await h.adapter.post('CP2', { kind: 'paper', card: { paper: hostile } });
    const sent = JSON.stringify(h.slack.callsTo('chat.postMessage').filter((c) => c.params.channel === 'CP2').map((c) => c.params));
    expect(sent).not.toMatch(/<!(channel|here|everyone)>|<@U|<#C|<http:\/\/evil/);
  });

  it('waits out a 429 (Retry-After) and lands the message exactly once', async () => {
    h.slack.fail('chat.postMessage', { status: 429, retryAfter: 1 });
    const before = h.slack.callsTo('chat.postMessage').length;
    const posted = await h.adapter.post('CP3', { kind: 'text', text: 'rate limited hello' });
    const calls = h.slack.callsTo('chat.postMessage').slice(before);
    expect(calls).toHaveLength(2);
    expect(calls[1]!.at - calls[0]!.at).toBeGreaterThanOrEqual(900);
    expect(inChannel('CP3')).toHaveLength(1);
    expect(posted[0]!.messageId).toBe(inChannel('CP3')[0]!.ts);
  });

  it('does not post twice when a failed post had landed', async () => {
    h.slack.fail('chat.postMessage', { status: 500, landThenFail: true });
    const posted = await h.adapter.post('CP4', { kind: 'text', text: 'landed before the 500' });
    expect(inChannel('CP4')).toHaveLength(1);
    expect(posted[0]!.messageId).toBe(inChannel('CP4')[0]!.ts);
    expect(h.slack.callsTo('conversations.history').some((c) => c.params.channel === 'CP4' && c.params.include_all_metadata)).toBe(true);
  });

  it('retries a post that failed without landing', async () => {
    h.slack.fail('chat.postMessage', { status: 503 }, { status: 502 });
    const posted = await h.adapter.post('CP5', { kind: 'text', text: 'third time lucky' });
    expect(inChannel('CP5')).toHaveLength(1);
    expect(posted[0]!.messageId).toBe(inChannel('CP5')[0]!.ts);
  });

  it.each(['channel_not_found', 'not_in_channel', 'is_archived'])('throws ChannelUnavailableError on %s', async (error) => {
    const channel = `CGONE_${error}`;
    h.slack.unavailable.set(channel, error);
    const err = await h.adapter.post(channel, { kind: 'text', text: 'hello?' }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ChannelUnavailableError);
    expect((err as ChannelUnavailableError).reason).toMatch(new RegExp(`^${error}: .*(invite it with \/invite @paperboy|unarchive it)`));
    expect((err as ChannelUnavailableError).channelId).toBe(channel);
  });

  it('reports other Slack errors as UpstreamError without retrying', async () => {
    h.slack.fail('chat.postMessage', { error: 'msg_too_long' });
    const before = h.slack.callsTo('chat.postMessage').length;
    const err = await h.adapter.post('CP6', { kind: 'text', text: 'x' }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(UpstreamError);
    expect(h.slack.callsTo('chat.postMessage').length - before).toBe(1);
  });

  it('uploads a file view to the channel', async () => {
    const posted = await h.adapter.post('CP7', { kind: 'file', filename: 'saved.md', mimeType: 'text/markdown', content: '# Saved papers\n' });
    const done = h.slack.callsTo('files.completeUploadExternal').find((c) => c.params.channel_id === 'CP7');
    expect(done).toBeDefined();
    expect(posted[0]!.messageId).toBe(done!.params.files[0].id);
  });
});

describe('pacing', () => {
  it('keeps posts to one channel apart by the configured interval', async () => {
    const paced = await startSlackHarness({ adapter: { posting: { minIntervalMs: 300, backoffMs: 20 } } });
    try {
      await Promise.all([paced.adapter.post('CQ', { kind: 'text', text: 'one' }), paced.adapter.post('CQ', { kind: 'text', text: 'two' })]);
      const [a, b] = paced.slack.callsTo('chat.postMessage');
      expect(b!.at - a!.at).toBeGreaterThanOrEqual(250);
      expect(paced.slack.messages.map((m) => m.text)).toHaveLength(2);
    } finally {
      await paced.close();
    }
  });
});
