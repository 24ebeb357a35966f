// One hash of a paper's indexed text, for the corpus (without names) and the search snapshot (with).
import { describe, expect, it } from 'vitest';
import { paperTextHash, withAuthors } from '../../src/papers/text-hash.ts';
import type { Paper } from '../../src/papers/paper.ts';

const base: Paper = {
  id: '2406.12345', title: 'Linear attention', summary: 'We study it.', authors: ['Ada Lovelace'], upvotes: 3,
  keywords: ['attention', 'linear'], listedOn: ['2025-11-19'], source: 'hf', updatedAt: '2025-11-19T00:00:00Z',
};

describe('paperTextHash', () => {
  it('changes with any indexed field, not with upvotes or dates', () => {
    const h = paperTextHash(base);
    const touched: Paper = { ...base, upvotes: 99, updatedAt: '2026-01-01T00:00:00Z' };
    expect(paperTextHash(touched)).toBe(h);
    for (const change of [{ title: 'Linear attentions' }, { summary: 'We study them.' }, { keywords: ['attention'] }, { aiSummary: 'x' }]) {
      expect(paperTextHash({ ...base, ...change })).not.toBe(h);
    }
  });

  it('tells fields apart: moving text between title and abstract, or between keywords, changes it', () => {
    expect(paperTextHash({ ...base, title: 'Linear', summary: ' attentionWe study it.' })).not.toBe(paperTextHash(base));
    expect(paperTextHash({ ...base, keywords: ['attentionlinear'] })).not.toBe(paperTextHash(base));
  });

  it('counts author names only when asked', () => {
    const renamed = { ...base, authors: ['Grace Hopper'] };
    expect(paperTextHash(renamed)).toBe(paperTextHash(base));
    expect(paperTextHash(renamed, { authors: true })).not.toBe(paperTextHash(base, { authors: true }));
  });

  it('adds the names to a text hash already made', () => {
    for (const p of [base, { ...base, authors: ['Grace Hopper', 'Ada Lovelace'] }, { ...base, authors: [] }]) {
      expect(withAuthors(paperTextHash(p), p)).toBe(paperTextHash(p, { authors: true }));
    }
  });
});
