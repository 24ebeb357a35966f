// Printing views for the CLI: text, JSON, or exactly what the Slack and Discord adapters would send.
import type { View, PaperCard } from '../views.ts';
import { knownUpvotes, paperLinks } from '../papers/paper.ts';
import { renderText } from '../../adapters/console/render.ts';
import { renderSlack } from '../../adapters/slack/render.ts';
import { renderDiscord } from '../../adapters/discord/render.ts';
import { UserInputError } from '../errors.ts';

export const FORMATS = ['text', 'json', 'slack', 'discord'] as const;
export type Format = (typeof FORMATS)[number];

/** Check a --format value against the ones a command supports. */
export function parseFormat(value: string | undefined, allowed: readonly Format[] = FORMATS): Format {
  const f = (value ?? 'text') as Format;
  if (!allowed.includes(f)) throw new UserInputError(`--format must be one of ${allowed.join(', ')} (got "${value}")`);
  return f;
}

/** The stable JSON shape of a paper in `--format json`. */
export function paperJson(card: PaperCard) {
  const p = card.paper;
  const links = paperLinks(p);
  return {
    id: p.id,
    title: p.title,
    url: links.page,
    arxiv: links.arxiv,
    pdf: links.pdf,
    // null for a paper only arXiv knows: its count is unknown, not 0.
    upvotes: knownUpvotes(p) ?? null,
    score: card.score === undefined ? null : Math.round(card.score * 1e4) / 1e4,
    why: card.why ?? null,
    authors: p.authors,
    publishedAt: p.publishedAt ?? null,
    listedOn: p.listedOn,
    keywords: p.keywords,
    githubRepo: p.githubRepo ?? null,
    summary: p.summary,
  };
}

function cardsOf(view: View): PaperCard[] {
  if (view.kind === 'digest' || view.kind === 'list') return view.cards;
  if (view.kind === 'paper') return [view.card];
  return [];
}

/** Render views in a format; the result ends with a newline. */
export function formatViews(views: View[], format: Format, opts: { channel?: string } = {}): string {
  switch (format) {
    case 'json':
      return `${JSON.stringify({ papers: views.flatMap(cardsOf).map(paperJson) }, null, 2)}\n`;
    case 'slack':
      return `${JSON.stringify(views.flatMap((v) => renderSlack(v, { channel: opts.channel ?? 'C0PAPERBOY' })), null, 2)}\n`;
    case 'discord':
      return `${JSON.stringify(views.flatMap((v) => renderDiscord(v)), null, 2)}\n`;
    default:
      return `${views.map((v) => renderText(v)).join('\n\n')}\n`;
  }
}
