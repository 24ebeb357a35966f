// `/paper unsave <arXiv id or URL>`: take a paper out of your saved papers, wherever you saved it.
import { z } from 'zod';
import { defineCommand } from './command.ts';
import { parsePaperRef } from '../src/papers/arxiv-id.ts';
import { text } from '../src/views.ts';

export const unsave = defineCommand({
  name: 'unsave',
  description: 'Take a paper out of your saved papers (one saved with a button has no reaction to remove).',
  options: [{ name: 'paper', type: 'string', required: true, description: 'arXiv id or URL', maxLength: 300 }],
  schema: z.object({ paper: z.string({ error: 'give an arXiv id or URL' }).trim().min(1, 'give an arXiv id or URL').max(300, 'that is too long for an arXiv id or URL') }),
  examples: ['/paper unsave 2406.12345'],
  ephemeral: true,
  async handler({ paper }, { app, invocation }) {
    const id = parsePaperRef(paper);
    if (!id) return { ephemeral: true, views: [text(`"${paper}" is not an arXiv id or URL; /paper saved lists yours.`, 'error')] };
    const { platform, userId } = invocation;
    const saves = (await app.stores.saves.byUser(platform, userId)).filter((s) => s.paperId === id && s.kind === 'save');
    if (!saves.length) return { ephemeral: true, views: [text(`${id} is not in your saved papers; /paper saved lists them.`)] };
    // As if the reaction were taken off, in each channel it was saved in: the channel's ranking forgets it too.
    for (const s of saves) await app.handleReaction({ platform, channelId: s.channelId, userId, messageId: '', emoji: app.config.saveEmoji, added: false, paperId: id });
    const left = (await app.stores.saves.byUser(platform, userId)).some((s) => s.paperId === id && s.kind === 'save');
    if (left) return { ephemeral: true, views: [text(`Could not take ${id} out of your saved papers just now; please try again.`, 'error')] };
    const stored = await app.stores.papers.get(id);
    return { ephemeral: true, views: [text(`Removed ${stored ? `“${stored.title}”` : id} from your saved papers.`, 'success')] };
  },
});
