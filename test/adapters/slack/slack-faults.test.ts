// Slack faults paperboy must get through: a channel it cannot post to, a thumbnail Slack cannot fetch, a missing scope, a late redelivered event.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createLogger } from '../../../src/logger.ts';
import type { DigestView } from '../../../src/views.ts';
import type { Paper } from '../../../src/papers/paper.ts';
import { reactionEventBody, slashCommandBody } from '../../fakes/slack-api.ts';
import { startSlackHarness, type SlackHarness } from './harness.ts';

let h: SlackHarness;
const lines: string[] = [];
beforeAll(async () => {
  h = await startSlackHarness({ logger: createLogger('info', { write: (l: string) => void lines.push(l) }) });
});
afterAll(async () => h?.close());

const json = { contentType: 'application/json' };
const savedIds = async (user: string) => (await h.app.stores.saves.byUser('slack', user)).map((s) => s.paperId);

/** Replace the fake's answer for some calls (the fake has no way to script `needed`, `errors` or content-based faults). */
function overrideAnswers(fn: (method: string, params: Record<string, any>) => unknown | undefined): () => void {
  const fake = h.slack as unknown as { answer: (m: string, p: Record<string, any>) => unknown };
  const original = fake.answer.bind(fake);
  fake.answer = (m, p) => fn(m, p) ?? original(m, p);
  return () => {
    fake.answer = original;
  };
}

describe('subscribing a channel paperboy cannot post to', () => {
  it('warns at once that the digest will pause (as on Discord), instead of only saying "Subscribed"', async () => {
    // A private channel paperboy was not invited to: Slack still delivers the slash command, chat.postMessage answers channel_not_found.
    h.slack.unavailable.set('GPRIVATE', 'channel_not_found');
    const id = 'sub-private';
    await h.send(slashCommandBody('subscribe pruning at 08:00', { responseUrl: h.slack.responseUrl(id), channel: 'GPRIVATE' }));
    await h.slack.waitFor(() => h.slack.responses.some((r) => r.path === `/respond/${id}`), 5000, 'answer');
    await new Promise((r) => setTimeout(r, 300));
    const said = h.slack.responses.filter((r) => r.path === `/respond/${id}`).map((r) => JSON.stringify(r.body)).join('\n');
    expect(said).toMatch(/Subscribed/);
    expect(await h.app.stores.subscriptions.get('slack', 'GPRIVATE')).toBeDefined();
    // The person must learn now that tomorrow's digest cannot be posted here, and what fixes it.
    expect(said).toMatch(/cannot post in this channel itself, so its digests would pause: .*\/invite @paperboy/);
    // Unsubscribing there answers without the warning: no digest is expected any more.
    const unsub = 'unsub-private';
    await h.send(slashCommandBody('unsubscribe', { responseUrl: h.slack.responseUrl(unsub), channel: 'GPRIVATE' }));
    await h.slack.waitFor(() => h.slack.responses.some((r) => r.path === `/respond/${unsub}`), 5000, 'answer');
    await new Promise((r) => setTimeout(r, 300));
    const after = h.slack.responses.filter((r) => r.path === `/respond/${unsub}`).map((r) => JSON.stringify(r.body)).join('\n');
    expect(after).toMatch(/Unsubscribed|no longer/i);
    expect(after).not.toMatch(/digests would pause/);
  });
});

describe('a paper whose thumbnail Slack cannot download', () => {
  it('still goes out (without the image), and the rest of the digest after it', async () => {
    // Slack fetches every image_url when a message is posted, and refuses the whole message when the fetch fails.
    const restore = overrideAnswers((method, p) => {
      if (method !== 'chat.postMessage' || !JSON.stringify(p.blocks ?? []).includes('broken-thumbnail')) return undefined;
      return { ok: false, error: 'invalid_blocks', errors: ['downloading image failed [json-pointer:/blocks/0/accessory/image_url]'], response_metadata: { messages: ['[ERROR] downloading image failed [json-pointer:/blocks/0/accessory/image_url]'] } };
    });
    try {
      const papers: Paper[] = h.papers.slice(0, 3).map((p, i) => ({ ...p, thumbnail: i === 1 ? 'https://cdn-thumbnails.huggingface.co/social-thumbnails/papers/broken-thumbnail.png' : p.thumbnail }));
      const view: DigestView = { kind: 'digest', date: '2025-10-23', topics: [], cards: papers.map((paper, i) => ({ paper, rank: i + 1 })) };
      const result = await h.adapter.post('CTHUMB', view).catch((e: Error) => e);
      const posted = h.slack.messages.filter((m) => m.channel === 'CTHUMB');
      // Today: UpstreamError 'chat.postMessage failed: invalid_blocks' after the header and the first paper; the
      // delivery then retries the same message (same image) with backoff until DIGEST_GRACE, so papers 2 and 3 never go out.
      expect(result).not.toBeInstanceOf(Error);
      expect(posted).toHaveLength(4);
      expect(JSON.stringify(posted[2]!.blocks)).toContain(papers[1]!.id);
    } finally {
      restore();
    }
  });
});

describe('missing OAuth scopes', () => {
  it('the log line names the scope Slack says is missing (here groups:history, for the check after a failed post)', async () => {
    // An install made before channels:history / groups:history were added to the manifest.
    const restore = overrideAnswers((method) =>
      method === 'conversations.history' ? { ok: false, error: 'missing_scope', needed: 'groups:history', provided: 'commands,chat:write,chat:write.public,reactions:read,files:write,im:write' } : undefined,
    );
    try {
      h.slack.fail('chat.postMessage', { status: 500 });
      const err = (await h.adapter.post('GSCOPE', { kind: 'text', text: 'hello' }).catch((e: Error) => e)) as Error;
      expect(err).toBeInstanceOf(Error);
      const logged = lines.filter((l) => l.includes('GSCOPE')).join('\n') + err.message;
      expect(logged).toMatch(/missing_scope/);
      // Today: 'An API error occurred: missing_scope' and 'could not be checked, so it was not retried': no word of which scope.
      expect(logged).toContain('groups:history');
    } finally {
      restore();
    }
  });

  it('a chat.postMessage refused for a missing scope says which one (JsonPostClient keeps only `error`)', async () => {
    const restore = overrideAnswers((method) => (method === 'chat.postMessage' ? { ok: false, error: 'missing_scope', needed: 'chat:write', provided: 'commands' } : undefined));
    try {
      const err = (await h.adapter.post('CSCOPE', { kind: 'text', text: 'hello' }).catch((e: Error) => e)) as Error;
      expect(err.message).toMatch(/missing_scope/);
      expect(err.message).toContain('chat:write');
    } finally {
      restore();
    }
  });
});

describe('Events API redeliveries (X-Slack-Retry-Num)', () => {
  it('a late redelivery of reaction_added does not undo the reaction_removed that followed it', async () => {
    const paper = h.papers[2]!;
    await h.app.stores.deliveries.recordMessage('slack', 'CRETRY', '1700000100.000100', paper.id);
    const added = reactionEventBody({ added: true, user: 'URETRY', reaction: 'bookmark', channel: 'CRETRY', ts: '1700000100.000100' });
    const removed = reactionEventBody({ added: false, user: 'URETRY', reaction: 'bookmark', channel: 'CRETRY', ts: '1700000100.000100' });
    expect((await h.send(added, json)).status).toBe(200);
    await expect.poll(() => savedIds('URETRY'), { timeout: 3000 }).toEqual([paper.id]);
    expect((await h.send(removed, json)).status).toBe(200);
    await expect.poll(() => savedIds('URETRY'), { timeout: 3000 }).toEqual([]);
    // Slack redelivers the first event (same event_id) when it did not see its ack in 3 s: after 0 s, 1 min and 5 min.
    expect((await h.send(added, { ...json, headers: { 'x-slack-retry-num': '2', 'x-slack-retry-reason': 'http_timeout' } })).status).toBe(200);
    await new Promise((r) => setTimeout(r, 300));
    // Today the paper is saved again, though the person took their reaction off.
    expect(await savedIds('URETRY')).toEqual([]);
  });
  it('remembers the event ids of reactions that save or dismiss only, not of any other emoji in the workspace', async () => {
    const paper = h.papers[3]!;
    await h.app.stores.deliveries.recordMessage('slack', 'CMEMO', '1700000400.000100', paper.id);
    const ignored = reactionEventBody({ added: true, user: 'UMEMO', reaction: 'joy', channel: 'CMEMO', ts: '1700000400.000100' });
    const saved = reactionEventBody({ added: true, user: 'UMEMO', reaction: 'bookmark', channel: 'CMEMO', ts: '1700000400.000100' });
    for (const body of [ignored, saved]) expect((await h.send(body, json)).status).toBe(200);
    await expect.poll(() => savedIds('UMEMO'), { timeout: 3000 }).toEqual([paper.id]);
    const remembered = async (body: string) => h.app.stores.meta.get(`event:slack:${(JSON.parse(body) as { event_id: string }).event_id}`);
    expect(await remembered(ignored)).toBeUndefined();
    expect(await remembered(saved)).toBeDefined();
  });
});
