// What SlackPoster posts through: chat.postMessage as a plain JSON POST, channel history through Bolt's WebClient.
import { webApi } from '@slack/bolt';
import { JsonPostClient } from './json-post-client.ts';

/** What SlackPoster needs of a Web API client (a WebClient satisfies it). */
export interface PostClient {
  chat: { postMessage(args: webApi.ChatPostMessageArguments): Promise<webApi.ChatPostMessageResponse> };
  conversations: { history(args: webApi.ConversationsHistoryArguments): Promise<webApi.ConversationsHistoryResponse> };
}

/** A PostClient that holds connections open until closed. */
export type ClosablePostClient = PostClient & { close(): Promise<void> };

/** What a post client is made from. */
export interface PostClientSettings {
  token: string;
  /** SLACK_API_URL. */
  apiUrl: string;
  timeoutMs: number;
  /** Connections kept open for posts (JsonPostClient's default when unset). */
  connections?: number;
}

/**
 * The client posts go through: chat.postMessage as a plain JSON POST (JsonPostClient, the fan-out's
 * hot path), conversations.history through a WebClient; neither retries (SlackPoster does).
 */
export function createPostClient(s: PostClientSettings, logger?: webApi.Logger): ClosablePostClient {
  const web = new webApi.WebClient(s.token, { slackApiUrl: s.apiUrl, timeout: s.timeoutMs, retryConfig: { retries: 0 }, rejectRateLimitedCalls: true, ...(logger ? { logger } : {}) });
  return new JsonPostClient({ token: s.token, apiUrl: s.apiUrl, timeoutMs: s.timeoutMs, connections: s.connections, history: web.conversations });
}
