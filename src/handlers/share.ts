// Share: the reply that posts a paper to a channel from a private answer (search results, /paper show).
import type { PaperService } from '../app-services.ts';
import { parsePaperRef } from '../papers/arxiv-id.ts';
import { text, type Reply } from '../views.ts';

/**
 * The paper in full, for everyone in the channel; a private line when paperboy no longer has it (or
 * the button's id is not a paper's). `lookup` reads the store first, then Hugging Face and arXiv.
 * A failed lookup throws: the adapter answers it as any failure.
 */
export async function shareReply(papers: Pick<PaperService, 'lookup'>, paperId: string): Promise<Reply> {
  const paper = parsePaperRef(paperId) ? await papers.lookup(paperId) : undefined;
  if (!paper) return { ephemeral: true, views: [text('That paper is no longer available.', 'error')] };
  return { ephemeral: false, views: [{ kind: 'paper', card: { paper } }] };
}
