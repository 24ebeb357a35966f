// Normalising Hugging Face entries: both field placements, lenient coercion, strict id/title, clean text.
import { describe, expect, it } from 'vitest';
import { cleanText, cleanTitle, clip, normalizeEntry } from '../../src/papers/hf-schema.ts';
import { fixtureDays, hostileEntries, loadDay, HOSTILE_TEXT } from '../fakes/fixtures.ts';

const NOW = new Date('2026-01-02T03:04:05Z');
const ok = (raw: unknown, day?: string) => {
  const r = normalizeEntry(raw, day, NOW);
  if (!r.ok) throw new Error(`expected a paper, got: ${r.problem}`);
  return r.paper;
};

describe('normalizeEntry', () => {
  it("takes the arXiv date from the paper only: beside it, publishedAt is the listing's time", () => {
    const r = normalizeEntry({ paper: { id: '1908.01234', title: 'Old paper', authors: [] }, publishedAt: '2025-10-23T03:00:00.000Z', title: 'Old paper' }, '2025-10-23', NOW);
    expect('paper' in r && r.paper.publishedAt).toBeUndefined();
    const inner = normalizeEntry({ paper: { id: '1908.01234', title: 'Old paper', authors: [], publishedAt: '2019-08-03T00:00:00.000Z' }, publishedAt: '2025-10-23T03:00:00.000Z' }, '2025-10-23', NOW);
    expect('paper' in inner && inner.paper.publishedAt).toBe('2019-08-03T00:00:00.000Z');
  });

  it('accepts every recorded fixture entry', () => {
    for (const day of fixtureDays()) {
      for (const entry of loadDay(day)) {
        const paper = ok(entry, day);
        expect(paper.id).toBe(entry.paper.id);
        expect(paper.listedOn).toEqual([day]);
        expect(paper.authors.length).toBeGreaterThan(0);
        expect(paper.source).toBe('hf');
      }
    }
  });

  it('maps a daily entry onto Paper', () => {
    const [entry] = loadDay('2025-10-23');
    const paper = ok(entry, '2025-10-23');
    expect(paper).toMatchObject({
      id: '2406.95972',
      title: 'Landscaping Linear Mode Connectivity',
      authors: expect.arrayContaining(['Author 1 of 2406.95972']),
      publishedAt: '2024-06-23T00:00:00.000Z',
      updatedAt: NOW.toISOString(),
      keywords: [],
    });
    expect(paper.upvotes).toBe(entry!.paper.upvotes);
    expect(paper.summary.startsWith('The presence of linear paths')).toBe(true);
  });

  it('reads optional fields inside `paper` and beside it; inside wins', () => {
    const inside = ok({
      paper: { id: '2406.00001', title: 'T', ai_summary: 'inside', ai_keywords: ['a', 'b'], githubRepo: 'https://github.com/a/b', upvotes: 5 },
      ai_summary: 'beside',
      projectPage: 'https://project.example',
      numComments: 4,
      thumbnail: 'https://cdn.example/t.png',
    });
    expect(inside).toMatchObject({
      aiSummary: 'inside',
      keywords: ['a', 'b'],
      githubRepo: 'https://github.com/a/b',
      projectPage: 'https://project.example',
      numComments: 4,
      thumbnail: 'https://cdn.example/t.png',
      upvotes: 5,
    });
    const beside = ok({ paper: { id: '2406.00002', title: 'T' }, ai_keywords: ['x'], ai_summary: 'outer', githubRepo: 'https://github.com/c/d' });
    expect(beside).toMatchObject({ aiSummary: 'outer', keywords: ['x'], githubRepo: 'https://github.com/c/d' });
    const emptyInside = ok({ paper: { id: '2406.00003', title: 'T', ai_summary: '', ai_keywords: [] }, ai_summary: 'outer', ai_keywords: ['y'] });
    expect(emptyInside).toMatchObject({ aiSummary: 'outer', keywords: ['y'] });
    // Blank or invisible inside counts as empty too: the copy beside it is used, not the entry dropped.
    const blankInside = ok({ paper: { id: '2406.00004', title: '   ', summary: '\u200b ', ai_summary: ' \n' }, title: 'Real title', summary: 'Real summary', ai_summary: 'Real AI' });
    expect(blankInside).toMatchObject({ title: 'Real title', summary: 'Real summary', aiSummary: 'Real AI' });
  });

  it('accepts a bare paper (the /api/papers/{id} shape) and leaves listedOn empty', () => {
    const paper = ok({ id: '2406.12345v3', title: 'Bare', summary: 'S', authors: [{ name: 'A' }], upvotes: 9 });
    expect(paper).toMatchObject({ id: '2406.12345', title: 'Bare', upvotes: 9, listedOn: [] });
  });

  it('omits absent optional fields instead of storing undefined', () => {
    const paper = ok({ id: '2406.12345', title: 'Bare' });
    expect(Object.keys(paper).sort()).toEqual(['authors', 'id', 'keywords', 'listedOn', 'source', 'summary', 'title', 'updatedAt', 'upvotes']);
    expect(paper.upvotes).toBe(0);
  });

  it('coerces reasonable variants', () => {
    const paper = ok({ paper: { id: '2406.00004', title: 'T', upvotes: '17', authors: ['String Author', { name: 'Obj Author' }, 5, null, { nope: 1 }], numComments: '3' } });
    expect(paper.upvotes).toBe(17);
    expect(paper.authors).toEqual(['String Author', 'Obj Author']);
    expect(paper.numComments).toBe(3);
    expect(ok({ paper: { id: '2406.00005', title: 'T', upvotes: -4 } }).upvotes).toBe(0);
    expect(ok({ paper: { id: '2406.00005', title: 'T', upvotes: { many: true } } }).upvotes).toBe(0);
    expect(ok({ paper: { id: '2406.00005', title: 'T', publishedAt: 'never' } }).publishedAt).toBeUndefined();
  });

  it('keeps only http(s) links', () => {
    const paper = ok({ paper: { id: '2406.00006', title: 'T', githubRepo: 'javascript:alert(1)', projectPage: 'https://ok.example/x y' }, thumbnail: 'data:image/png;base64,AAAA' });
    expect(paper.githubRepo).toBeUndefined();
    expect(paper.projectPage).toBeUndefined();
    expect(paper.thumbnail).toBeUndefined();
  });

  it('is strict on id and title, and names the entry', () => {
    const bad: [unknown, RegExp][] = [
      [null, /entry/],
      ['junk', /entry/],
      [{ paper: 'x' }, /paper/],
      [{ paper: { title: 'no id' } }, /paper\.id/],
      [{ paper: { id: 12, title: 'T' } }, /paper\.id/],
      [{ paper: { id: '2406.00007', title: 7 } }, /title/],
      [{ paper: { id: '2406.00007' } }, /title/],
      [{ paper: { id: '2406.00007', title: ' \n\u200B ' } }, /title/],
      [{ paper: { id: 'garbage', title: 'T' } }, /arXiv id/],
      [{ id: '2406.00007' }, /title/],
    ];
    for (const [raw, problem] of bad) {
      const r = normalizeEntry(raw, undefined, NOW);
      expect(r.ok, JSON.stringify(raw)).toBe(false);
      if (!r.ok) expect(r.problem).toMatch(problem);
    }
    const named = normalizeEntry({ paper: { id: '2406.00007', title: 7 } });
    expect(!named.ok && named.id).toBe('2406.00007');
  });

  it('strips control and invisible characters, collapses title whitespace', () => {
    const paper = ok({ paper: { id: '2406.00008', title: '  A\n\tspaced \u0000title\u202E  here\u200B ', summary: 'line one\r\n\r\n\r\n\r\nline\u0007 two\u001b[31m' } });
    expect(paper.title).toBe('A spaced title here');
    expect(paper.summary).toBe('line one\n\nline two[31m');
  });

  it('keeps hostile-but-valid entries and drops junk', () => {
    const { entries, validIds, invalidCount } = hostileEntries();
    const results = entries.map((e) => normalizeEntry(e, '2026-01-01', NOW));
    const kept = results.flatMap((r) => (r.ok ? [r.paper] : []));
    expect(kept.map((p) => p.id)).toEqual(validIds);
    expect(results.filter((r) => !r.ok)).toHaveLength(invalidCount);
    expect(kept[0]!.title).toBe(HOSTILE_TEXT.everyone); // escaping is the renderers' job, not the normaliser's
    const huge = kept.find((p) => p.id === '2501.00004')!;
    expect(huge.summary.length).toBeLessThanOrEqual(20_000);
    expect(huge.summary.endsWith('…')).toBe(true);
    expect(kept.find((p) => p.id === '2501.00009')!.title).toBe('Outer Title Only');
    for (const p of kept) expect(p.title).not.toMatch(/[\u0000-\u001f\u202e\u200b]/);
  });
});

describe('text cleaning', () => {
  it('clips at a word boundary with an ellipsis', () => {
    expect(clip('short', 10)).toBe('short');
    const cut = clip('alpha beta gamma delta epsilon', 20);
    expect(cut.length).toBeLessThanOrEqual(20);
    expect(cut).toBe('alpha beta gamma…');
    expect(clip('x'.repeat(50), 10)).toBe(`${'x'.repeat(9)}…`);
    // An emoji across the cut goes whole, not half (a lone surrogate is shown as �).
    expect(clip(`${'x'.repeat(8)}😀${'y'.repeat(20)}`, 10)).toBe(`${'x'.repeat(8)}…`);
  });

  it('cleanTitle caps the length; cleanText keeps paragraphs', () => {
    expect(cleanTitle('word '.repeat(300)).length).toBeLessThanOrEqual(500);
    expect(cleanText('a\n\nb\n c')).toBe('a\n\nb\nc');
  });

  it('drops half an emoji standing alone, keeps whole ones', () => {
    expect(cleanTitle('cut \ud83d here 😀 \ude00x')).toBe('cut here 😀 x');
    expect(cleanText('a\ud83d\n😀\udc00')).toBe('a\n😀');
  });
});
