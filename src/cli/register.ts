// `paperboy register` / `npm run register`: make Discord's /paper match the declared commands.
import type { Config } from '../config.ts';
import type { Logger } from '../logger.ts';
import { openStores } from '../store/open-stores.ts';
import { registerCommands } from '../../adapters/discord/register.ts';
import { inviteUrl } from '../../adapters/discord/invite.ts';
import { say } from './say.ts';

/** Register the Discord commands (always asking Discord); prints what changed. */
export async function registerDiscordCommands(config: Config, logger: Logger): Promise<number> {
  if (!config.discord) {
    say('paperboy: DISCORD_TOKEN and DISCORD_APPLICATION_ID are needed to register commands: set them in .env (see .env.example and docs/discord.md)\n');
    return 1;
  }
  const stores = await openStores(config.storeUrl, { logger });
  try {
    const result = await registerCommands(config, logger, stores.meta);
    process.stdout.write(`${result.changed ? 'registered /paper' : '/paper already up to date'} (${result.target})\n`);
    process.stdout.write(`invite the bot with: ${inviteUrl(config.discord.applicationId)}\n`);
    return 0;
  } finally {
    await stores.close();
  }
}
