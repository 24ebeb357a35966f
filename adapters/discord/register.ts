// Registers the `/paper` command with Discord (globally, or to DISCORD_GUILD_ID), only when it changed.
import { createHash } from 'node:crypto';
import { REST, Routes } from 'discord.js';
import type { Config } from '../../src/config.ts';
import type { Logger } from '../../src/logger.ts';
import type { MetaStore } from '../../src/store/stores.ts';
import type { CommandSpec } from '../../commands/command.ts';
import { ConfigError } from '../../src/errors.ts';
import { renderCommandJson } from './command-json.ts';
import { diffCommands, type CommandData, type CommandDiff } from './diff-commands.ts';

/** MetaStore key holding the hash of what was last registered (and where). */
export const COMMANDS_HASH_KEY = 'discord:commands-hash';

/** What a registration did. */
export interface RegisterResult {
  /** `global`, or `guild <id>`. */
  target: string;
  /** Nothing was asked of Discord: the stored hash matched. */
  skipped: boolean;
  /** The commands were written (a diff was found). */
  changed: boolean;
  diffs: CommandDiff[];
}

export interface RegisterOptions {
  /** The subcommands; defaults to every `/paper` command in commands/. */
  specs?: readonly CommandSpec<any>[];
  /** A REST client to reuse (the running bot's); one is made from the config otherwise. */
  rest?: REST;
  /** Trust the stored hash and skip Discord when it matches (start-up). The CLI always asks Discord. */
  useHash?: boolean;
}

/**
 * Make Discord's `/paper` match the declared commands: to `DISCORD_GUILD_ID` when set (instant),
 * else globally. Fetches what is registered, diffs it (diffCommands) and overwrites only when
 * something differs; records the hash in `meta` so the next start-up can skip even the fetch.
 */
export async function registerCommands(
  config: Config,
  logger: Logger,
  meta?: MetaStore,
  options: RegisterOptions = {},
): Promise<RegisterResult> {
  const discord = config.discord;
  if (!discord) throw new ConfigError(['DISCORD_TOKEN is missing: set DISCORD_TOKEN and DISCORD_APPLICATION_ID to register commands']);
  const specs = options.specs ?? (await import('../../commands/index.ts')).paperCommands;
  const desired = [renderCommandJson(specs)];
  const target = discord.guildId ? `guild ${discord.guildId}` : 'global';
  // The application too: another bot (DISCORD_APPLICATION_ID) on the same store has registered nothing yet.
  const hash = createHash('sha256').update(JSON.stringify({ application: discord.applicationId, target, desired })).digest('hex');
  const log = logger.child({ component: 'discord-register', target });

  if (options.useHash && meta && (await meta.get<string>(COMMANDS_HASH_KEY)) === hash) {
    log.debug('slash commands unchanged since the last registration');
    return { target, skipped: true, changed: false, diffs: [] };
  }
  const rest = options.rest ?? new REST({ api: discord.apiUrl }).setToken(discord.token);
  const route = discord.guildId
    ? Routes.applicationGuildCommands(discord.applicationId, discord.guildId)
    : Routes.applicationCommands(discord.applicationId);
  const existing = (await rest.get(route)) as CommandData[];
  const diffs = diffCommands(existing, desired as CommandData[]);
  if (diffs.length) {
    await rest.put(route, { body: desired });
    log.info({ diffs: diffs.map((d) => ({ name: d.name, kind: d.kind, changes: d.changes.slice(0, 10) })) }, 'registered slash commands');
  } else {
    log.info('slash commands already up to date');
  }
  await meta?.set(COMMANDS_HASH_KEY, hash);
  return { target, skipped: false, changed: diffs.length > 0, diffs };
}
