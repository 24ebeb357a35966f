// `/paper unsave <arXiv id or URL>`: take a paper out of your saved papers, wherever you saved it.
import { defineCommand } from './command.ts';
import { PAPER_OPTION, paperArgs } from './paper-option.ts';
import { parsePaperRef } from '../src/papers/arxiv-id.ts';
import { text } from '../src/views.ts';

export const unsave = defineCommand({
  name: 'unsave',
  description: 'Take a paper out of your saved papers (one saved with a button has no reaction to remove).',
  options: [PAPER_OPTION],
  schema: paperArgs,
  examples: ['/paper unsave 2406.12345'],
  ephemeral: true,
  async handler({ paper }, { app, invocation }) {
    const id = parsePaperRef(paper);
    if (!id) return { ephemeral: true, views: [text(`"${paper}" is not an arXiv id or URL; /paper saved lists yours.`, 'error')] };
    const { platform, userId } = invocation;
    const saves = (await app.stores.saves.byUser(platform, userId)).filter((s) => s.paperId === id && s.kind === 'save');
    if (!saves.length) return { ephemeral: true, views: [text(`${id} is not in your saved papers; /paper saved lists them.`)] };
    try {
      // Each channel's ranking reads its saves on its next digest: taking them out of the store is all it takes.
      for (const s of saves) await app.stores.saves.remove(s);
    } catch (err) {
      app.logger.error({ err, paper: id, user: userId }, 'unsave failed');
      return { ephemeral: true, views: [text(`Could not take ${id} out of your saved papers just now; please try again.`, 'error')] };
    }
    const stored = await app.stores.papers.get(id);
    return { ephemeral: true, views: [text(`Removed ${stored ? `“${stored.title}”` : id} from your saved papers.`, 'success')] };
  },
});
