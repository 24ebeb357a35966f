// The two Web API calls the poster makes, as an interface: a WebClient in this thread, or one in a worker thread.
import type { webApi } from '@slack/bolt';

/** What SlackPoster needs of a Web API client (a WebClient satisfies it). */
export interface PostClient {
  chat: { postMessage(args: webApi.ChatPostMessageArguments): Promise<webApi.ChatPostMessageResponse> };
  conversations: { history(args: webApi.ConversationsHistoryArguments): Promise<webApi.ConversationsHistoryResponse> };
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
