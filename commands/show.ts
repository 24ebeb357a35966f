// `/paper show <arXiv id or URL>`: one paper in full, from the store, Hugging Face or arXiv.
import { z } from 'zod';
import { defineCommand } from './command.ts';
import { text } from '../src/views.ts';

export const show = defineCommand({
  name: 'show',
  description: 'Show one paper by arXiv id or URL (arxiv.org, huggingface.co/papers).',
  options: [{ name: 'paper', type: 'string', required: true, description: 'arXiv id or URL', maxLength: 300 }],
  schema: z.object({ paper: z.string({ error: 'give an arXiv id or URL' }).trim().min(1, 'give an arXiv id or URL').max(300, 'that is too long for an arXiv id or URL') }),
  examples: ['/paper show 2406.12345', '/paper show https://arxiv.org/abs/2406.12345v2'],
  ephemeral: true,
  slow: true,
  async handler({ paper }, { app }) {
    const found = await app.papers.lookup(paper);
    if (!found) {
      return { ephemeral: true, views: [text(`Neither Hugging Face nor arXiv knows a paper "${paper}". Check the id and try again.`, 'error')] };
    }
    return { ephemeral: true, views: [{ kind: 'paper', card: { paper: found } }] };
  },
});
