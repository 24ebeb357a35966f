import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp, type RunningApp } from '../../src/app.ts';
import { loadConfig } from '../../src/config.ts';
import { silentLogger } from '../../src/logger.ts';
import { emojiForms, emojiGlyph } from '../../src/handlers/reaction-handler.ts';
import { createCommandHandler } from '../../src/handlers/command-handler.ts';
import type { CommandInvocation } from '../../src/chat.ts';
import type { TextView } from '../../src/views.ts';
import { startFakeHf, type FakeHf } from '../fakes/hf-server.ts';
import { startFakeArxiv, type FakeArxiv } from '../fakes/arxiv-server.ts';
import { FakeClock } from '../schedule/harness.ts';

let hf: FakeHf;
let arxiv: FakeArxiv;
let app: RunningApp;

const inv = (name: string, text = '', extra: Partial<CommandInvocation> = {}): CommandInvocation => ({
  platform: 'console',
  channelId: 'C1',
  userId: 'U1',
  name,
  text,
  canManageChannel: true,
  ...extra,
});
const textOf = (views: { kind: string }[]) => views.map((v) => (v as TextView).text ?? '').join('\n');

beforeAll(async () => {
  hf = await startFakeHf({ fixtures: true });
  arxiv = await startFakeArxiv();
  const config = loadConfig({ HF_API_URL: hf.url, ARXIV_API_URL: arxiv.url, STORE_URL: 'memory://', HTTP_RETRIES: '0' });
  app = await createApp({ config, logger: silentLogger(), scheduler: false });
  await app.papers.fetchDay('2025-10-23');
});

afterAll(async () => {
  await app.stop();
  await hf.close();
  await arxiv.close();
});

describe('command catch point', () => {
  it('answers an unknown subcommand with help, privately', async () => {
    const reply = await app.handleCommand(inv('frobnicate'));
    expect(reply.ephemeral).toBe(true);
    expect(textOf(reply.views)).toMatch(/I don't know "\/paper frobnicate"[\s\S]*\/paper search/);
  });

  it('refuses channel settings to people who cannot manage the channel, storing nothing', async () => {
    const reply = await app.handleCommand(inv('subscribe', 'diffusion', { canManageChannel: false, channelId: 'C-locked' }));
    expect(textOf(reply.views)).toMatch(/Only people who can manage this channel/);
    expect(await app.stores.subscriptions.get('console', 'C-locked')).toBeUndefined();
  });

  it('subscribes, merges later changes, shows settings and unsubscribes', async () => {
    const first = await app.handleCommand(inv('subscribe', 'linear attention, brain imaging at 8:15 tz Europe/Berlin'));
    expect(first.ephemeral).toBe(false);
    expect(textOf(first.views)).toMatch(/Subscribed: .*“linear attention”, “brain imaging”, at 08:15 Europe\/Berlin, Mon–Fri/);
    await app.handleCommand(inv('subscribe', 'size 3 days daily'));
    const sub = await app.stores.subscriptions.get('console', 'C1');
    expect(sub).toMatchObject({ topics: ['linear attention', 'brain imaging'], time: '08:15', timezone: 'Europe/Berlin', size: 3, days: [0, 1, 2, 3, 4, 5, 6] });
    expect(textOf((await app.handleCommand(inv('settings'))).views)).toMatch(/3 papers on/);
    expect(textOf((await app.handleCommand(inv('unsubscribe'))).views)).toMatch(/Unsubscribed/);
    expect(await app.stores.subscriptions.get('console', 'C1')).toBeUndefined();
    // Without topics, in plain words: what the defaults would send.
    expect(textOf((await app.handleCommand(inv('settings'))).views)).toMatch(/would get the day’s 5 most popular papers, at 09:00 UTC, Mon–Fri\./);
    expect(textOf((await app.handleCommand(inv('subscribe', 'size 1', { channelId: 'C-one' }))).views)).toMatch(/gets the day’s most popular paper, at/);
  });

  it('says when the next digest goes out: a time moved to one already past today means tomorrow', async () => {
    // Monday 08:30 UTC, half an hour before the default 09:00 UTC.
    const clock = new FakeClock(Date.parse('2026-11-23T08:30:00Z'));
    const config = loadConfig({ HF_API_URL: hf.url, ARXIV_API_URL: arxiv.url, STORE_URL: 'memory://', HTTP_RETRIES: '0' });
    const other = await createApp({ config, logger: silentLogger(), scheduler: false, clock });
    try {
      expect(textOf((await other.handleCommand(inv('subscribe', 'diffusion'))).views)).toMatch(/Mon–Fri\. Next digest: today at 09:00 UTC\.$/);
      // 09:00 in Berlin was 08:00 UTC: today's has passed there.
      expect(textOf((await other.handleCommand(inv('subscribe', 'tz Europe/Berlin'))).views)).toMatch(/^Updated: .* Next digest: tomorrow at 09:00 Europe\/Berlin\.$/);
      expect(textOf((await other.handleCommand(inv('settings'))).views)).toContain('Next digest: tomorrow at 09:00 Europe/Berlin.');
    } finally {
      await other.stop();
    }
  });

  it('goes back to the most popular papers with `popular`, and refuses popular with topics', async () => {
    await app.handleCommand(inv('subscribe', 'diffusion at 7:00', { channelId: 'C-pop' }));
    const both = await app.handleCommand(inv('subscribe', 'popular science', { channelId: 'C-pop' }));
    expect(textOf(both.views)).toMatch(/Choose topics or popular, not both[\s\S]*quote it/);
    expect((await app.stores.subscriptions.get('console', 'C-pop'))?.topics).toEqual(['diffusion']);
    const cleared = await app.handleCommand(inv('subscribe', 'popular', { channelId: 'C-pop' }));
    expect(textOf(cleared.views)).toMatch(/Updated: this channel gets the day’s 5 most popular papers, at 07:00/);
    expect(await app.stores.subscriptions.get('console', 'C-pop')).toMatchObject({ topics: [], time: '07:00' });
    // Quoted, it is a topic like any other; so is a quoted keyword.
    await app.handleCommand(inv('subscribe', '"popular" "quiet" models', { channelId: 'C-pop' }));
    expect(await app.stores.subscriptions.get('console', 'C-pop')).toMatchObject({ topics: ['popular quiet models'], quiet: false });
  });

  it('writes help, usage and examples in the syntax of where the command was typed', async () => {
    const discord = inv('help', undefined, { platform: 'discord', options: { command: 'subscribe' } });
    const shown = textOf((await app.handleCommand(discord)).views);
    expect(shown).toContain('/paper subscribe [topics:<topics>] [time:<time>] [timezone:<timezone>]');
    expect(shown).toContain('e.g. /paper subscribe topics:linear attention, model compression time:08:30 timezone:Europe/Berlin');
    expect(shown).not.toMatch(/ at 08:30| tz /);
    const text = textOf((await app.handleCommand(inv('help', 'subscribe'))).views);
    expect(text).toContain('[at <time>] [tz <timezone>]');
    expect(text).toContain('e.g. /paper subscribe linear attention, model compression at 08:30 tz Europe/Berlin');
    // A wrong value on Discord names Discord's fields in its usage.
    const bad = textOf((await app.handleCommand(inv('subscribe', undefined, { platform: 'discord', channelId: 'D-bad', options: { size: 40 } }))).views);
    expect(bad).toMatch(/size is at most 10\nUsage: \/paper subscribe \[topics:<topics>\][\s\S]*Example: \/paper subscribe topics:/);
    const settings = textOf((await app.handleCommand(inv('settings', undefined, { platform: 'discord', options: {} }))).views);
    expect(settings).toContain('(e.g. /paper subscribe topics:linear attention, model compression time:08:30 timezone:Europe/Berlin)');
  });

  it('times unknown commands under one label: on Slack the name is whatever word was typed', async () => {
    const seen: string[] = [];
    const handle = createCommandHandler(app, silentLogger(), (name) => seen.push(name));
    for (const name of ['junk-1', 'junk-2', 'x'.repeat(2000)]) await handle(inv(name));
    await handle(inv('help'));
    expect(seen).toEqual(['unknown', 'unknown', 'unknown', 'help']);
  });

  it('says which help it does not know before listing every command', async () => {
    const said = textOf((await app.handleCommand(inv('help', 'frobnicate'))).views);
    expect(said).toMatch(/^I don't know "\/paper frobnicate"\.\n\n[\s\S]*\/paper subscribe/);
  });

  it('refuses a digest of a day still to come or older than the listings, posting nothing', async () => {
    const future = await app.handleCommand(inv('digest', '2999-01-01', { channelId: 'C-days' }));
    expect(textOf(future.views)).toMatch(/2999-01-01 has not happened yet/);
    const old = await app.handleCommand(inv('digest', '2001-01-01', { channelId: 'C-days' }));
    expect(textOf(old.views)).toMatch(/listings start in 2023/);
    expect(hf.requests.some((r) => /^(2999|2001)-/.test(r.query.date ?? ""))).toBe(false);
  });

  it('never cuts an emoji in half where it shortens what it echoes (a lone surrogate shows as �)', async () => {
    const lone = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;
    const echoes = [
      await app.handleCommand(inv('search', `${'q'.repeat(79)}😀 more words`)),
      await app.handleCommand(inv(`${'n'.repeat(39)}😀`)),
      await app.handleCommand(inv('show', `${'r'.repeat(79)}😀`)),
    ].map((r) => r.views.map((v) => `${'title' in v ? v.title : ''}${textOf([v])}`).join('\n'));
    for (const e of echoes) expect(lone.test(e)).toBe(false);
    expect(echoes[0]).toContain('q'.repeat(79));
  });

  it('cuts a 10,000-character search query with a note instead of failing', async () => {
    const reply = await app.handleCommand(inv('search', `attention ${'x'.repeat(10_000)}`));
    const list = reply.views[0] as { kind: string; note?: string };
    expect(list.kind).toBe('list');
    expect(list.note).toMatch(/cut to its first 300 characters/);
  });

  it('turns an upstream failure into a kind, private answer', async () => {
    hf.fail('paper', { status: 502 }, 10);
    arxiv.fail('query', { status: 503 }, 10);
    const reply = await app.handleCommand(inv('show', '2501.12345'));
    hf.clearFaults();
    arxiv.clearFaults();
    expect(reply.ephemeral).toBe(true);
    // The service as people name it, not as logs and metrics label it (`arxiv`).
    expect(textOf(reply.views)).toMatch(/^arXiv is not answering properly right now \(HTTP 503\)\. Try again/);
  });

  it('says which service asked paperboy to slow down, and for how long', async () => {
    hf.fail('paper', { status: 502 }, 10);
    arxiv.fail('query', { status: 429, retryAfter: 7 }, 10);
    const reply = await app.handleCommand(inv('show', '2501.12345'));
    hf.clearFaults();
    arxiv.clearFaults();
    expect(reply.ephemeral).toBe(true);
    expect(textOf(reply.views)).toBe('arXiv is asking us to slow down. Try again in 7 s.');
  });
});

describe('reactions and buttons', () => {
  it('knows the names and unicode forms of the configured emoji', () => {
    expect(emojiForms('bookmark')).toEqual(new Set(['bookmark', '🔖']));
    expect(emojiForms('👎').has('-1')).toBe(true);
    expect(emojiForms(':star:').has('⭐')).toBe(true);
    // Slack names 👍 and 👎 `+1` and `-1` and also accepts `thumbsup` and `thumbsdown`: one emoji, either setting.
    expect(emojiForms('thumbsup')).toEqual(new Set(['thumbsup', '+1', '👍']));
    expect(emojiForms('+1').has('thumbsup')).toBe(true);
    expect(emojiForms('thumbsdown').has('-1')).toBe(true);
    expect(emojiForms('❤').has('❤️')).toBe(true);
    expect(emojiForms('partyparrot')).toEqual(new Set(['partyparrot']));
  });

  it('shows the configured emoji as a character where it knows one (Discord prints :name: as letters)', () => {
    expect(emojiGlyph('bookmark')).toBe('🔖');
    expect(emojiGlyph(':-1:')).toBe('👎');
    expect(emojiGlyph('🔖')).toBe('🔖');
    expect(emojiGlyph('partyparrot')).toBe(':partyparrot:');
  });

  it('saves by reaction on a delivered message and unsaves when it is removed', async () => {
    await app.stores.deliveries.recordMessage('console', 'C9', 'm-1', '2406.95972');
    const base = { platform: 'console' as const, channelId: 'C9', userId: 'U5', messageId: 'm-1' };
    expect(await app.handleReaction({ ...base, emoji: '🔖', added: true })).toBeUndefined();
    expect((await app.stores.saves.byUser('console', 'U5')).map((s) => s.paperId)).toEqual(['2406.95972']);
    const saved = await app.handleCommand(inv('saved', '', { userId: 'U5' }));
    expect(JSON.stringify(saved.views)).toContain('Landscaping Linear Mode Connectivity');
    const bib = await app.handleCommand(inv('saved', 'export bibtex', { userId: 'U5' }));
    expect(bib.views[0]).toMatchObject({ kind: 'file', filename: 'paperboy-saved.bib' });
    expect((bib.views[0] as { content: string }).content).toMatch(/eprint\s*=\s*\{2406\.95972\}/);
    await app.handleReaction({ ...base, emoji: 'bookmark', added: false });
    expect(await app.stores.saves.byUser('console', 'U5')).toEqual([]);
    // Nothing left to export: a line that says how to save, not an empty file.
    const none = await app.handleCommand(inv('saved', 'export markdown', { userId: 'U5' }));
    expect(none.views).toEqual([expect.objectContaining({ kind: 'text', text: expect.stringMatching(/^Nothing saved yet\. React with 🔖 .* Then export them here\.$/) })]);
  });

  it('lists a saved paper whose details cannot be read by its id (so it can be unsaved), and says the export left it out', async () => {
    await app.stores.saves.add({ platform: 'console', channelId: 'C1', userId: 'U9', paperId: '2501.99999', kind: 'save', at: '2026-01-02T00:00:00.000Z' });
    await app.stores.saves.add({ platform: 'console', channelId: 'C1', userId: 'U9', paperId: '2406.95972', kind: 'save', at: '2026-01-01T00:00:00.000Z' });
    const listed = (await app.handleCommand(inv('saved', '', { userId: 'U9' }))).views[0] as { title: string; cards: { paper: { id: string; title: string } }[] };
    expect(listed.title).toBe('Your saved papers (2)');
    expect(listed.cards.map((c) => c.paper.title)).toContain('arXiv 2501.99999 (its details could not be read)');
    const bib = (await app.handleCommand(inv('saved', 'export bibtex', { userId: 'U9' }))).views[0] as { comment: string; content: string };
    expect(bib.comment).toBe('1 saved paper (1 left out: its details could not be read)');
    expect(bib.content).not.toContain('2501.99999');
  });

  it('unsaves a paper saved with a button (no reaction to take off), in every channel it was saved in', async () => {
    const press = (channelId: string) => ({ platform: 'console' as const, channelId, userId: 'U8', messageId: 'eph', emoji: 'paperboy:save', added: true, paperId: '2406.95972' });
    await app.handleReaction(press('C1'));
    await app.handleReaction(press('C2'));
    await app.handleReaction({ ...press('C1'), paperId: '2402.02969' });
    expect((await app.stores.saves.byUser('console', 'U8')).filter((s) => s.paperId === '2406.95972')).toHaveLength(2);
    // Saved in two channels, listed and exported once.
    const listed = (await app.handleCommand(inv('saved', '', { userId: 'U8' }))).views[0] as { title: string; cards: { paper: { id: string } }[]; note?: string };
    expect(listed.title).toBe('Your saved papers (2)');
    expect(listed.cards.map((c) => c.paper.id).sort()).toEqual(['2402.02969', '2406.95972']);
    expect(listed.note).toMatch(/\/paper unsave <arXiv id>/);
    const md = (await app.handleCommand(inv('saved', 'export markdown', { userId: 'U8' }))).views[0] as { comment: string; content: string };
    expect(md.comment).toBe('2 saved papers');
    expect(md.content.match(/arxiv\.org\/abs\/2406\.95972/g)).toHaveLength(1);
    const reply = await app.handleCommand(inv('unsave', 'https://arxiv.org/abs/2406.95972v3', { userId: 'U8', channelId: 'C3' }));
    expect(textOf(reply.views)).toMatch(/^Removed “Landscaping Linear Mode Connectivity.*” from your saved papers\.$/);
    expect((await app.stores.saves.byUser('console', 'U8')).map((s) => s.paperId)).toEqual(['2402.02969']);
    expect(textOf((await app.handleCommand(inv('unsave', '2406.95972', { userId: 'U8' }))).views)).toMatch(/is not in your saved papers/);
    expect(textOf((await app.handleCommand(inv('unsave', 'not a paper', { userId: 'U8' }))).views)).toMatch(/is not an arXiv id or URL/);
    expect(textOf((await app.handleCommand(inv('unsave', '', { userId: 'U8' }))).views)).toMatch(/give an arXiv id or URL/);
  });

  it('ignores other emoji and messages that show no paper', async () => {
    const base = { platform: 'console' as const, channelId: 'C9', userId: 'U6', added: true };
    expect(await app.handleReaction({ ...base, messageId: 'm-1', emoji: 'tada' })).toBeUndefined();
    expect(await app.handleReaction({ ...base, messageId: 'unknown', emoji: 'bookmark' })).toBeUndefined();
    expect(await app.stores.saves.byUser('console', 'U6')).toEqual([]);
  });

  it('confirms a Save button privately and a second press says it was already saved', async () => {
    const press = { platform: 'console' as const, channelId: 'C9', userId: 'U7', messageId: 'x', emoji: 'paperboy:save', paperId: '2406.95972', added: true };
    expect((await app.handleReaction(press))?.text).toMatch(/^Saved “Landscaping Linear Mode Connectivity”/);
    expect((await app.handleReaction(press))?.text).toMatch(/already in your saved papers/);
    // Saved from another channel: recorded there too (that channel's ranking learns from it), but not new to the person.
    expect((await app.handleReaction({ ...press, channelId: 'C10' }))?.text).toMatch(/already in your saved papers/);
    expect((await app.stores.saves.byChannel('console', 'C10')).map((s) => s.paperId)).toEqual(['2406.95972']);
    const dismiss = await app.handleReaction({ ...press, emoji: 'paperboy:dismiss', paperId: '2402.02969' });
    expect(dismiss?.text).toMatch(/will rank lower here/);
    expect((await app.stores.saves.byChannel('console', 'C9')).some((s) => s.kind === 'dismiss' && s.paperId === '2402.02969')).toBe(true);
  });
});
