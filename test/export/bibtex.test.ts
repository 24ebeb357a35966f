// BibTeX export: arXiv-style entries, unique stable keys, every special character escaped.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { Paper } from '../../src/papers/paper.ts';
import { citationKeys, escapeBibtex, toBibtex } from '../../src/export/bibtex.ts';

const fixtures = new URL('../../../shared/fixtures/hf/daily_papers/', import.meta.url);

function paper(over: Partial<Paper> = {}): Paper {
  return {
    id: '2406.12345', title: 'Attention Is All You Need', summary: 's', authors: ['Ashish Vaswani', 'Noam Shazeer'], upvotes: 3,
    keywords: [], listedOn: [], source: 'hf', updatedAt: '2025-11-19T00:00:00Z', publishedAt: '2017-06-12T00:00:00Z', ...over,
  };
}

function fixturePapers(): Paper[] {
  const raw = JSON.parse(readFileSync(new URL('2025-11-19.json', fixtures), 'utf8')) as Array<{ paper: { id: string; authors: { name: string }[]; publishedAt: string }; title: string }>;
  return raw.map((e) => paper({ id: e.paper.id, title: e.title, authors: e.paper.authors.map((a) => a.name), publishedAt: e.paper.publishedAt }));
}

/** Braces are balanced as BibTeX counts them: every one, backslash or not (`\{` alone unbalances an entry). */
function balanced(s: string): boolean {
  let depth = 0;
  for (const m of s.matchAll(/[{}]/g)) if ((depth += m[0] === '{' ? 1 : -1) < 0) return false;
  return depth === 0;
}

describe('toBibtex', () => {
  it('writes arXiv-style @misc entries', () => {
    expect(toBibtex([paper()])).toBe(
      '@misc{vaswani2017attention,\n  title         = {{Attention Is All You Need}},\n  author        = {Ashish Vaswani and Noam Shazeer},\n' +
        '  year          = {2017},\n  eprint        = {2406.12345},\n  archivePrefix = {arXiv},\n  url           = {https://arxiv.org/abs/2406.12345},\n}\n',
    );
  });

  it('gives old-style ids their primaryClass and year, and omits primaryClass otherwise', () => {
    const out = toBibtex([paper({ id: 'hep-th/9901001', publishedAt: undefined })]);
    expect(out).toContain('primaryClass  = {hep-th}');
    expect(out).toContain('year          = {1999}');
    expect(toBibtex([paper()])).not.toContain('primaryClass');
  });

  it('escapes every special character and keeps braces balanced for hostile titles and authors', () => {
    const nasty = paper({ title: 'a { } % & $ # _ ^ ~ \\ b } {{', authors: ['Tom & Jerry', 'Smith and Wesson', 'Ünïcødé Ñame'] });
    const out = toBibtex([nasty]);
    expect(out).toContain('a \\textbraceleft{} \\textbraceright{} \\% \\& \\$ \\# \\_ \\^{} \\~{} \\textbackslash{} b \\textbraceright{} \\textbraceleft{}\\textbraceleft{}');
    for (const lone of ['A { lone brace', 'Close } here']) expect(balanced(toBibtex([paper({ title: lone, authors: [lone] })]))).toBe(true);
    expect(out).toContain('{Smith and Wesson}');
    expect(out).toContain('Ünïcødé Ñame');
    expect(balanced(out)).toBe(true);
    expect(escapeBibtex('x\u001b[2Jy')).toBe('xy');
  });

  it('gives unique keys that do not depend on input order, over the fixtures and colliding papers', () => {
    const ps = [...fixturePapers(), paper({ id: '1' }), paper({ id: '2' }), paper({ id: '3', title: 'The Attention' })];
    const keys = citationKeys(ps);
    expect(new Set(keys.values()).size).toBe(ps.length);
    expect(citationKeys([...ps].reverse())).toEqual(keys);
    expect([keys.get('1'), keys.get('2'), keys.get('3')]).toEqual(['vaswani2017attentiona', 'vaswani2017attentionb', 'vaswani2017attentionc']);
    const out = toBibtex(ps);
    expect(out.match(/^@misc\{/gm)).toHaveLength(ps.length);
    expect(balanced(out)).toBe(true);
  });

  it('spells letters with no accent to drop in keys, and skips name suffixes', () => {
    expect(toBibtex([paper({ authors: ['Bjørn Ødegård'] })])).toMatch(/^@misc\{odegard2017attention,/);
    expect(toBibtex([paper({ authors: ['Martin Luther King Jr.'] })])).toMatch(/^@misc\{king2017attention,/);
    expect(toBibtex([paper({ authors: ['Ii, Naomasa'] })])).toMatch(/^@misc\{ii2017attention,/);
    expect(toBibtex([paper({ authors: ['Ann ℂhen'] })])).toMatch(/^@misc\{chen2017attention,/);
  });

  it('writes a paper listed twice once, and nothing for no papers', () => {
    expect(toBibtex([paper(), paper()]).match(/@misc/g)).toHaveLength(1);
    expect(toBibtex([])).toBe('');
  });

  it('falls back sensibly when authors, year and title say nothing', () => {
    const out = toBibtex([paper({ id: 'weird id', authors: [], publishedAt: undefined, title: '' })]);
    expect(out).toMatch(/^@misc\{anon,/);
    expect(out).not.toContain('url');
    expect(out).toContain('title         = {{weird id}}');
  });
});
