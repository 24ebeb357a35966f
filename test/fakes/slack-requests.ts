// Requests as Slack sends them to paperboy: signed, form-encoded commands and actions, JSON events.
import { createHmac } from 'node:crypto';

/** What Slack sends with a request: the v0 signature over `v0:{timestamp}:{body}`. */
export function slackSignature(secret: string, timestamp: number, body: string): string {
  return `v0=${createHmac('sha256', secret).update(`v0:${timestamp}:${body}`).digest('hex')}`;
}

/** Options for sending a request the way Slack does. */
export interface SendOptions {
  secret?: string;
  /** Seconds since the epoch; default now. */
  timestamp?: number;
  /** Override the signature header (or `null` to leave it out). */
  signature?: string | null;
  contentType?: string;
  /** More headers, as Slack adds to an event it delivers again (`x-slack-retry-num`, `x-slack-retry-reason`). */
  headers?: Record<string, string>;
}

/** POST a body to paperboy's /slack/events as Slack would, signed with `secret`. */
export async function sendToPaperboy(url: string, body: string, opts: SendOptions = {}): Promise<{ status: number; text: string }> {
  const timestamp = opts.timestamp ?? Math.floor(Date.now() / 1000);
  const headers: Record<string, string> = {
    'content-type': opts.contentType ?? 'application/x-www-form-urlencoded',
    'x-slack-request-timestamp': String(timestamp),
    ...opts.headers,
  };
  const signature = opts.signature === undefined ? slackSignature(opts.secret ?? '', timestamp, body) : opts.signature;
  if (signature !== null) headers['x-slack-signature'] = signature;
  const res = await fetch(url, { method: 'POST', headers, body });
  return { status: res.status, text: await res.text() };
}

/** A slash command body, form-encoded like Slack's. */
export function slashCommandBody(text: string, o: { user?: string; channel?: string; responseUrl: string; team?: string }): string {
  return new URLSearchParams({
    token: 'deprecated-verification-token',
    team_id: o.team ?? 'T1',
    team_domain: 'fake',
    channel_id: o.channel ?? 'C1',
    channel_name: 'papers',
    user_id: o.user ?? 'U1',
    user_name: 'ada',
    command: '/paper',
    text,
    api_app_id: 'A1',
    response_url: o.responseUrl,
    trigger_id: '1.2.3',
  }).toString();
}

/** An Events API `reaction_added` / `reaction_removed` callback, JSON like Slack's. */
export function reactionEventBody(o: { added: boolean; user: string; reaction: string; channel: string; ts: string }): string {
  return eventCallback({
    type: o.added ? 'reaction_added' : 'reaction_removed',
    user: o.user,
    reaction: o.reaction,
    item_user: 'UBOT',
    item: { type: 'message', channel: o.channel, ts: o.ts },
    event_ts: `${Date.now() / 1000}`,
  });
}

/** An Events API `app_home_opened` callback. */
export function homeOpenedBody(user: string): string {
  return eventCallback({ type: 'app_home_opened', user, channel: `D${user}`, tab: 'home', event_ts: `${Date.now() / 1000}` });
}

/** The Events API envelope around one event, JSON like Slack's. */
function eventCallback(event: Record<string, unknown>): string {
  return JSON.stringify({
    token: 'deprecated',
    team_id: 'T1',
    api_app_id: 'A1',
    type: 'event_callback',
    event_id: `Ev${Math.random().toString(36).slice(2)}`,
    event_time: Math.floor(Date.now() / 1000),
    authorizations: [{ team_id: 'T1', user_id: 'UBOT', is_bot: true }],
    event,
  });
}

/** A block_actions interaction (a button press), form-encoded as `payload=<json>` like Slack's. */
export function blockActionBody(o: { actionId: string; value: string; user: string; channel: string; messageTs: string; responseUrl: string; ephemeral?: boolean }): string {
  const payload = {
    type: 'block_actions',
    team: { id: 'T1', domain: 'fake' },
    user: { id: o.user, username: 'ada', team_id: 'T1' },
    api_app_id: 'A1',
    token: 'deprecated',
    container: { type: 'message', message_ts: o.messageTs, channel_id: o.channel, is_ephemeral: Boolean(o.ephemeral) },
    trigger_id: '1.2.3',
    channel: { id: o.channel, name: 'papers' },
    ...(o.ephemeral ? {} : { message: { type: 'message', ts: o.messageTs, text: 'a paper' } }),
    response_url: o.responseUrl,
    actions: [{ type: 'button', action_id: o.actionId, block_id: 'b1', value: o.value, action_ts: `${Date.now() / 1000}`, text: { type: 'plain_text', text: 'Save' } }],
  };
  return new URLSearchParams({ payload: JSON.stringify(payload) }).toString();
}
