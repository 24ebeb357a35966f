// `/paper …` end to end: signed slash commands to the real Bolt app, answers read from the fake Slack.
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { slashCommandBody } from '../../fakes/slack-api.ts';
import { startSlackHarness, type SlackHarness } from './harness.ts';

let h: SlackHarness;
let n = 0;
beforeAll(async () => {
  h = await startSlackHarness();
});
afterAll(async () => h?.close());

/** Send `/paper <text>`; resolves with the HTTP answer and the response_url posts it led to. */
async function command(text: string, o: { user?: string; expire?: boolean } = {}) {
  const id = `cmd${++n}${o.expire ? '/expired' : ''}`;
  const res = await h.send(slashCommandBody(text, { responseUrl: h.slack.responseUrl(id), user: o.user }));
  return { res, id, posts: () => h.slack.responses.filter((r) => r.path === `/respond/${id}`) };
}

const allText = (body: any): string => JSON.stringify(body);

describe('slash commands', () => {
  it('acknowledges /paper search at once and answers privately through response_url', async () => {
    const paper = h.papers[0]!;
    const word = paper.title.split(/\s+/).find((w) => w.length > 6)!;
    const { res, posts } = await command(`search ${word}`);
    expect(res.status).toBe(200);
    expect(res.text).toBe('');
    const [answer] = await h.slack.waitFor(() => posts().length > 0 && posts(), 5000, 'search answer');
    expect(answer!.body.response_type).toBe('ephemeral');
    expect(answer!.body.replace_original).toBe(false);
    expect(Array.isArray(answer!.body.blocks)).toBe(true);
    expect(allText(answer!.body)).toContain(word);
    expect(h.slack.callsTo('chat.postMessage')).toHaveLength(0);
  });

  it('acknowledges within Slack’s 3 seconds even when the answer takes longer', async () => {
    h.hf.fail('paper', { delayMs: 3500 });
    const t0 = Date.now();
    const { res, posts } = await command('show 2501.99999');
    const ackMs = Date.now() - t0;
    expect(res.status).toBe(200);
    expect(posts()).toHaveLength(0);
    const [answer] = await h.slack.waitFor(() => posts().length > 0 && posts(), 10_000, 'slow answer');
    expect(answer!.at - t0).toBeGreaterThanOrEqual(3000);
    expect(ackMs).toBeLessThan(answer!.at - t0);
    expect(answer!.body.response_type).toBe('ephemeral');
    expect(typeof answer!.body.text).toBe('string');
  });

  it('reads the command text back from Slack’s escaping: topics keep their `&`', async () => {
    const id = `cmd${++n}`;
    await h.send(slashCommandBody('subscribe graph &amp; language, R&amp;D', { responseUrl: h.slack.responseUrl(id), channel: 'C77' }));
    const sub = await vi.waitFor(
      async () => {
        const found = await h.app.stores.subscriptions.get('slack', 'C77');
        if (!found) throw new Error('no subscription yet');
        return found;
      },
      { timeout: 5000 },
    );
    expect(sub.topics.map((t) => t.toLowerCase())).toEqual(['graph & language', 'r&d']);
  });

  it('answers an unknown subcommand and an empty command with help, not an error', async () => {
    for (const text of ['frobnicate now', '']) {
      const { res, posts } = await command(text);
      expect(res.status).toBe(200);
      const [answer] = await h.slack.waitFor(() => posts().length > 0 && posts(), 5000, 'help');
      expect(answer!.body.response_type).toBe('ephemeral');
      expect(allText(answer!.body)).toContain('/paper search');
      expect(allText(answer!.body)).not.toMatch(/at .*\.ts:\d+/);
    }
  });

  it('cuts a 10,000-character query with a note instead of failing', async () => {
    const { res, posts } = await command(`search ${'attention '.repeat(1000)}`);
    expect(res.status).toBe(200);
    const [answer] = await h.slack.waitFor(() => posts().length > 0 && posts(), 8000, 'long query answer');
    expect(allText(answer!.body)).toMatch(/cut/i);
  });

  it('falls back to chat.postEphemeral when the response_url fails', async () => {
    const before = h.slack.callsTo('chat.postEphemeral').length;
    const { res } = await command('help', { user: 'U9', expire: true });
    expect(res.status).toBe(200);
    const call = await h.slack.waitFor(() => h.slack.callsTo('chat.postEphemeral')[before], 5000, 'postEphemeral');
    expect(call.params).toMatchObject({ channel: 'C1', user: 'U9' });
    expect(call.params.text).toContain('/paper');
  });

  it('stores a subscription whose confirmation the channel refused, and shows that confirmation privately with why', async () => {
    h.slack.fail('chat.postMessage', { error: 'fatal_error' });
    const id = `cmd${++n}`;
    await h.send(slashCommandBody('subscribe pruning at 08:00', { responseUrl: h.slack.responseUrl(id), channel: 'CFAIL' }));
    const posts = () => h.slack.responses.filter((r) => r.path === `/respond/${id}`);
    await h.slack.waitFor(() => posts().length >= 2, 5000, 'private answers');
    const texts = posts().map((p) => allText(p.body));
    expect(posts().every((p) => p.body.response_type === 'ephemeral')).toBe(true);
    expect(texts[0]).toMatch(/could not post this in the channel, so only you see it \(slack: chat.postMessage failed: fatal_error\)/);
    expect(texts[1]).toMatch(/Subscribed/);
    expect(texts.join('')).not.toMatch(/Sorry|try again/);
    expect(await h.app.stores.subscriptions.get('slack', 'CFAIL')).toMatchObject({ topics: ['pruning'], time: '08:00' });
  });

  it('tells a channel paperboy is not in how to let it post', async () => {
    h.slack.unavailable.set('CNOTIN', 'not_in_channel');
    const id = `cmd${++n}`;
    await h.send(slashCommandBody('digest', { responseUrl: h.slack.responseUrl(id), channel: 'CNOTIN' }));
    const answer = await h.slack.waitFor(() => h.slack.responses.find((r) => r.path === `/respond/${id}`), 8000, 'answer');
    expect(allText(answer.body)).toContain('invite it with /invite @paperboy');
    expect(allText(answer.body)).not.toMatch(/\(not_in_channel\)/);
  });

  it('sends /paper saved export bibtex as a file in a direct message', async () => {
    const paper = h.papers[1]!;
    await h.app.stores.saves.add({ platform: 'slack', channelId: 'C1', userId: 'U7', paperId: paper.id, kind: 'save', at: new Date().toISOString() });
    const { res, posts } = await command('saved export bibtex', { user: 'U7' });
    expect(res.status).toBe(200);
    const done = await h.slack.waitFor(() => h.slack.callsTo('files.completeUploadExternal')[0], 5000, 'file upload');
    expect(h.slack.callsTo('conversations.open')[0]!.params.users).toBe('U7');
    expect(done.params.channel_id).toBe('D7');
    expect(done.params.files[0].title).toBe('paperboy-saved.bib');
    expect(h.slack.callsTo('files.getUploadURLExternal')[0]!.params.filename).toBe('paperboy-saved.bib');
    expect(h.slack.uploads[0]!.raw).toContain(paper.id);
    const [note] = await h.slack.waitFor(() => posts().length > 0 && posts(), 5000, 'export note');
    expect(note!.body.response_type).toBe('ephemeral');
    expect(allText(note!.body)).toContain('direct message');
  });

  it('shows one paper privately with /paper show', async () => {
    const paper = h.papers[2]!;
    const { posts } = await command(`show https://arxiv.org/abs/${paper.id}v2`);
    const [answer] = await h.slack.waitFor(() => posts().length > 0 && posts(), 5000, 'show answer');
    expect(answer!.body.response_type).toBe('ephemeral');
    expect(allText(answer!.body)).toContain(paper.id);
  });
});
