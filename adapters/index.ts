// Which adapters run: Slack and/or Discord when configured, otherwise the console channel.
import type { App } from '../src/app-services.ts';
import type { ChatAdapter } from '../src/chat.ts';
import type { Config } from '../src/config.ts';
import type { Logger } from '../src/logger.ts';
import { createSlackAdapter } from './slack/slack-adapter.ts';
import { createDiscordAdapter } from './discord/discord-adapter.ts';
import { createConsoleAdapter, type ConsoleAdapterOptions } from './console/console-adapter.ts';

/** Build the adapters the configuration asks for; the console only when no platform is configured. */
export function createAdapters(app: App, config: Config, logger: Logger, consoleOptions: ConsoleAdapterOptions): ChatAdapter[] {
  const adapters: ChatAdapter[] = [];
  if (config.slack) adapters.push(createSlackAdapter(app));
  const discord = config.discord ? createDiscordAdapter(app) : undefined;
  if (discord) adapters.push(discord);
  if (!adapters.length) {
    logger.info('no Slack or Discord token set: running the console channel');
    adapters.push(createConsoleAdapter(app, consoleOptions));
  }
  return adapters;
}
