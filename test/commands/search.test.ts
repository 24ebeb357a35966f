// /paper search: what it answers when a query finds nothing.
import { describe, expect, it } from 'vitest';
import { search } from '../../commands/search.ts';
import type { SearchService } from '../../src/app-services.ts';

const answer = (query: string, hits: Awaited<ReturnType<SearchService['search']>> = []) =>
  search.handler({ query }, { app: { search: { search: async () => hits } } } as never);

describe('/paper search', () => {
  it('says an id nobody knows is unknown, as /paper show does, instead of "try other words"', async () => {
    for (const query of ['2406.99999', 'https://arxiv.org/abs/2406.99999v2']) {
      const reply = await answer(query);
      expect(reply.views).toEqual([{ kind: 'text', tone: 'error', text: `Neither Hugging Face nor arXiv knows a paper "${query}". Check the id and try again.` }]);
    }
  });

  it('suggests other words when words match nothing', async () => {
    const [view] = (await answer('quantum gravity')).views;
    expect(view).toMatchObject({ kind: 'list', cards: [], emptyText: 'No paper matches that yet. Try other words, or /paper show <arXiv id>.' });
  });
});
