// `/paper show <arXiv id or URL>`: one paper in full, from the store, Hugging Face or arXiv.
import { defineCommand } from './command.ts';
import { PAPER_OPTION, paperArgs } from './paper-option.ts';
import { text } from '../src/views.ts';

/** What /paper show (and /paper search, given an id) says when no source knows the paper. */
export const unknownPaperText = (ref: string): string => `Neither Hugging Face nor arXiv knows a paper "${ref}". Check the id and try again.`;

export const show = defineCommand({
  name: 'show',
  description: 'Show one paper by arXiv id or URL (arxiv.org, huggingface.co/papers).',
  options: [PAPER_OPTION],
  schema: paperArgs,
  examples: ['/paper show 2406.12345', '/paper show https://arxiv.org/abs/2406.12345v2'],
  ephemeral: true,
  slow: true,
  async handler({ paper }, { app }) {
    const found = await app.papers.lookup(paper);
    if (!found) {
      return { ephemeral: true, views: [text(unknownPaperText(paper), 'error')] };
    }
    return { ephemeral: true, views: [{ kind: 'paper', card: { paper: found } }] };
  },
});
