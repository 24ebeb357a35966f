// Bolt listeners: `/paper`, reactions, Save / Not-for-us / Share buttons and the App Home tab.
import type { App as BoltApp, BlockButtonAction, RespondFn } from '@slack/bolt';
import { COMMAND_NAME } from '../../commands/index.ts';
import type { App } from '../../src/app-services.ts';
import { shareReply } from '../../src/handlers/share.ts';
import { buttonReaction, toInvocation, toReaction, type ReactionEventPayload } from './invocation.ts';
import { publishHome } from './home.ts';
import { SLACK_ACTIONS } from './render.ts';
import { unknownButtonText } from '../../src/handlers/reaction-handler.ts';
import { contentOf, renderMessages } from './messages.ts';
import { sendEphemeral, sendReply, type ReplyContext, type ReplyTarget } from './reply.ts';

/** What the listeners need: the running app and the means to answer. */
export interface ListenerDeps extends ReplyContext {
  app: App;
}

/** A kind private line for a person, rendered like every other text. */
function say(deps: ListenerDeps, target: ReplyTarget, text: string, tone: 'info' | 'success' | 'error' = 'info'): Promise<void> {
  const message = renderMessages({ kind: 'text', text, tone }, target.channelId)[0];
  return message ? sendEphemeral(deps, target, contentOf(message.args)) : Promise.resolve();
}

/** Register every paperboy listener on a Bolt app. Each one is a catch point: it logs and never throws. */
export function registerListeners(bolt: BoltApp, deps: ListenerDeps): void {
  const { app, logger } = deps;

  bolt.command(`/${COMMAND_NAME}`, async ({ command, ack, respond }) => {
    // Acknowledge first: Slack gives 3 s, and search or digest may take longer.
    await ack();
    const inv = toInvocation(command);
    const target: ReplyTarget = { channelId: command.channel_id, userId: command.user_id, respond };
    const log = logger.child({ command: inv.name, channel: inv.channelId, user: inv.userId });
    try {
      const reply = await app.handleCommand(inv);
      await sendReply(deps, target, reply);
    } catch (err) {
      log.error({ err }, 'answering a slash command failed');
      await say(deps, target, 'Sorry, something went wrong answering that. Please try again in a moment.', 'error').catch(() => undefined);
    }
  });

  const onReaction = async ({ event, body }: { event: ReactionEventPayload; body: { team_id?: string; event_id?: string } }) => {
    // The event's id goes with it: Slack delivers an event again (same event_id) when it missed the ack.
    const reaction = toReaction(event, body.team_id, body.event_id);
    if (!reaction) return;
    try {
      await app.handleReaction(reaction);
    } catch (err) {
      logger.error({ err, channel: reaction.channelId, emoji: reaction.emoji }, 'handling a reaction failed');
    }
  };
  bolt.event('reaction_added', onReaction);
  bolt.event('reaction_removed', onReaction);

  for (const actionId of [SLACK_ACTIONS.save, SLACK_ACTIONS.dismiss]) {
    bolt.action<BlockButtonAction>(actionId, async ({ ack, body, action, respond }) => {
      await ack();
      const reaction = buttonReaction(body, actionId, action.value ?? '');
      if (!reaction) return;
      const target: ReplyTarget = { channelId: reaction.channelId, userId: reaction.userId, respond };
      try {
        const confirmation = await app.handleReaction(reaction);
        if (confirmation) await say(deps, target, confirmation.text, confirmation.tone);
      } catch (err) {
        logger.error({ err, action: actionId, channel: reaction.channelId }, 'handling a button failed');
        await say(deps, target, 'Sorry, that did not work. Please try again.', 'error').catch(() => undefined);
      }
    });
  }

  bolt.action<BlockButtonAction>(SLACK_ACTIONS.share, async ({ ack, body, action, respond }) => {
    await ack();
    const channelId = body.channel?.id ?? body.container?.channel_id;
    if (!channelId) return;
    await share(deps, { channelId, userId: body.user.id, respond }, action.value ?? '');
  });

  // A button of paperboy's this version does not know (an older message's): answered, not left spinning.
  const known = new Set<string>(Object.values(SLACK_ACTIONS));
  bolt.action<BlockButtonAction>(/^paperboy[_:]/, async ({ ack, body, action, respond }) => {
    if (known.has(action.action_id)) return;
    await ack();
    const channelId = body.channel?.id ?? body.container?.channel_id;
    logger.warn({ action: action.action_id.slice(0, 100), user: body.user.id }, 'unknown button pressed; told the person it no longer works');
    if (!channelId) return;
    await say(deps, { channelId, userId: body.user.id, respond }, unknownButtonText(app.config.saveEmoji), 'error').catch(() => undefined);
  });

  bolt.event('app_home_opened', async ({ event }) => {
    if (event.tab !== 'home') return;
    try {
      await publishHome(deps.client, app, event.user);
    } catch (err) {
      logger.error({ err, user: event.user }, 'publishing the App Home tab failed');
    }
  });

  bolt.error(async (err) => {
    logger.error({ err: err.message, code: (err as { code?: string }).code }, 'bolt reported an error');
  });
}

/** Post a paper from a private answer to the channel, then confirm privately. */
async function share(deps: ListenerDeps, target: ReplyTarget & { respond: RespondFn }, paperId: string): Promise<void> {
  try {
    const reply = await shareReply(deps.app.papers, paperId);
    const shared = await sendReply(deps, target, reply);
    if (!reply.ephemeral && shared) await say(deps, target, 'Shared to the channel.', 'success');
  } catch (err) {
    deps.logger.error({ err, paperId, channel: target.channelId }, 'sharing a paper failed');
    await say(deps, target, 'Sorry, sharing that paper did not work.', 'error').catch(() => undefined);
  }
}
