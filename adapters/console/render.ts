// Neutral views → plain terminal text: numbered, wrapped, with every control/ANSI sequence stripped.
import type { DigestView, ListView, PaperCard, View } from '../../src/views.ts';
import { paperLinks, upvotesText } from '../../src/papers/paper.ts';
import { cleanBlock, cleanLine, cutText, firstAuthors } from '../../src/text/cut.ts';

/** Column the text wraps at. */
const WIDTH = 88;

/** Word-wrap one line of clean text at `width` columns, each line prefixed with `indent`. */
function wrap(text: string, indent: string, width = WIDTH): string {
  const room = Math.max(20, width - indent.length);
  const lines: string[] = [];
  let line = '';
  for (const word of text.split(' ')) {
    if (line && line.length + 1 + word.length > room) {
      lines.push(line);
      line = '';
    }
    // A word longer than a line (a URL, an unbroken title) stays whole on its own line.
    line = line ? `${line} ${word}` : word;
  }
  if (line) lines.push(line);
  return lines.map((l) => indent + l).join('\n');
}

/** Only http(s) links are printed; anything else (`javascript:`, junk) is left out. */
function httpUrl(raw: string | undefined): string | undefined {
  if (!raw) return undefined;
  try {
    const url = new URL(cleanLine(raw));
    return url.protocol === 'https:' || url.protocol === 'http:' ? url.href : undefined;
  } catch {
    return undefined;
  }
}

function card(c: PaperCard, n: number, full: boolean): string {
  const { paper } = c;
  const num = full && !c.rank ? '' : `${String(c.rank ?? n).padStart(2)}. `;
  const pad = ' '.repeat(num.length);
  const title = cutText(paper.title, { maxChars: full ? 1000 : 300 }) || paper.id;
  const by = [firstAuthors(paper.authors, full ? 10 : 3), upvotesText(paper), `arXiv ${cutText(paper.id, { maxChars: 60 })}`];
  const out = [num + wrap(title, pad).slice(pad.length), wrap(by.filter(Boolean).join(' · '), pad)];
  if (c.why) out.push(wrap(`why: ${cutText(c.why, { maxChars: 300 })}`, pad));
  if (full && paper.aiSummary) out.push(wrap(`TL;DR: ${cutText(paper.aiSummary, { maxChars: 1000 })}`, pad));
  const abstract = full ? cutText(paper.summary, { maxChars: 4000 }) : cutText(paper.summary, { maxChars: 500, maxSentences: 3 });
  if (abstract) out.push('', wrap(abstract, pad), '');
  if (full && paper.keywords.length) out.push(wrap(`keywords: ${cutText(paper.keywords.join(', '), { maxChars: 500 })}`, pad));
  const l = paperLinks(paper);
  const links = [l.hf, l.arxiv, l.pdf, l.code, l.project].map(httpUrl).filter((u): u is string => Boolean(u) && u!.length <= 500);
  out.push(...links.map((u) => pad + u));
  return out.join('\n');
}

function digest(view: DigestView): string {
  const topics = view.topics.length ? `topics: ${cutText(view.topics.join(', '), { maxChars: 300 })}` : 'most upvoted';
  const head = `Hugging Face Daily Papers · ${cutText(view.date, { maxChars: 40 })} · ${topics} · ${view.cards.length} paper${view.cards.length === 1 ? '' : 's'}`;
  if (!view.cards.length) return `${head}\n\n${cleanBlock(view.emptyText ?? 'No papers for this day.')}`;
  return [head, ...view.cards.map((c, i) => card(c, i + 1, false))].join('\n\n');
}

function list(view: ListView): string {
  const head = cutText(view.title, { maxChars: 300 });
  const body = view.cards.length
    ? view.cards.map((c, i) => card({ ...c, paper: { ...c.paper, summary: '' } }, i + 1, false)).join('\n\n')
    : cleanBlock(view.emptyText ?? 'Nothing to show.');
  return [head, body, view.note ? cleanBlock(view.note) : ''].filter(Boolean).join('\n\n');
}

/**
 * Render a view as terminal text (the console channel and `paperboy … --format text`): a header
 * line, then numbered papers with authors, upvotes, why, a cut abstract and links. Control
 * characters and ANSI escape sequences in any text are removed, so a title cannot drive the terminal.
 */
export function renderText(view: View): string {
  switch (view.kind) {
    case 'digest':
      return digest(view);
    case 'list':
      return list(view);
    case 'paper':
      return card(view.card, view.card.rank ?? 1, !view.inDigest);
    case 'text':
      return `${view.tone === 'error' ? 'error: ' : ''}${cleanBlock(view.text)}`;
    case 'file':
      return `${cleanLine(view.filename)}${view.comment ? ` (${cleanLine(view.comment)})` : ''}\n\n${cleanBlock(view.content)}`;
  }
}
