// Saved papers as a Markdown reading list: numbered, linked, with authors, year and a short abstract.
import type { Paper } from '../papers/paper.ts';
import { paperLinks, upvotesText } from '../papers/paper.ts';
import { cutText, firstAuthors } from '../text/cut.ts';
import { paperYear } from './bibtex.ts';

import { safeHttpUrl } from '../text/safe-url.ts';

/** Escape Markdown (CommonMark/GFM) inline syntax, HTML and entities, and a leading list marker, so text renders as written. */
export function escapeMarkdown(text: string): string {
  return text
    .replace(/[\\`*_{}[\]()<>#|~]/g, '\\$&')
    .replace(/&(?=#?[a-z0-9]+;)/gi, '&amp;')
    .replace(/^(?:([-+])|(\d+)([.)]))/, (_m, mark?: string, num?: string, dot?: string) => (mark ? `\\${mark}` : `${num}\\${dot}`))
    .replace(/@(everyone|here|channel)/giu, '@\u200b$1');
}

/** An http(s) URL usable as a Markdown link target (parentheses, spaces and `<>` encoded), else undefined. */
function linkUrl(raw: string | undefined): string | undefined {
  return safeHttpUrl(raw, { maxLength: 2000, encode: /[()<>\s"`]/gu });
}

const link = (label: string, url: string | undefined): string => {
  const safe = linkUrl(url);
  return safe ? `[${label}](${safe})` : label;
};

function item(paper: Paper, n: number): string {
  const l = paperLinks(paper);
  const title = cutText(paper.title, { maxChars: 500, escape: escapeMarkdown }) || escapeMarkdown(paper.id);
  const meta = [cutText(firstAuthors(paper.authors, 3), { maxChars: 300, escape: escapeMarkdown }), paperYear(paper), upvotesText(paper)];
  const links = [link('arXiv', l.arxiv), link('PDF', l.pdf), l.code && linkUrl(l.code) ? link('code', l.code) : '', l.project && linkUrl(l.project) ? link('project', l.project) : ''];
  const abstract = cutText(paper.summary, { maxChars: 600, maxSentences: 3, escape: escapeMarkdown });
  // Lines inside the item are indented as wide as its marker (`10. ` is four): less, and they fall out of the list.
  const pad = ' '.repeat(`${n}. `.length);
  const lines = [`${n}. **${link(title, l.page)}**`, `${pad}${meta.filter(Boolean).join(' · ')}`, `${pad}${links.filter(Boolean).join(' · ')}`];
  // Two trailing spaces: a Markdown line break inside the list item.
  return lines.join('  \n') + (abstract ? `\n\n${pad}> ${abstract}` : '');
}

/**
 * A Markdown reading list: `# title`, then each paper (in the order given, duplicates once)
 * numbered with its linked title, first authors, year, upvotes, links and a short abstract.
 */
export function toMarkdown(papers: readonly Paper[], { title }: { title: string }): string {
  const seen = new Set<string>();
  const unique = papers.filter((p) => !seen.has(p.id) && Boolean(seen.add(p.id)));
  const head = `# ${cutText(title, { maxChars: 200, escape: escapeMarkdown }) || 'Papers'}`;
  const count = `${unique.length} paper${unique.length === 1 ? '' : 's'}`;
  const body = unique.length ? unique.map((p, i) => item(p, i + 1)).join('\n\n') : '_No papers yet._';
  return `${head}\n\n${count}\n\n${body}\n`;
}
