// `/paper search <query>`: full-text search over every paper paperboy has stored.
import { z } from 'zod';
import { defineCommand } from './command.ts';
import { head } from '../src/text/cut.ts';
import { parsePaperRef } from '../src/papers/arxiv-id.ts';
import { text } from '../src/views.ts';
import { unknownPaperText } from './show.ts';

/** Longest query we search for; longer ones are cut with a note. */
export const MAX_QUERY = 300;

/** A typed query as searched: its first MAX_QUERY characters, and whether it was cut (callers say so). */
export function cutQuery(typed: string): { query: string; cut: boolean } {
  return typed.length > MAX_QUERY ? { query: head(typed, MAX_QUERY).trim(), cut: true } : { query: typed, cut: false };
}

export const search = defineCommand({
  name: 'search',
  description: 'Search every paper paperboy knows (title, abstract, authors, keywords).',
  options: [{ name: 'query', type: 'string', required: true, description: 'Words, an arXiv id or a paper URL', maxLength: 6000 }],
  schema: z.object({ query: z.string({ error: 'say what to search for' }).trim().min(1, 'say what to search for') }),
  examples: ['/paper search linear attention', '/paper search 2406.12345'],
  ephemeral: true,
  slow: true,
  async handler({ query }, { app }) {
    const { query: q, cut } = cutQuery(query);
    const hits = await app.search.search(q, { limit: 10 });
    // An id is looked up, not searched for: when nobody knows it, say so as /paper show does, not "try other words".
    if (!hits.length && parsePaperRef(q)) return { ephemeral: true, views: [text(unknownPaperText(q), 'error')] };
    const notes = [cut ? `Your query was cut to its first ${MAX_QUERY} characters.` : undefined];
    return {
      ephemeral: true,
      views: [
        {
          kind: 'list',
          title: `Papers for “${q.length > 80 ? `${head(q, 80)}…` : q}”`,
          cards: hits.map((h, i) => ({ paper: h.paper, rank: i + 1, score: h.score, why: h.why })),
          emptyText: 'No paper matches that yet. Try other words, or /paper show <arXiv id>.',
          note: notes.filter(Boolean).join(' ') || undefined,
        },
      ],
    };
  },
});
