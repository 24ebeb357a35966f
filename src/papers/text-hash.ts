// One FNV-1a hash of what the indexes read from a paper: tells a changed paper from one stored again unchanged.
import type { Paper, PaperText } from './paper.ts';

/** FNV-1a over a string's UTF-16 code units, then a separator. */
function mix(h: number, s: string, sep: number): number {
  for (let i = 0; i < s.length; i++) h = Math.imul(h ^ s.charCodeAt(i), 0x01000193);
  return Math.imul(h ^ sep, 0x01000193);
}

/**
 * Hash of a paper's title, abstract, keywords and AI summary, and with `authors` its author names,
 * field by field with a separator after each (no string is built for the whole paper). The ranking
 * corpus skips re-adding a paper whose hash is unchanged; the search snapshot, which also indexes
 * names, tells changed papers apart with `authors`.
 */
export function paperTextHash(p: PaperText & Partial<Pick<Paper, 'authors'>>, opts?: { authors?: boolean }): number {
  let h = 0x811c9dc5;
  h = mix(h, p.title, 0);
  h = mix(h, p.summary, 0);
  for (const k of p.keywords) h = mix(h, k, 1);
  h = mix(h, p.aiSummary ?? '', 0);
  return opts?.authors ? withAuthors(h, { authors: p.authors ?? [] }) : h >>> 0;
}

/** `paperTextHash(p, { authors: true })` from `paperTextHash(p)`, without reading the text again. */
export function withAuthors(textHash: number, p: Pick<Paper, 'authors'>): number {
  let h = textHash;
  for (const a of p.authors) h = mix(h, a, 2);
  return h >>> 0;
}
