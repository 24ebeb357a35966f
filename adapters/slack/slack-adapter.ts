// The Slack adapter: a Bolt app in paperboy's process that turns Slack traffic into core calls and views into posts.
import type { AddressInfo } from 'node:net';
import type { Server } from 'node:http';
import { App as BoltApp, SocketModeReceiver, webApi } from '@slack/bolt';
import type { App } from '../../src/app-services.ts';
import { withPosted, type ChatAdapter, type PostedMessage, type PostLimits } from '../../src/chat.ts';
import type { ChannelHistory } from '../../src/digest/delivery.ts';
import { ConfigError, listenProblem, UpstreamError } from '../../src/errors.ts';
import type { Logger } from '../../src/logger.ts';
import type { FileView, View } from '../../src/views.ts';
import { toBoltLogger } from './bolt-logger.ts';
import { limitBodies } from './body-limit.ts';
import { registerListeners } from './listeners.ts';
import { renderMessages } from './messages.ts';
import { channelGone, SlackPoster, type PosterOptions } from './poster.ts';
import { createPostClient, type ClosablePostClient } from './post-client.ts';
import { buildReceiver } from './receiver.ts';

/** Knobs for tests and benchmarks; the defaults are what production uses. */
export interface SlackAdapterOptions {
  /** Listen here instead of SLACK_PORT (tests: 0 for a free port). */
  port?: number;
  /** Interface to listen on (default: all). */
  host?: string;
  /** Pacing and retry waits for posts. */
  posting?: Omit<PosterOptions, 'client' | 'logger'>;
  /** Retries of Bolt's own Web API calls (views.publish, files, ephemeral); Retry-After is honoured. */
  apiRetries?: number;
}

/**
 * Posts to Slack in flight at once, and the connections kept for them. A digest to 1,000 channels
 * asks for 1,000 posts a second; at 64 in flight and a 100 ms round trip (the fan-out bench with
 * FANOUT_RTT_MS=100) that pace was 640 a second, every channel's posts 1.6 s apart and the fan-out
 * 1.95 times the least the limits allow; at 256, 1.12 (and on 127.0.0.1 no slower than 64).
 */
const SLACK_IN_FLIGHT = 256;

/** Slack's errors for a bot token it will not take. */
const TOKEN_REFUSED = /\b(invalid_auth|not_authed|token_revoked|token_expired|account_inactive|not_allowed_token_type)\b/;

/** paperboy on Slack. `start()` connects (HTTP server or Socket Mode); `post()` sends views to channels. */
export class SlackAdapter implements ChatAdapter, ChannelHistory {
  readonly platform = 'slack' as const;
  /**
   * chat.postMessage allows about one message a second per channel, with short bursts over it, so
   * the window runs from each post's sending: a slow answer need not hold the channel back. With no
   * limit over all channels, a fan-out's pace is the posts in flight per round trip (SLACK_IN_FLIGHT).
   */
  readonly limits: PostLimits = { perChannel: { count: 1, intervalMs: 1000, from: 'sent' }, inFlight: SLACK_IN_FLIGHT };
  readonly mode: 'http' | 'socket';
  private readonly bolt: BoltApp;
  private readonly poster: SlackPoster;
  private readonly postClient: ClosablePostClient;
  private readonly logger: Logger;
  private server?: Server;
  /** Socket Mode's WebSocket state, from the client's events. */
  private socketUp = false;

  constructor(
    private readonly app: App,
    private readonly opts: SlackAdapterOptions = {},
  ) {
    const slack = app.config.slack;
    if (!slack) throw new Error('the Slack adapter needs SLACK_BOT_TOKEN');
    this.logger = app.logger.child({ platform: 'slack' });
    const boltLogger = toBoltLogger(this.logger);
    const timeout = app.config.http.timeoutMs;
    const retries = opts.apiRetries ?? 5;
    const clientOptions: webApi.WebClientOptions = {
      slackApiUrl: slack.apiUrl,
      logger: boltLogger,
      timeout,
      retryConfig: { retries, factor: 2, minTimeout: 200, maxTimeout: 30_000 },
    };
    const built = buildReceiver(slack, boltLogger, clientOptions);
    this.mode = built.mode;
    if (built.receiver instanceof SocketModeReceiver) {
      const socket = built.receiver.client;
      socket.on('connected', () => (this.socketUp = true));
      for (const down of ['disconnected', 'reconnecting', 'connecting']) socket.on(down, () => (this.socketUp = false));
    }
    this.bolt = new BoltApp({
      token: slack.botToken,
      receiver: built.receiver,
      logger: boltLogger,
      clientOptions,
      // auth.test runs once in start(), not in the constructor, so a bad token is a start-up error.
      deferInitialization: true,
    });
    const settings = { token: slack.botToken, apiUrl: slack.apiUrl, timeoutMs: timeout, connections: this.limits.inFlight };
    this.postClient = createPostClient(settings, boltLogger);
    this.poster = new SlackPoster({ client: this.postClient, logger: this.logger, minIntervalMs: this.limits.perChannel.intervalMs, ...opts.posting });
    registerListeners(this.bolt, {
      app,
      client: this.bolt.client,
      poster: this.poster,
      logger: this.logger,
      recordMessage: (channelId, ts, paperId) => app.stores.deliveries.recordMessage('slack', channelId, ts, paperId),
    });
  }

  /** Check the bot token (auth.test), then listen for Slack. */
  async start(): Promise<void> {
    try {
      await this.bolt.init();
    } catch (err) {
      const why = (err as Error).message;
      // Slack's answer about the token itself: a configuration problem. Anything else (no answer, a 5xx) is the network's or Slack's.
      if (TOKEN_REFUSED.test(why)) throw new ConfigError([`SLACK_BOT_TOKEN: Slack refused the bot token (${why}). Copy the Bot User OAuth Token (xoxb-…) from the app's OAuth & Permissions page into .env.`]);
      throw new UpstreamError('slack', `could not check the bot token with auth.test (${why})`);
    }
    if (this.mode === 'http') {
      const port = this.opts.port ?? this.app.config.slack!.port;
      try {
        this.server = (await this.bolt.start(this.opts.host ? { port, host: this.opts.host } : port)) as Server;
      } catch (err) {
        throw listenProblem(err, 'SLACK_PORT', port);
      }
      limitBodies(this.server, this.logger);
      this.logger.info({ port: this.port }, 'slack: listening for events over HTTP');
    } else {
      await this.bolt.start();
      this.logger.info('slack: connected over Socket Mode');
    }
  }

  /** Whether Slack can reach paperboy (GET /healthz): the HTTP server listens, or the Socket Mode WebSocket is open. */
  get connected(): boolean {
    return this.mode === 'http' ? Boolean(this.server?.listening) : this.socketUp;
  }

  /** The port the HTTP receiver listens on (after start; undefined in Socket Mode). */
  get port(): number | undefined {
    return (this.server?.address() as AddressInfo | null)?.port;
  }

  /** Wait for queued posts, then disconnect. */
  async stop(): Promise<void> {
    await this.poster.drain();
    await this.postClient.close();
    await this.bolt.stop().catch((err: Error) => this.logger.warn({ err: err.message }, 'slack: stopping the receiver failed'));
    this.server = undefined;
  }

  /** Post a view: one message per paper for digests, paced per channel; a file is uploaded. */
  async post(channelId: string, view: View): Promise<PostedMessage[]> {
    if (view.kind === 'file') return [await this.upload(channelId, view)];
    const posted: PostedMessage[] = [];
    for (const message of renderMessages(view, channelId)) {
      try {
        const ts = await this.poster.post(message.args, message.paperId);
        posted.push({ messageId: ts, ...(message.paperId ? { paperId: message.paperId } : {}) });
      } catch (err) {
        throw withPosted(err as Error, posted);
      }
    }
    return posted;
  }

  /**
   * paperboy's own posts in a channel since an instant (ChannelHistory), found by the metadata every
   * post carries: lets a resumed delivery see whether an unsure message went out.
   */
  recentPosts(channelId: string, since: Date): Promise<PostedMessage[]> {
    return this.poster.recentPosts(channelId, since);
  }

  private async upload(channelId: string, view: FileView): Promise<PostedMessage> {
    try {
      const res = (await this.bolt.client.filesUploadV2({
        channel_id: channelId,
        filename: view.filename,
        title: view.filename,
        content: view.content,
      })) as { files?: { files?: { id?: string }[] }[] };
      return { messageId: res.files?.[0]?.files?.[0]?.id ?? '' };
    } catch (err) {
      const reason = (err as { data?: { error?: string } }).data?.error;
      const gone = channelGone(channelId, reason);
      if (gone) throw gone;
      throw new UpstreamError('slack', `file upload failed: ${reason ?? (err as Error).message}`);
    }
  }
}

/** The adapter factory createApp takes: `adapters: (app) => [createSlackAdapter(app)]`. */
export function createSlackAdapter(app: App, opts?: SlackAdapterOptions): SlackAdapter {
  return new SlackAdapter(app, opts);
}
