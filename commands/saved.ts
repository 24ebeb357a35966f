// `/paper saved [page N] [export bibtex|markdown]`: the papers you saved, newest first.
import { z } from 'zod';
import { wholeNumber } from '../src/text/whole-number.ts';
import { defineCommand, type OptionSpec } from './command.ts';
import { optionPhrase, syntaxOf } from './registry.ts';
import { PAPER_OPTION } from './paper-option.ts';
import { text } from '../src/views.ts';
import { toBibtex } from '../src/export/bibtex.ts';
import { toMarkdown } from '../src/export/markdown.ts';
import type { Paper } from '../src/papers/paper.ts';
import { savedPapers } from '../src/store/save-store.ts';
import { emojiGlyph } from '../src/handlers/reaction-handler.ts';

/** Saved papers shown per page. */
export const SAVED_PAGE_SIZE = 10;

/** What someone with no saved papers is told, wherever their list is shown (here, Slack's Home tab). */
export const nothingSaved = (saveEmoji: string): string => `Nothing saved yet. React with ${emojiGlyph(saveEmoji)} on a paper, or press its Save button.`;

const PAGE: OptionSpec = { name: 'page', type: 'integer', keyword: 'page', min: 1, max: 1000, example: '2', description: 'Page number' };

export const saved = defineCommand({
  name: 'saved',
  description: 'Your saved papers, newest first; export them as BibTeX or Markdown.',
  options: [
    PAGE,
    { name: 'export', type: 'string', keyword: 'export', choices: ['bibtex', 'markdown'], description: 'Send a file instead' },
  ],
  schema: z.object({
    page: wholeNumber('page must be a whole number from 1 to 1000').pipe(z.number().min(1, 'pages start at 1').max(1000, 'pages stop at 1000')).default(1),
    export: z.string().trim().toLowerCase().pipe(z.enum(['bibtex', 'markdown'], { error: 'export bibtex or export markdown' })).optional(),
  }),
  examples: ['/paper saved', '/paper saved page 2', '/paper saved export bibtex'],
  ephemeral: true,
  async handler(args, { app, invocation }) {
    const saves = savedPapers(await app.stores.saves.byUser(invocation.platform, invocation.userId));
    const found = await app.stores.papers.getMany(saves.map((s) => s.paperId));
    // A save whose paper cannot be read (its stored row is damaged) is still listed, by its id, so it can be unsaved.
    const listed = saves.map((s) => found.get(s.paperId) ?? unreadable(s.paperId, s.at));
    const papers = listed.filter((p) => found.has(p.id));
    const nothing = nothingSaved(app.config.saveEmoji);
    // An empty file would only make the person open it to find nothing.
    if (args.export && !papers.length) return { ephemeral: true, views: [text(`${nothing} Then export them here.`)] };
    if (args.export) {
      const left = listed.length - papers.length;
      const bib = args.export === 'bibtex';
      return {
        ephemeral: true,
        views: [
          {
            kind: 'file',
            filename: bib ? 'paperboy-saved.bib' : 'paperboy-saved.md',
            mimeType: bib ? 'application/x-bibtex' : 'text/markdown',
            content: bib ? toBibtex(papers) : toMarkdown(papers, { title: 'Saved papers' }),
            comment: `${papers.length} saved paper${papers.length === 1 ? '' : 's'}${left ? ` (${left} left out: ${left === 1 ? 'its details' : 'their details'} could not be read)` : ''}`,
          },
        ],
      };
    }
    const pages = Math.max(1, Math.ceil(listed.length / SAVED_PAGE_SIZE));
    const page = Math.min(args.page, pages);
    const shown = listed.slice((page - 1) * SAVED_PAGE_SIZE, page * SAVED_PAGE_SIZE);
    const syntax = syntaxOf(invocation);
    const pageNote = pages > 1 ? [`Page ${page} of ${pages}`, ...(page < pages ? [`next: /paper saved ${optionPhrase(PAGE, page + 1, syntax)}`] : [])] : [];
    return {
      ephemeral: true,
      views: [
        {
          kind: 'list',
          title: `Your saved papers (${listed.length})`,
          cards: shown.map((paper, i) => ({ paper, rank: (page - 1) * SAVED_PAGE_SIZE + i + 1 })),
          emptyText: nothing,
          note: listed.length ? [...pageNote, `to remove one: /paper unsave ${optionPhrase(PAPER_OPTION, '<arXiv id>', syntax)}`].join(' · ') : undefined,
        },
      ],
    };
  },
});

/** A saved paper whose stored details cannot be read: its id and link, and what happened. */
function unreadable(id: string, savedAt: string): Paper {
  return { id, title: `arXiv ${id} (its details could not be read)`, summary: '', authors: [], upvotes: 0, keywords: [], listedOn: [], source: 'arxiv', updatedAt: savedAt };
}
