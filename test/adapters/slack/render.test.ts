// Slack renderer: every limit on every message, and no mention or spoofed link survives, whatever a paper holds.
import { describe, expect, it } from 'vitest';
import { fixturePapers, paper } from '../render-papers.ts';
import type { Paper } from '../../../src/papers/paper.ts';
import type { PaperCard, View } from '../../../src/views.ts';
import { renderSlack, type SlackBlock, type SlackMessage, type SlackText } from '../../../adapters/slack/render.ts';
import { escapeSlack, safeSlackUrl, slackLink } from '../../../adapters/slack/escape.ts';

const HOSTILE = ['@everyone', '@here', '@channel', '<!channel>', '<!here>', '<!everyone>', '<@U123>', '<@&123>', '<#C1>', '<!subteam^S1|@team>',
  '<http://evil|click>', '[click](http://evil)', '**bold**', '&lt;!channel&gt;', '\u001b[2J', '👩‍👩‍👧‍👦', '🇫🇷', 'x'];

/** A seeded generator of hostile papers: every field made of injection fragments, emoji and sheer length. */
function hostilePapers(seed: number, count: number): Paper[] {
  let s = seed;
  const rnd = (n: number): number => ((s = (s * 1103515245 + 12345) % 2 ** 31), s % n);
  const junk = (parts: number): string => Array.from({ length: parts }, () => HOSTILE[rnd(HOSTILE.length)]).join(rnd(3) ? ' ' : '');
  return Array.from({ length: count }, (_, i) => paper({
    id: i % 7 === 6 ? `<!channel>${'9'.repeat(3000)}` : `2406.${String(10000 + i)}`,
    title: i % 5 === 0 ? `${'🎉'.repeat(150)}${junk(40)}` : junk(1 + rnd(60)),
    summary: i % 4 === 0 ? `${junk(20)}. `.repeat(1500) : junk(1 + rnd(300)),
    authors: Array.from({ length: i % 3 === 0 ? 100 : 1 + rnd(5) }, () => junk(3)),
    upvotes: rnd(1000),
    keywords: [junk(5)],
    aiSummary: junk(50),
    githubRepo: ['javascript:alert(1)', 'https://github.com/a/b|evil>', `https://github.com/${'a'.repeat(4000)}`, 'https://github.com/ok/repo', undefined][rnd(5)],
    projectPage: 'data:text/html,<script>',
    thumbnail: ['http://insecure/x.png', 'javascript:alert(1)', 'https://cdn.example/x.png', undefined][rnd(4)],
  }));
}

const texts = (m: SlackMessage): string[] => {
  const out = [m.text];
  const visit = (node: unknown): void => {
    if (Array.isArray(node)) return node.forEach(visit);
    if (!node || typeof node !== 'object') return;
    for (const [k, v] of Object.entries(node)) {
      if (typeof v === 'string' && ['text', 'alt_text', 'value'].includes(k)) out.push(v);
      else visit(v);
    }
  };
  visit(m.blocks);
  return out;
};

/** Slack's limits and our safety guarantees, checked on one message. */
function assertMessage(m: SlackMessage): void {
  expect(m.unfurl_links).toBe(false);
  expect(m.unfurl_media).toBe(false);
  expect(m.text.length).toBeGreaterThan(0);
  expect(m.text.length).toBeLessThanOrEqual(4000);
  expect(m.blocks.length).toBeLessThanOrEqual(50);
  const checkText = (t: SlackText, max: number): void => {
    expect(t.text.length).toBeGreaterThan(0);
    expect(t.text.length).toBeLessThanOrEqual(max);
  };
  for (const b of m.blocks as SlackBlock[]) {
    if (b.type === 'header') checkText(b.text, 150);
    if (b.type === 'section') {
      checkText(b.text, 3000);
      if (b.accessory?.type === 'image') {
        expect(b.accessory.image_url).toMatch(/^https:\/\//);
        expect(b.accessory.alt_text.length).toBeLessThanOrEqual(2000);
      }
      if (b.accessory?.type === 'button') expect(b.accessory.value.length).toBeLessThanOrEqual(2000);
    }
    if (b.type === 'context') {
      expect(b.elements.length).toBeLessThanOrEqual(10);
      b.elements.forEach((e) => checkText(e, 3000));
    }
    if (b.type === 'actions') {
      for (const btn of b.elements) {
        checkText(btn.text, 75);
        expect(btn.value.length).toBeLessThanOrEqual(2000);
        expect(btn.action_id).toMatch(/^paperboy_(save|dismiss|share)$/);
      }
    }
  }
  for (const t of texts(m)) {
    // Every `<…>` is one of our links: an http(s) URL with no `|`/`<`/`>` inside it, to a known host.
    for (const [, inner] of t.matchAll(/<([^>]*)>/g)) {
      expect(inner).toMatch(/^https?:\/\/[^|<>\s]+\|[^<>]+$/);
      expect(new URL(inner!.split('|')[0]!).host).toMatch(/^(huggingface\.co|arxiv\.org|github\.com)$/);
    }
    expect(t).not.toMatch(/<[!@#]/);
    expect(t).not.toMatch(/@(channel|here|everyone)/i);
    expect(t).not.toMatch(/&(?!amp;|lt;|gt;)/);
    expect(t).not.toMatch(/[\u001b\u0000-\u0008]/);
    expect(t).not.toMatch(/[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/);
    expect(t).not.toMatch(/javascript:|data:text/);
  }
}

const cards = (ps: Paper[]): PaperCard[] => ps.map((p, i) => ({ paper: p, rank: i + 1, why: `matches “x” · ${p.upvotes} upvotes ${HOSTILE[i % HOSTILE.length]}` }));

describe('renderSlack', () => {
  it('renders a fixture digest as a header message then one message per paper, with buttons and links', () => {
    const ps = fixturePapers('2025-11-19');
    const view: View = { kind: 'digest', date: '2025-11-19', topics: ['pruning'], cards: cards(ps) };
    const out = renderSlack(view, { channel: 'C1' });
    expect(out).toHaveLength(ps.length + 1);
    out.forEach(assertMessage);
    expect(out.every((m) => m.channel === 'C1')).toBe(true);
    expect(out[0]!.blocks[0]).toMatchObject({ type: 'header' });
    const first = JSON.stringify(out[1]);
    expect(first).toContain(`<https://huggingface.co/papers/${ps[0]!.id}|`);
    expect(first).toContain(`https://arxiv.org/pdf/${ps[0]!.id}|PDF>`);
    const actions = out[1]!.blocks.find((b) => b.type === 'actions');
    expect(actions).toMatchObject({ elements: [{ action_id: 'paperboy_save', value: ps[0]!.id }, { action_id: 'paperboy_dismiss', value: ps[0]!.id }] });
  });

  it('keeps every limit and lets no mention or link through, over 200 hostile papers in every view', () => {
    const ps = hostilePapers(7, 200);
    const views: View[] = [
      { kind: 'digest', date: '2025-11-19 <!channel>', topics: ['<@U1>', '@here'], cards: cards(ps) },
      { kind: 'list', title: `${'<!here>'.repeat(100)}`, cards: cards(ps), note: '@everyone '.repeat(1000) },
      ...ps.slice(0, 20).map((p): View => ({ kind: 'paper', card: { paper: p, why: '<!channel>' } })),
      { kind: 'text', text: `${'<!channel> & **hi**\n'.repeat(20_000)}`, tone: 'error' },
      { kind: 'file', filename: '<!here>.bib', mimeType: 'x', content: 'x'.repeat(10_000), comment: '@channel' },
    ];
    for (const view of views) renderSlack(view, { channel: 'C1' }).forEach(assertMessage);
  });

  it('renders a card once for every channel, and again when anything on it changes', () => {
    const card: PaperCard = { paper: fixturePapers('2025-11-19')[0]!, rank: 1, why: 'matches “attention” · 12 upvotes' };
    const digest = (c: PaperCard): View => ({ kind: 'digest', date: '2025-10-23', topics: [], cards: [c] });
    const [, a] = renderSlack(digest(card), { channel: 'C1' });
    const [, b] = renderSlack(digest({ ...card, paper: { ...card.paper } }), { channel: 'C2' });
    expect(b!.channel).toBe('C2');
    expect(b!.blocks).toEqual(a!.blocks);
    const changed = [{ ...card, why: 'like 2 papers saved here' }, { ...card, paper: { ...card.paper, upvotes: 999 } }, { ...card, paper: { ...card.paper, summary: 'A new abstract.' } }];
    const [why, upvotes, summary] = changed.map((c) => JSON.stringify(renderSlack(digest(c), { channel: 'C1' })[1]!.blocks));
    expect(why).toContain('like 2 papers saved here');
    expect(upvotes).toContain('▲ 999 upvotes');
    expect(summary).toContain('A new abstract.');
    expect(JSON.stringify(a!.blocks)).not.toContain('A new abstract.');
  });

  it('renders the abstract cut cleanly at a few sentences with an ellipsis', () => {
    const [m] = renderSlack({ kind: 'paper', card: { paper: paper() } }, { channel: 'C' }).slice(0, 1);
    expect(JSON.stringify(m)).toContain('One. Two. Three. Four.');
    const digest = renderSlack({ kind: 'digest', date: 'd', topics: [], cards: [{ paper: paper() }] }, { channel: 'C' });
    expect(JSON.stringify(digest[1])).toContain('One. Two. Three. …');
  });

  it('puts a thumbnail only when it is https, and drops javascript: code links', () => {
    const out = (p: Paper): string => JSON.stringify(renderSlack({ kind: 'paper', card: { paper: p } }, { channel: 'C' }));
    expect(out(paper({ thumbnail: 'https://cdn.example/t.png' }))).toContain('"image_url":"https://cdn.example/t.png"');
    expect(out(paper({ thumbnail: 'http://cdn.example/t.png' }))).not.toContain('image_url');
    expect(out(paper({ githubRepo: 'javascript:alert(1)' }))).not.toContain('javascript');
    expect(out(paper({ githubRepo: 'https://github.com/o/r' }))).toContain('<https://github.com/o/r|Code>');
  });

  it('links an old-style paper\'s title to arXiv and labels no arXiv link "Hugging Face", which has no page for it', () => {
    const old = paper({ id: 'hep-th/9901001', source: 'arxiv' });
    const shown = JSON.stringify(renderSlack({ kind: 'paper', card: { paper: old } }, { channel: 'C' }));
    expect(shown).not.toContain('Hugging Face');
    expect(shown).toContain('<https://arxiv.org/abs/hep-th/9901001|A paper>');
    expect(shown).toContain('<https://arxiv.org/abs/hep-th/9901001|arXiv>');
    const listed = JSON.stringify(renderSlack({ kind: 'list', title: 'Results', cards: [{ paper: old }] }, { channel: 'C' }));
    expect(listed).toContain('<https://arxiv.org/abs/hep-th/9901001|A paper>');
  });

  it('writes "1 upvote" for one, and no count for a paper only arXiv knows (its upvotes are unknown, not 0)', () => {
    const out = (p: Paper): string => JSON.stringify(renderSlack({ kind: 'list', title: 'Results', cards: [{ paper: p }] }, { channel: 'C' }));
    expect(out(paper({ upvotes: 1 }))).toContain('Ada Lovelace · ▲ 1 upvote');
    expect(out(paper({ upvotes: 1 }))).not.toContain('1 upvotes');
    expect(out(paper({ upvotes: 0, source: 'arxiv' }))).not.toContain('▲');
  });

  it('keeps a long list in one message of at most 50 blocks, noting how many more there are', () => {
    const out = renderSlack({ kind: 'list', title: 'Results', cards: cards(hostilePapers(3, 120)), note: 'page 1' }, { channel: 'C' });
    expect(out).toHaveLength(1);
    expect(out[0]!.blocks).toHaveLength(50);
    expect(JSON.stringify(out[0])).toMatch(/…and \d+ more/);
    const section = out[0]!.blocks[1];
    expect(section).toMatchObject({ type: 'section', accessory: { type: 'button', action_id: 'paperboy_share' } });
  });

  it('splits text beyond 50 sections into more messages without losing words', () => {
    const words = Array.from({ length: 60_000 }, (_, i) => `w${i}`).join(' ');
    const out = renderSlack({ kind: 'text', text: words }, { channel: 'C' });
    expect(out.length).toBeGreaterThan(1);
    out.forEach(assertMessage);
    const joined = out.flatMap((m) => m.blocks.map((b) => (b.type === 'section' ? b.text.text : ''))).join(' ');
    expect(joined.split(' ')).toHaveLength(60_000);
  });

  it('omits buttons rather than send a wrong paper id when the id cannot fit', () => {
    const out = renderSlack({ kind: 'digest', date: 'd', topics: [], cards: [{ paper: paper({ id: '1'.repeat(2001) }) }] }, { channel: 'C' });
    expect(out[1]!.blocks.some((b) => b.type === 'actions')).toBe(false);
  });
});

describe('Slack escaping', () => {
  it('escapes control characters and defuses broadcast words', () => {
    expect(escapeSlack('<!channel> & <@U1>')).toBe('&lt;!channel&gt; &amp; &lt;@U1&gt;');
    expect(escapeSlack('hi @Here and @everyone')).not.toMatch(/@(here|everyone)/i);
  });

  it('builds links only to http(s) URLs that cannot break out of <url|label>', () => {
    expect(safeSlackUrl('javascript:alert(1)')).toBeUndefined();
    expect(safeSlackUrl('http://x.test/a|b>c')).toBe('http://x.test/a%7Cb%3Ec');
    expect(safeSlackUrl('http://x.test/', { httpsOnly: true })).toBeUndefined();
    expect(slackLink('http://evil|innocent', '<b>')).toBe('&lt;b&gt;');
    expect(slackLink('https://x.test/p', 'a > b')).toBe('<https://x.test/p|a &gt; b>');
  });
});

describe('a digest paper posted on its own', () => {
  it('looks exactly like that paper in a whole digest (short abstract, Save and Not for us)', async () => {
    const { loadDay } = await import('../../fakes/fixtures.ts');
    const { normalizeEntry } = await import('../../../src/papers/hf-schema.ts');
    const result = normalizeEntry(loadDay('2025-10-23')[0], '2025-10-23');
    if (!result.ok) throw new Error(result.problem);
    const card = { paper: result.paper, rank: 1, why: 'matches “x”' };
    const whole = renderSlack({ kind: 'digest', date: '2025-10-23', topics: [], cards: [card] }, { channel: 'C1' });
    const alone = renderSlack({ kind: 'paper', card, inDigest: true }, { channel: 'C1' });
    expect(alone).toEqual(whole.slice(1));
    expect(JSON.stringify(alone)).toContain('paperboy_dismiss');
    expect(JSON.stringify(renderSlack({ kind: 'paper', card }, { channel: 'C1' }))).not.toContain('paperboy_dismiss');
  });
});
