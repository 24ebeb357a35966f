// Console renderer: readable numbered text, and nothing in a paper can drive the terminal.
import { describe, expect, it } from 'vitest';
import { fixturePapers, paper } from '../render-papers.ts';
import type { Paper } from '../../../src/papers/paper.ts';
import type { View } from '../../../src/views.ts';
import { renderText } from '../../../adapters/console/render.ts';

const hostile = paper({
  title: '\u001b[2J\u001b[31mRed\u001b[0m title\u001b]0;pwned\u0007 \u0007bell \u009b31m \u202eevil',
  summary: `Abstract\u001b[1A ${'x '.repeat(50_000)}`,
  authors: Array.from({ length: 100 }, (_, i) => `Author\u0000${i}`),
  githubRepo: 'javascript:alert(1)',
  projectPage: 'https://example.org/p',
});

describe('renderText', () => {
  it('numbers a fixture digest with title, authors, why, abstract and links', () => {
    const ps = fixturePapers('2025-12-09');
    const out = renderText({ kind: 'digest', date: '2025-12-09', topics: ['agents'], cards: ps.map((p, i) => ({ paper: p, rank: i + 1, why: 'why not' })) });
    expect(out.split('\n')[0]).toContain('2025-12-09');
    expect(out).toContain(` 1. ${ps[0]!.title.slice(0, 20)}`);
    expect(out).toContain(`${ps.length}. `);
    expect(out).toContain(`https://huggingface.co/papers/${ps[0]!.id}`);
    expect(out).toContain('why: why not');
    for (const line of out.split('\n')) expect(line.length).toBeLessThanOrEqual(140);
  });

  it('strips every control and escape sequence from paper text, in every view', () => {
    const views: View[] = [
      { kind: 'digest', date: 'd', topics: ['\u001b[2J'], cards: [{ paper: hostile, why: '\u001b[5mblink' }] },
      { kind: 'list', title: '\u001b[2Jlist', cards: [{ paper: hostile }], note: '\u0007' },
      { kind: 'paper', card: { paper: hostile } },
      { kind: 'text', text: 'hi\u001b[2J', tone: 'error' },
      { kind: 'file', filename: 'a\u001b.bib', mimeType: 'x', content: '@misc{\u001b[2J}' },
    ];
    for (const view of views) {
      const out = renderText(view);
      expect(out).not.toMatch(/[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u202e]/);
      expect(out).not.toContain('javascript');
    }
    const paperOut = renderText({ kind: 'paper', card: { paper: hostile } });
    expect(paperOut).toContain('Red title bell');
    expect(paperOut).toContain('https://example.org/p');
    expect(paperOut.length).toBeLessThan(10_000);
  });

  it('prints each link of an old-style paper once, with none to Hugging Face, which has no page for it', () => {
    const out = renderText({ kind: 'paper', card: { paper: paper({ id: 'hep-th/9901001', source: 'arxiv' }) } });
    expect(out.split('https://arxiv.org/abs/hep-th/9901001')).toHaveLength(2);
    expect(out).toContain('https://arxiv.org/pdf/hep-th/9901001');
    expect(out).not.toContain('huggingface.co');
  });

  it('writes "1 upvote" for one, and no count for a paper only arXiv knows (its upvotes are unknown, not 0)', () => {
    const byline = (p: Paper): string => renderText({ kind: 'paper', card: { paper: p } }).split('\n')[1]!;
    expect(byline(paper({ upvotes: 1 }))).toBe('Ada Lovelace · 1 upvote · arXiv 2406.12345');
    expect(byline(paper({ upvotes: 0 }))).toBe('Ada Lovelace · 0 upvotes · arXiv 2406.12345');
    expect(byline(paper({ upvotes: 0, source: 'arxiv' }))).toBe('Ada Lovelace · arXiv 2406.12345');
  });

  it('shows empty texts and list notes', () => {
    expect(renderText({ kind: 'digest', date: 'd', topics: [], cards: [], emptyText: 'Nothing today.' })).toContain('Nothing today.');
    expect(renderText({ kind: 'list', title: 'Saved', cards: [], emptyText: 'None yet.', note: 'Page 1 of 1' })).toBe('Saved\n\nNone yet.\n\nPage 1 of 1');
    expect(renderText({ kind: 'text', text: 'bad', tone: 'error' })).toBe('error: bad');
  });
});
