// Merging records of one paper, and deduplicating listings.
import { describe, expect, it } from 'vitest';
import { dedupe, mergePaper } from '../../src/papers/merge.ts';
import type { Paper } from '../../src/papers/paper.ts';

const paper = (over: Partial<Paper> = {}): Paper => ({
  id: '2406.12345',
  title: 'Title',
  summary: 'Summary',
  authors: ['A'],
  upvotes: 1,
  keywords: [],
  listedOn: [],
  source: 'hf',
  updatedAt: '2026-01-01T00:00:00.000Z',
  ...over,
});

describe('mergePaper', () => {
  it('returns the incoming paper (listedOn sorted, unique) when nothing is stored', () => {
    expect(mergePaper(undefined, paper({ listedOn: ['2026-01-03', '2026-01-01', '2026-01-03'] })).listedOn).toEqual(['2026-01-01', '2026-01-03']);
  });

  it('unions listedOn, keeps the larger upvotes and comments', () => {
    const stored = paper({ listedOn: ['2026-01-02'], upvotes: 40, numComments: 3 });
    const incoming = paper({ listedOn: ['2026-01-01', '2026-01-02'], upvotes: 12, numComments: 1 });
    const merged = mergePaper(stored, incoming);
    expect(merged.listedOn).toEqual(['2026-01-01', '2026-01-02']);
    expect(merged.upvotes).toBe(40);
    expect(merged.numComments).toBe(3);
    expect(mergePaper(stored, paper({ upvotes: 55 })).upvotes).toBe(55);
  });

  it('takes newer non-empty text and keeps stored values the incoming record lacks', () => {
    const stored = paper({ title: 'Old', summary: 'Old summary', keywords: ['k'], aiSummary: 'ai', githubRepo: 'https://github.com/a/b', authors: ['X', 'Y'] });
    const incoming = paper({ title: 'New', summary: '', keywords: [], authors: [], source: 'arxiv', updatedAt: '2026-02-01T00:00:00.000Z' });
    const merged = mergePaper(stored, incoming);
    expect(merged).toMatchObject({
      title: 'New',
      summary: 'Old summary',
      keywords: ['k'],
      aiSummary: 'ai',
      githubRepo: 'https://github.com/a/b',
      authors: ['X', 'Y'],
      source: 'hf',
      updatedAt: '2026-02-01T00:00:00.000Z',
    });
  });

  it('keeps the later updatedAt and arxiv source only when both are arxiv', () => {
    const merged = mergePaper(paper({ source: 'arxiv', updatedAt: '2026-03-01T00:00:00.000Z' }), paper({ source: 'arxiv' }));
    expect(merged.source).toBe('arxiv');
    expect(merged.updatedAt).toBe('2026-03-01T00:00:00.000Z');
    expect('aiSummary' in merged).toBe(false);
  });
});

describe('dedupe', () => {
  it('merges duplicates by id in first-seen order', () => {
    const out = dedupe([
      paper({ id: 'a', upvotes: 1, listedOn: ['2026-01-02'] }),
      paper({ id: 'b' }),
      paper({ id: 'a', upvotes: 9, listedOn: ['2026-01-01'], title: 'A later' }),
    ]);
    expect(out.map((p) => p.id)).toEqual(['a', 'b']);
    expect(out[0]).toMatchObject({ upvotes: 9, listedOn: ['2026-01-01', '2026-01-02'], title: 'A later' });
  });
});
