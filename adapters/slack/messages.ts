// Which paper each rendered Slack message shows, so reactions on it can be resolved later.
import type { View } from '../../src/views.ts';
import type { webApi } from '@slack/bolt';
import { renderSlack } from './render.ts';

/** One chat.postMessage argument object and the paper it shows, if exactly one. */
export interface RenderedMessage {
  args: webApi.ChatPostMessageArguments;
  paperId?: string;
}

/** Render a view for a channel and say which paper each message shows (digest: header, then one per card). */
export function renderMessages(view: View, channel: string): RenderedMessage[] {
  const messages = renderSlack(view, { channel }) as webApi.ChatPostMessageArguments[];
  const ids: (string | undefined)[] =
    view.kind === 'paper'
      ? [view.card.paper.id]
      : view.kind === 'digest' && messages.length === view.cards.length + 1
        ? [undefined, ...view.cards.map((c) => c.paper.id)]
        : [];
  return messages.map((args, i) => ({ args, paperId: ids[i] }));
}

/** The text and blocks of a message, for response_url, chat.postEphemeral and App Home. */
export function contentOf(args: webApi.ChatPostMessageArguments): { text: string; blocks?: unknown[] } {
  const a = args as { text?: string; blocks?: unknown[] };
  return { text: a.text ?? '', ...(a.blocks ? { blocks: a.blocks } : {}) };
}
