// Saved papers as BibTeX: arXiv-style @misc entries with stable, unique citation keys.
import type { Paper } from '../papers/paper.ts';
import { paperLinks } from '../papers/paper.ts';
import { cleanLine } from '../text/cut.ts';
import { foldAccents } from '../search/text.ts';

const SPECIAL: Record<string, string> = {
  '\\': '\\textbackslash{}', '{': '\\textbraceleft{}', '}': '\\textbraceright{}', '%': '\\%', '&': '\\&', $: '\\$', '#': '\\#', _: '\\_', '^': '\\^{}', '~': '\\~{}',
};

/**
 * Escape BibTeX/LaTeX special characters (`{ } % & $ # _ ^ ~ \`); Unicode is kept (NFC), control characters dropped.
 * Braces become `\textbraceleft{}`: BibTeX counts every brace, escaped or not, so `\{` alone unbalanced the entry.
 */
export function escapeBibtex(text: string): string {
  return cleanLine(text).normalize('NFC').replace(/[\\{}%&$#_^~]/g, (c) => SPECIAL[c]!);
}

/** Title words that never make a citation key. */
const STOP = new Set(['a', 'an', 'the', 'on', 'of', 'in', 'for', 'to', 'and', 'with', 'towards', 'toward', 'is', 'are', 'via', 'from', 'by', 'at']);

/** Lowercase ASCII letters and digits only: `Müller-Lüdenscheidt` → `mullerludenscheidt`, `Ødegård` → `odegard`. */
function asciiWord(s: string): string {
  // NFKD first: letters with no lower case of their own (ℂ, 𝐀) become plain capitals, then lower-case.
  return foldAccents(s.normalize('NFKD').toLowerCase()).replace(/[^a-z0-9]/g, '');
}

/** Name suffixes that are not the family name (`Martin Luther King Jr.`). */
const SUFFIXES = new Set(['jr', 'sr', 'ii', 'iii', 'iv']);

/** The family name of the first author: `Last, First` or the last word with a letter in it. */
function lastName(authors: readonly string[]): string {
  const first = cleanLine(authors[0] ?? '');
  const inverted = first.includes(',');
  const words = inverted ? [first.split(',')[0]!] : first.split(' ').reverse();
  for (const [i, w] of words.entries()) {
    const ascii = asciiWord(w);
    // A suffix (`King Jr.`) is skipped when a name comes before it; alone, or written `Ii, Naomasa`, it is the name.
    const suffix = !inverted && i < words.length - 1 && SUFFIXES.has(ascii);
    if (/[a-z]/.test(ascii) && !STOP.has(ascii) && !suffix) return ascii.replace(/^[0-9]+/, '');
  }
  return 'anon';
}

/** Year of publication: `publishedAt`, else from a new-style (`2406.…`) or old-style (`hep-th/9901…`) id. */
export function paperYear(paper: Pick<Paper, 'id' | 'publishedAt'>): string | undefined {
  const published = /^(\d{4})-/.exec(paper.publishedAt ?? '');
  if (published) return published[1];
  const modern = /^(\d{2})(\d{2})\.\d{4,5}$/.exec(paper.id);
  if (modern) return `20${modern[1]}`;
  const old = /^[a-z-]+(?:\.[A-Z]{2})?\/(\d{2})\d{5}$/.exec(paper.id);
  if (old) return `${Number(old[1]) >= 91 ? 19 : 20}${old[1]}`;
  return undefined;
}

/** `lastname` + year + first significant title word, e.g. `vaswani2017attention`. */
function baseKey(paper: Paper): string {
  const word = cleanLine(paper.title).split(/[\s\-:–—]+/).map(asciiWord).find((w) => w && !STOP.has(w)) ?? '';
  return `${lastName(paper.authors)}${paperYear(paper) ?? ''}${word.slice(0, 24)}`;
}

/**
 * Citation keys for papers, unique and stable: colliding keys get `a`, `b`, … in paper-id order,
 * so the same set of papers always gets the same keys whatever order they come in.
 */
export function citationKeys(papers: readonly Paper[]): Map<string, string> {
  const groups = new Map<string, string[]>();
  for (const p of papers) {
    const base = baseKey(p);
    const ids = groups.get(base) ?? [];
    if (!ids.includes(p.id)) ids.push(p.id);
    groups.set(base, ids);
  }
  const keys = new Map<string, string>();
  const used = new Set<string>();
  for (const [base, ids] of [...groups].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) {
    const sorted = [...ids].sort();
    sorted.forEach((id, i) => {
      let key = sorted.length === 1 ? base : `${base}${suffix(i)}`;
      // A suffixed key can meet another paper's base key (`smith2024b`): keep suffixing until unique.
      for (let j = 0; used.has(key); j++) key = `${base}${suffix(i)}${suffix(j)}`;
      used.add(key);
      keys.set(id, key);
    });
  }
  return keys;
}

/** 0 → a, 25 → z, 26 → aa, … */
function suffix(i: number): string {
  return (i >= 26 ? suffix(Math.floor(i / 26) - 1) : '') + String.fromCharCode(97 + (i % 26));
}

/** One author name for the `author` field; a name containing the word "and" is braced. */
function authorName(name: string): string {
  const escaped = escapeBibtex(name);
  return /\band\b/i.test(escaped) ? `{${escaped}}` : escaped;
}

function entry(paper: Paper, key: string): string {
  const fields: [string, string][] = [
    ['title', `{${escapeBibtex(paper.title) || escapeBibtex(paper.id)}}`],
    ['author', paper.authors.map(authorName).filter(Boolean).join(' and ')],
    ['year', paperYear(paper) ?? ''],
    ['eprint', escapeBibtex(paper.id)],
    ['archivePrefix', 'arXiv'],
    // Old-style ids carry their archive (`hep-th/9901001`); new-style ids don't say, so it is omitted.
    ['primaryClass', /^([a-z-]+(?:\.[A-Z]{2})?)\//.exec(paper.id)?.[1] ?? ''],
    // URL fields are verbatim in biblatex: only a URL that needs no escaping is written.
    ['url', /^[A-Za-z0-9:/.\-]+$/.test(paperLinks(paper).arxiv) ? paperLinks(paper).arxiv : ''],
  ];
  const body = fields.filter(([, v]) => v).map(([k, v]) => `  ${k.padEnd(13)} = {${v}},`);
  return `@misc{${key},\n${body.join('\n')}\n}`;
}

/**
 * BibTeX for papers, one `@misc` entry each in the order given (a paper listed twice appears
 * once), in arXiv's own style: `eprint`, `archivePrefix = {arXiv}`, `primaryClass` when known, `url`.
 */
export function toBibtex(papers: readonly Paper[]): string {
  const keys = citationKeys(papers);
  const seen = new Set<string>();
  const entries: string[] = [];
  for (const p of papers) {
    if (seen.has(p.id)) continue;
    seen.add(p.id);
    entries.push(entry(p, keys.get(p.id)!));
  }
  return entries.length ? `${entries.join('\n\n')}\n` : '';
}
