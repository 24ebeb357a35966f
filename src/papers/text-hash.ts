// One FNV-1a hash of what the indexes read from a paper: tells a changed paper from one stored again unchanged.
import type { Paper } from './paper.ts';

/**
 * Hash of a paper's title, abstract, keywords and AI summary, and with `authors` its author names,
 * field by field with a separator after each (no string is built for the whole paper). The ranking
 * corpus skips re-adding a paper whose hash is unchanged; the search snapshot, which also indexes
 * names, tells changed papers apart with `authors`.
 */
export function paperTextHash(p: Paper, opts: { authors?: boolean } = {}): number {
  let h = 0x811c9dc5;
  const mix = (s: string, sep: number): void => {
    for (let i = 0; i < s.length; i++) h = Math.imul(h ^ s.charCodeAt(i), 0x01000193);
    h = Math.imul(h ^ sep, 0x01000193);
  };
  mix(p.title, 0);
  mix(p.summary, 0);
  for (const k of p.keywords) mix(k, 1);
  mix(p.aiSummary ?? '', 0);
  if (opts.authors) for (const a of p.authors) mix(a, 2);
  return h >>> 0;
}
