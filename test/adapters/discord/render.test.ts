// Discord renderer: every limit on every message, allowed_mentions everywhere, and no mention or masked link survives.
import { describe, expect, it } from 'vitest';
import { fixturePapers, paper } from '../render-papers.ts';
import type { APIButtonComponent, APIEmbed } from 'discord-api-types/v10';
import type { Paper } from '../../../src/papers/paper.ts';
import type { PaperCard, View } from '../../../src/views.ts';
import { renderDiscord, type DiscordMessage } from '../../../adapters/discord/render.ts';
import { discordLink, escapeDiscord, safeDiscordUrl } from '../../../adapters/discord/escape.ts';

const HOSTILE = ['@everyone', '@here', '<!channel>', '<@123>', '<@!123>', '<@&123>', '<#1>', '<:e:1>', '<http://evil|click>', '[click](http://evil)',
  '[x](<http://evil>)', '**bold**', '||spoiler||', '```code', '# head', '-# sub', '> quote', '\\', '\u001b[2J', '👩‍👩‍👧‍👦', '🇫🇷', 'x'];

/** A seeded generator of hostile papers: every field made of injection fragments, emoji and sheer length. */
function hostilePapers(seed: number, count: number): Paper[] {
  let s = seed;
  const rnd = (n: number): number => ((s = (s * 1103515245 + 12345) % 2 ** 31), s % n);
  const junk = (parts: number): string => Array.from({ length: parts }, () => HOSTILE[rnd(HOSTILE.length)]).join(rnd(3) ? ' ' : rnd(2) ? '\n' : '');
  return Array.from({ length: count }, (_, i) => paper({
    id: i % 7 === 6 ? `${'9'.repeat(300)}` : `2406.${String(10000 + i)}`,
    title: i % 5 === 0 ? `${'🎉'.repeat(150)}${junk(40)}` : junk(1 + rnd(60)),
    summary: i % 4 === 0 ? `${junk(20)}. `.repeat(1500) : junk(1 + rnd(300)),
    authors: Array.from({ length: i % 3 === 0 ? 100 : 1 + rnd(5) }, () => junk(3)),
    upvotes: rnd(1000),
    keywords: [junk(50)],
    aiSummary: junk(80),
    githubRepo: ['javascript:alert(1)', 'https://github.com/a/b)evil', `https://github.com/${'a'.repeat(600)}`, 'https://github.com/ok/repo', undefined][rnd(5)],
    projectPage: 'data:text/html,<script>',
    thumbnail: ['http://insecure/x.png', 'javascript:alert(1)', 'https://cdn.example/x.png', undefined][rnd(4)],
  }));
}

const label = (b: APIButtonComponent): string | undefined => ('label' in b ? b.label : undefined);
const embedLength = (e: APIEmbed): number =>
  (e.title?.length ?? 0) + (e.description?.length ?? 0) + (e.footer?.text.length ?? 0) + (e.author?.name.length ?? 0) +
  (e.fields ?? []).reduce((n, f) => n + f.name.length + f.value.length, 0);

/** Markdown strings of a message (content, titles, descriptions, fields) and plain ones (author, footer, labels). */
function strings(m: DiscordMessage): { md: string[]; plain: string[] } {
  const md = [m.content ?? ''];
  const plain: string[] = [];
  for (const e of m.embeds) {
    md.push(e.title ?? '', e.description ?? '', ...(e.fields ?? []).flatMap((f) => [f.name, f.value]));
    plain.push(e.author?.name ?? '', e.footer?.text ?? '');
  }
  for (const row of m.components) for (const b of row.components) plain.push(label(b) ?? '');
  return { md, plain };
}

/** Discord's limits and our safety guarantees, checked on one message. */
function assertMessage(m: DiscordMessage): void {
  expect(m.allowed_mentions).toEqual({ parse: [] });
  expect((m.content ?? '').length).toBeLessThanOrEqual(2000);
  expect(m.embeds.length).toBeLessThanOrEqual(10);
  expect(Boolean(m.content) || m.embeds.length > 0).toBe(true);
  expect(m.embeds.reduce((n, e) => n + embedLength(e), 0)).toBeLessThanOrEqual(6000);
  for (const e of m.embeds) {
    expect(e.title?.length ?? 0).toBeLessThanOrEqual(256);
    expect(e.description?.length ?? 0).toBeLessThanOrEqual(4096);
    expect(e.footer?.text.length ?? 0).toBeLessThanOrEqual(2048);
    expect(e.author?.name.length ?? 0).toBeLessThanOrEqual(256);
    expect(e.fields?.length ?? 0).toBeLessThanOrEqual(25);
    for (const f of e.fields ?? []) {
      expect(f.name.length).toBeLessThanOrEqual(256);
      expect(f.value.length).toBeLessThanOrEqual(1024);
      expect(f.value.length).toBeGreaterThan(0);
    }
    if (e.url) expect(e.url).toMatch(/^https:\/\/huggingface\.co\//);
    if (e.thumbnail) expect(e.thumbnail.url).toMatch(/^https:\/\//);
  }
  expect(m.components.length).toBeLessThanOrEqual(5);
  for (const row of m.components) {
    expect(row.components.length).toBeLessThanOrEqual(5);
    for (const b of row.components) {
      expect(label(b)?.length ?? 0).toBeLessThanOrEqual(80);
      if ('url' in b) {
        expect(b.style).toBe(5);
        expect(b.url.length).toBeLessThanOrEqual(512);
        expect(new URL(b.url).protocol).toBe('https:');
        expect(b.url).not.toMatch(/[()\s]/);
      }
      if ('custom_id' in b) expect(b.custom_id).toMatch(/^paperboy:(save|dismiss|share):.{1,86}$/);
    }
  }
  const { md, plain } = strings(m);
  for (const t of [...md, ...plain]) {
    expect(t).not.toMatch(/@(everyone|here)/i);
    expect(t).not.toMatch(/[\u001b\u0000-\u0008]/);
    expect(t).not.toMatch(/[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/);
  }
  for (const t of plain) expect(t).not.toMatch(/<[@#:]/);
  for (const t of md) {
    // An unescaped `<` never starts a mention, and every unescaped masked link is one of ours.
    expect(t).not.toMatch(/(?<!\\)(?:\\\\)*<[@#:]/);
    for (const [, url] of t.matchAll(/(?<!\\)\]\(([^)]*)\)/g)) expect(new URL(url!).host).toBe('huggingface.co');
    expect(t).not.toMatch(/(?<!\\)\*\*bold/);
  }
}

const cards = (ps: Paper[]): PaperCard[] => ps.map((p, i) => ({ paper: p, rank: i + 1, why: `matches “x” · ${HOSTILE[i % HOSTILE.length]}` }));

describe('renderDiscord', () => {
  it('renders a fixture digest as a header message then one embed message per paper with buttons', () => {
    const ps = fixturePapers('2025-10-23');
    const out = renderDiscord({ kind: 'digest', date: '2025-10-23', topics: [], cards: cards(ps) });
    expect(out).toHaveLength(ps.length + 1);
    out.forEach(assertMessage);
    expect(out[0]!.content).toContain('2025');
    const m = out[1]!;
    expect(m.embeds[0]).toMatchObject({ url: `https://huggingface.co/papers/${ps[0]!.id}`, author: { name: expect.any(String) } });
    const buttons = m.components.flatMap((r) => r.components);
    expect(buttons.map(label)).toEqual(['Hugging Face', 'arXiv', 'PDF', 'Save', 'Not for us']);
    expect(buttons.filter((b) => 'custom_id' in b).map((b) => ('custom_id' in b ? b.custom_id : ''))).toEqual([`paperboy:save:${ps[0]!.id}`, `paperboy:dismiss:${ps[0]!.id}`]);
  });

  it('keeps every limit and lets nothing ping or hide a link, over 200 hostile papers in every view', () => {
    const ps = hostilePapers(11, 200);
    const views: View[] = [
      { kind: 'digest', date: '@everyone', topics: ['<@1>', '@here'], cards: cards(ps), emptyText: '@here' },
      { kind: 'list', title: '@everyone '.repeat(500), cards: cards(ps), note: '<@&1> '.repeat(1000) },
      ...ps.slice(0, 30).map((p): View => ({ kind: 'paper', card: { paper: p, why: '<@123> @everyone' } })),
      { kind: 'text', text: '@everyone <@1> **hi**\n'.repeat(5000), tone: 'success' },
      { kind: 'file', filename: '@here.bib', mimeType: 'x', content: 'x', comment: '<@&1>' },
    ];
    for (const view of views) {
      renderDiscord(view).forEach(assertMessage);
      renderDiscord(view, { ephemeral: true }).forEach((m) => expect(m.flags).toBe(64));
    }
  });

  it('splits a long list over more messages rather than losing results', () => {
    const ps = hostilePapers(5, 120);
    const out = renderDiscord({ kind: 'list', title: 'Results', cards: cards(ps), note: 'page 1' });
    expect(out.length).toBeGreaterThan(1);
    out.forEach(assertMessage);
    const all = out.map((m) => m.embeds.map((e) => e.description).join('\n')).join('\n');
    for (let i = 1; i <= 120; i++) expect(all).toContain(`**${i}. `);
    expect(out.at(-1)!.embeds.at(-1)!.footer?.text).toBe('page 1');
  });

  it('puts a numbered Share button per listed paper under the list, and Share beside Save on a paper shown in full', () => {
    const ids = (m: DiscordMessage) => (m.components ?? []).flatMap((r) => r.components.map((b) => `${label(b)}=${'custom_id' in b ? b.custom_id : 'link'}`));
    const ps = hostilePapers(10, 10);
    const list = renderDiscord({ kind: 'list', title: 'Results', cards: cards(ps) });
    // Numbered as the list is; a paper whose id would not fit a custom_id has none.
    const shareable = ps.flatMap((p, i) => (`paperboy:share:${p.id}`.length <= 100 ? [`Share ${i + 1}=paperboy:share:${p.id}`] : []));
    expect(shareable.length).toBeGreaterThan(5);
    expect(ids(list.at(-1)!)).toEqual(shareable);
    list.slice(0, -1).forEach((m) => expect(m.components ?? []).toEqual([]));
    // Thirty results: as many buttons as five rows hold, in order.
    const many = renderDiscord({ kind: 'list', title: 'Results', cards: cards(hostilePapers(11, 30)) });
    expect(ids(many.at(-1)!)).toHaveLength(25);
    const numbers = ids(many.at(-1)!).map((b) => Number(/^Share (\d+)=/.exec(b)![1]));
    expect(numbers).toEqual([...numbers].sort((a, b) => a - b));
    const full = renderDiscord({ kind: 'paper', card: { paper: paper() } });
    expect(ids(full[0]!).filter((b) => !b.endsWith('=link'))).toEqual([`Save=paperboy:save:${paper().id}`, `Share=paperboy:share:${paper().id}`]);
    const digest = renderDiscord({ kind: 'digest', date: 'd', topics: [], cards: [{ paper: paper() }] });
    expect(ids(digest[1]!).filter((b) => !b.endsWith('=link'))).toEqual([`Save=paperboy:save:${paper().id}`, `Not for us=paperboy:dismiss:${paper().id}`]);
  });

  it('cuts a digest abstract at three sentences and a paper view keeps more', () => {
    const d = renderDiscord({ kind: 'digest', date: 'd', topics: [], cards: [{ paper: paper() }] });
    expect(d[1]!.embeds[0]!.description).toBe('One. Two. Three. …');
    const p = renderDiscord({ kind: 'paper', card: { paper: paper() } });
    expect(p[0]!.embeds[0]!.description).toBe('One. Two. Three. Four.');
  });

  it('links an old-style paper\'s title to arXiv and gives it no "Hugging Face" button, which has no page for it', () => {
    const old = paper({ id: 'hep-th/9901001', source: 'arxiv' });
    const [shown] = renderDiscord({ kind: 'paper', card: { paper: old } });
    expect(shown!.embeds[0]!.url).toBe('https://arxiv.org/abs/hep-th/9901001');
    expect(shown!.components.flatMap((r) => r.components).map(label)).toEqual(['arXiv', 'PDF', 'Save', 'Share']);
    const [listed] = renderDiscord({ kind: 'list', title: 'Results', cards: [{ paper: old }] });
    expect(listed!.embeds[0]!.description).toContain('(https://arxiv.org/abs/hep-th/9901001)');
  });

  it('gives a paper only arXiv knows no upvote count (it is unknown, not 0)', () => {
    const arxivOnly = paper({ upvotes: 0, source: 'arxiv' });
    expect(renderDiscord({ kind: 'paper', card: { paper: arxivOnly } })[0]!.embeds[0]!.fields).toBeUndefined();
    expect(renderDiscord({ kind: 'list', title: 'Results', cards: [{ paper: arxivOnly }] })[0]!.embeds[0]!.description).not.toContain('▲');
    expect(renderDiscord({ kind: 'paper', card: { paper: paper({ upvotes: 0 }) } })[0]!.embeds[0]!.fields).toEqual([{ name: 'Upvotes', value: '▲ 0', inline: true }]);
  });

  it('leaves out Save buttons when the id would not fit a custom_id, and unsafe links entirely', () => {
    const out = renderDiscord({ kind: 'paper', card: { paper: paper({ id: '9'.repeat(90), githubRepo: 'javascript:alert(1)', thumbnail: 'http://x/t.png' }) } });
    const json = JSON.stringify(out);
    expect(json).not.toContain('custom_id');
    expect(json).not.toContain('javascript');
    expect(out[0]!.embeds[0]!.thumbnail).toBeUndefined();
  });
});

describe('Discord escaping', () => {
  it('escapes markdown and masked links and defuses mentions', () => {
    expect(escapeDiscord('**a** [b](http://c) <@1>')).toBe('\\*\\*a\\*\\* \\[b\\]\\(http\\://c\\) \\<@1>');
    expect(escapeDiscord('# title\n- item')).toBe('\\# title\n\\- item');
    expect(escapeDiscord('@everyone')).toBe('@\u200beveryone');
  });

  it('accepts only http(s) URLs and encodes what would end a masked link', () => {
    expect(safeDiscordUrl('javascript:alert(1)')).toBeUndefined();
    expect(safeDiscordUrl('https://x.test/a(b)')).toBe('https://x.test/a%28b%29');
    expect(discordLink('https://x.test/', '[a]')).toBe('[\\[a\\]](https://x.test/)');
    expect(discordLink('ftp://x.test/', 'a')).toBe('a');
  });
});

describe('a digest paper posted on its own', () => {
  it('looks exactly like that paper in a whole digest', async () => {
    const { loadDay } = await import('../../fakes/fixtures.ts');
    const { normalizeEntry } = await import('../../../src/papers/hf-schema.ts');
    const result = normalizeEntry(loadDay('2025-10-23')[1], '2025-10-23');
    if (!result.ok) throw new Error(result.problem);
    const card = { paper: result.paper, rank: 2, why: 'popular' };
    const whole = renderDiscord({ kind: 'digest', date: '2025-10-23', topics: [], cards: [card] });
    expect(renderDiscord({ kind: 'paper', card, inDigest: true })).toEqual(whole.slice(1));
  });
});
