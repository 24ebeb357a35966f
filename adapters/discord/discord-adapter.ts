// The Discord adapter: a discord.js client that turns interactions and reactions into app calls and posts views.
import { once } from 'node:events';
import { Events, Status, type Client, type Interaction } from 'discord.js';
import type { App } from '../../src/app-services.ts';
import type { ChannelRef, ChatAdapter, PostLimits, PostedMessage } from '../../src/chat.ts';
import type { Logger } from '../../src/logger.ts';
import type { View } from '../../src/views.ts';
import type { ChannelHistory } from '../../src/digest/delivery.ts';
import { createDiscordClient, type ClientTuning } from './client.ts';
import { answerButton, answerCommand, type InteractionDeps } from './interactions.ts';
import { toOutgoing } from './outgoing.ts';
import { postMessages } from './post.ts';
import { onReaction } from './reactions.ts';
import { recentPosts } from './history.ts';
import { registerCommands } from './register.ts';
import { servesGuild } from './shards.ts';

/** Options beyond the app's config; tests tighten timings with them. */
export interface DiscordAdapterOptions {
  tuning?: ClientTuning;
  /** Defer a command that has not answered after this long (ms); Discord allows 3 s. Default 1500. */
  deferAfterMs?: number;
  /** Register `/paper` at start-up when its definition changed (default true). */
  registerOnStart?: boolean;
}

/** Discord's posting limits: 5 messages per 5 s in a channel, 50 requests a second overall. */
export const DISCORD_POST_LIMITS: PostLimits = {
  perChannel: { count: 5, intervalMs: 5_000 },
  global: { count: 50, intervalMs: 1_000 },
};

const GATEWAY_REFUSALS: Record<number, string> = {
  4004: ': DISCORD_TOKEN was rejected; reset the bot token in the developer portal and set it again',
  4013: ': invalid intents',
  4014: ': an intent is not allowed for this application',
};

/** paperboy on Discord. Build it with createDiscordAdapter. */
export class DiscordAdapter implements ChatAdapter, ChannelHistory {
  readonly platform = 'discord' as const;
  readonly limits = DISCORD_POST_LIMITS;
  readonly client: Client;
  private readonly logger: Logger;
  private readonly deps: InteractionDeps;
  private stopped = false;

  constructor(
    private readonly app: App,
    private readonly token: string,
    apiUrl: string,
    private readonly options: DiscordAdapterOptions = {},
  ) {
    this.logger = app.logger.child({ adapter: 'discord' });
    this.client = createDiscordClient(apiUrl, options.tuning, app.config.discord?.shards);
    this.deps = { app, rest: this.client.rest, logger: this.logger, deferAfterMs: options.deferAfterMs ?? 1_500 };
    this.listen();
  }

  /** Log in, wait until the guilds are in, then register `/paper` if it changed since last time. */
  async start(): Promise<void> {
    const ready = once(this.client, Events.ClientReady);
    // A close Discord will not let discord.js recover from (bad token, disallowed intents) would
    // otherwise leave login waiting forever.
    const refused = once(this.client, Events.ShardDisconnect).then((args) => {
      const code = (args[0] as { code: number }).code;
      throw new Error(`Discord closed the gateway with code ${code}${GATEWAY_REFUSALS[code] ?? ''}`);
    });
    try {
      await Promise.race([this.client.login(this.token).then(() => ready), refused]);
    } catch (err) {
      await this.client.destroy();
      // discord.js says only "An invalid token was provided." (Discord's 401 on GET /gateway/bot):
      // name the variable and the remedy, as for a 4004 close.
      if ((err as { code?: unknown }).code === 'TokenInvalid') throw new Error(`Discord refused the bot token (401)${GATEWAY_REFUSALS[4004]}`);
      throw err;
    }
    this.logger.info({ user: this.client.user?.id, guilds: this.client.guilds.cache.size }, 'connected to Discord');
    if (this.options.registerOnStart ?? true) {
      await registerCommands(this.app.config, this.logger, this.app.stores.meta, {
        specs: this.app.commands,
        rest: this.client.rest,
        useHash: true,
      }).catch((err: unknown) => this.logger.error({ err }, 'could not register slash commands; run npm run register'));
    }
  }

  async stop(): Promise<void> {
    this.stopped = true;
    await this.client.destroy();
  }

  post(channelId: string, view: View): Promise<PostedMessage[]> {
    return postMessages(this.client.rest, channelId, toOutgoing([view]));
  }

  /** Whether the gateway connection is up (GET /healthz): false while connecting, resuming or stopped. */
  get connected(): boolean {
    const shards = [...this.client.ws.shards.values()];
    return !this.stopped && shards.length > 0 && shards.every((s) => s.status === Status.Ready);
  }

  /**
   * paperboy's own posts in a channel since an instant (ChannelHistory): lets a resumed delivery see
   * whether an unsure message went out before posting it again.
   */
  async recentPosts(channelId: string, since: Date): Promise<PostedMessage[]> {
    const me = this.client.user?.id;
    if (!me) throw new Error('not connected to Discord yet');
    return recentPosts(this.client.rest, me, channelId, since);
  }

  /** Whether the channel's guild is on one of this process's shards (every channel without sharding). */
  servesChannel(ref: ChannelRef): boolean {
    return ref.platform === 'discord' && servesGuild(this.app.config.discord?.shards, ref.workspaceId);
  }

  private listen(): void {
    const { client, logger } = this;
    client.on(Events.InteractionCreate, (i: Interaction) => {
      const run = i.isChatInputCommand() ? answerCommand(i, this.deps) : i.isButton() ? answerButton(i, this.deps) : undefined;
      run?.catch((err: unknown) => logger.error({ err, interaction: i.id }, 'interaction failed'));
    });
    client.on(Events.MessageReactionAdd, (reaction, user) => void onReaction(this.app, logger, reaction, user, true));
    client.on(Events.MessageReactionRemove, (reaction, user) => void onReaction(this.app, logger, reaction, user, false));
    client.on(Events.Error, (err) => logger.error({ err }, 'discord client error'));
    client.on(Events.Warn, (message) => logger.warn({ message }, 'discord client warning'));
    client.on(Events.ShardDisconnect, (event) =>
      logger.error({ code: event.code }, `gateway connection closed for good${GATEWAY_REFUSALS[event.code] ?? ''}; restart paperboy once fixed`),
    );
    client.on(Events.ShardReconnecting, () => logger.warn('gateway connection lost; reconnecting'));
    client.on(Events.ShardResume, (_id, replayed) => logger.info({ replayed }, 'gateway session resumed'));
    client.rest.on('rateLimited', (info) =>
      logger.warn({ route: info.route, retryAfterMs: info.retryAfter, global: info.global, scope: info.scope }, 'Discord rate limit; waiting'),
    );
  }
}

/** The Discord adapter when DISCORD_TOKEN and DISCORD_APPLICATION_ID are set, else undefined. */
export function createDiscordAdapter(app: App, options: DiscordAdapterOptions = {}): DiscordAdapter | undefined {
  const discord = app.config.discord;
  if (!discord) return undefined;
  return new DiscordAdapter(app, discord.token, discord.apiUrl, options);
}
