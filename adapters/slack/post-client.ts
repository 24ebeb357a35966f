// The two Web API calls the poster makes, as an interface: a WebClient in this thread, or one in a worker thread.
import { webApi } from '@slack/bolt';
import { JsonPostClient } from './json-post-client.ts';

/** What SlackPoster needs of a Web API client (a WebClient satisfies it). */
export interface PostClient {
  chat: { postMessage(args: webApi.ChatPostMessageArguments): Promise<webApi.ChatPostMessageResponse> };
  conversations: { history(args: webApi.ConversationsHistoryArguments): Promise<webApi.ConversationsHistoryResponse> };
}

/** A PostClient that holds connections open until closed. */
export type ClosablePostClient = PostClient & { close(): Promise<void> };

/** The post client paperboy uses: a PostClient that also takes chat.postMessage arguments as JSON. */
export type JsonPostingClient = ClosablePostClient & { postJson(body: string): Promise<webApi.ChatPostMessageResponse> };

/** What a post client is made from (plain data, so it can be handed to a worker thread). */
export interface PostClientSettings {
  token: string;
  /** SLACK_API_URL. */
  apiUrl: string;
  timeoutMs: number;
}

/**
 * The client posts go through: chat.postMessage as a plain JSON POST (JsonPostClient, the fan-out's
 * hot path), conversations.history through a WebClient; neither retries (SlackPoster does).
 */
export function createPostClient(s: PostClientSettings, logger?: webApi.Logger): JsonPostingClient {
  const web = new webApi.WebClient(s.token, { slackApiUrl: s.apiUrl, timeout: s.timeoutMs, retryConfig: { retries: 0 }, rejectRateLimitedCalls: true, ...(logger ? { logger } : {}) });
  return new JsonPostClient({ token: s.token, apiUrl: s.apiUrl, timeoutMs: s.timeoutMs, history: web.conversations });
}

/** The Web API methods a worker client forwards. */
export type PostMethod = 'chat.postMessage' | 'conversations.history';

/** A WebClient error's fields that the poster reads, as they cross a thread boundary. */
export interface ClientErrorFields {
  message: string;
  code?: string;
  retryAfter?: number;
  statusCode?: number;
  data?: { error?: string };
}

/** Copy what the poster reads off a WebClient error into plain data that can be posted between threads. */
export function errorFields(err: unknown): ClientErrorFields {
  const e = err as Error & Omit<ClientErrorFields, 'message'>;
  const fields: ClientErrorFields = { message: e?.message ?? String(err) };
  if (e?.code !== undefined) fields.code = e.code;
  if (e?.retryAfter !== undefined) fields.retryAfter = e.retryAfter;
  if (e?.statusCode !== undefined) fields.statusCode = e.statusCode;
  if (e?.data?.error !== undefined) fields.data = { error: e.data.error };
  return fields;
}

/** Rebuild an Error carrying the fields, for the poster's checks on the other side. */
export function errorFrom(fields: ClientErrorFields): Error {
  return Object.assign(new Error(fields.message), fields);
}
