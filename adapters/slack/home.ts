// The App Home tab: the person's saved papers, newest first.
import type { webApi } from '@slack/bolt';
import type { App } from '../../src/app-services.ts';
import type { PaperCard } from '../../src/views.ts';
import { savedPapers } from '../../src/store/save-store.ts';
import { nothingSaved } from '../../commands/saved.ts';
import { SLACK_ACTIONS } from './render.ts';
import { renderMessages } from './messages.ts';

/** Slack allows 100 blocks in a Home view. */
export const HOME_MAX_BLOCKS = 100;
/** Saved papers shown on the Home tab; `/paper saved` pages through the rest. */
export const HOME_MAX_PAPERS = 20;

/** Build the Home view for a person from their saves. */
export async function buildHomeView(app: App, userId: string): Promise<webApi.HomeView> {
  const saves = savedPapers(await app.stores.saves.byUser('slack', userId));
  const shown = saves.slice(0, HOME_MAX_PAPERS);
  const papers = await app.stores.papers.getMany(shown.map((s) => s.paperId));
  const cards: PaperCard[] = shown.flatMap((s) => {
    const paper = papers.get(s.paperId);
    return paper ? [{ paper }] : [];
  });
  const more = saves.length - shown.length;
  const rendered = renderMessages(
    {
      kind: 'list',
      title: 'Your saved papers',
      cards,
      emptyText: nothingSaved(app.config.saveEmoji),
      note: more > 0 ? `${more} more: /paper saved pages through them all.` : undefined,
    },
    userId,
  );
  // Share needs a channel, and the Home tab has none: drop those buttons.
  const blocks = rendered
    .flatMap((m) => (m.args as { blocks?: webApi.KnownBlock[] }).blocks ?? [])
    .map((b) => (b.type === 'section' && b.accessory?.type === 'button' && b.accessory.action_id === SLACK_ACTIONS.share ? { ...b, accessory: undefined } : b));
  return { type: 'home', blocks: blocks.slice(0, HOME_MAX_BLOCKS) };
}

/** Publish the Home tab for a person. */
export async function publishHome(client: webApi.WebClient, app: App, userId: string): Promise<void> {
  const view = await buildHomeView(app, userId);
  await client.views.publish({ user_id: userId, view });
}
