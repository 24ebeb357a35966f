// Markdown export: a numbered, linked reading list in which paper text cannot inject markup or links.
import { describe, expect, it } from 'vitest';
import type { Paper } from '../../src/papers/paper.ts';
import { escapeMarkdown, toMarkdown } from '../../src/export/markdown.ts';

function paper(over: Partial<Paper> = {}): Paper {
  return {
    id: '2406.12345', title: 'Attention Is All You Need', summary: 'First. Second. Third. Fourth.', authors: ['A', 'B', 'C', 'D'], upvotes: 3,
    keywords: [], listedOn: [], source: 'hf', updatedAt: '2025-11-19T00:00:00Z', publishedAt: '2017-06-12T00:00:00Z', ...over,
  };
}

describe('toMarkdown', () => {
  it('writes a titled, numbered list with links, authors, year and a short abstract', () => {
    const out = toMarkdown([paper({ githubRepo: 'https://github.com/o/r' }), paper({ id: '2406.99999', title: 'Second' })], { title: 'Saved papers' });
    expect(out.startsWith('# Saved papers\n\n2 papers\n\n')).toBe(true);
    expect(out).toContain('1. **[Attention Is All You Need](https://huggingface.co/papers/2406.12345)**');
    expect(out).toContain('A, B, C et al. · 2017 · 3 upvotes');
    expect(out).toContain('[arXiv](https://arxiv.org/abs/2406.12345) · [PDF](https://arxiv.org/pdf/2406.12345) · [code](https://github.com/o/r)');
    expect(out).toContain('> First. Second. Third. …');
    expect(out).toContain('2. **[Second]');
  });

  it('links an old-style paper\'s title to arXiv, as Hugging Face has no page for it', () => {
    const out = toMarkdown([paper({ id: 'hep-th/9901001', title: 'Old', source: 'arxiv' })], { title: 'Saved' });
    expect(out).toContain('1. **[Old](https://arxiv.org/abs/hep-th/9901001)**');
    expect(out).not.toContain('huggingface.co');
  });

  it('writes "1 upvote" for one, and no count for a paper only arXiv knows (its upvotes are unknown, not 0)', () => {
    expect(toMarkdown([paper({ upvotes: 1 })], { title: 'Saved' })).toContain('A, B, C et al. · 2017 · 1 upvote  \n');
    expect(toMarkdown([paper({ upvotes: 0, source: 'arxiv' })], { title: 'Saved' })).toContain('A, B, C et al. · 2017  \n');
  });

  it('escapes markup and drops unsafe links in hostile papers', () => {
    const out = toMarkdown(
      [paper({ title: '[click](http://evil) <img src=x> **b** @everyone', summary: `- ${'long '.repeat(30_000)}`, githubRepo: 'javascript:alert(1)' })],
      { title: '<script>' },
    );
    expect(out).not.toMatch(/(?<!\\)\[click\]/);
    expect(out).not.toMatch(/(?<!\\)<(img|script)/);
    expect(out).not.toContain('javascript');
    expect(out).not.toContain('@everyone');
    expect(out).toContain('> \\- long');
    expect(out.length).toBeLessThan(3000);
  });

  it('indents each item as wide as its number, so items 10 and on keep their lines (a 3-space indent ended the list there)', () => {
    const papers = Array.from({ length: 12 }, (_, i) => paper({ id: `2406.${String(10000 + i)}`, title: `Paper ${i + 1}`, summary: 'An abstract. Two sentences.' }));
    const md = toMarkdown(papers, { title: 'Saved' });
    const lines = md.split('\n');
    const tenth = lines.findIndex((l) => l.startsWith('10. '));
    const next = lines.findIndex((l, i) => i > tenth && l.startsWith('11. '));
    for (const l of lines.slice(tenth + 1, next).filter((x) => x.trim())) expect(l).toMatch(/^ {4}\S/);
    expect(lines.find((l, i) => i > lines.findIndex((x) => x.startsWith('9. ')) && l.includes('> An abstract'))).toMatch(/^ {3}> /);
  });

  it('says so when there are no papers', () => {
    expect(toMarkdown([], { title: 'Saved' })).toBe('# Saved\n\n0 papers\n\n_No papers yet._\n');
  });

  it('escapes entities and a leading list marker', () => {
    expect(escapeMarkdown('1. a &amp; b_c')).toBe('1\\. a &amp;amp; b\\_c');
  });
});
