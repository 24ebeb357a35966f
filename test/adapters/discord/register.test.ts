// registerCommands against the fake Discord: guild or global, only when something changed.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../../src/config.ts';
import { silentLogger } from '../../../src/logger.ts';
import { openStores } from '../../../src/store/open-stores.ts';
import type { Stores } from '../../../src/store/stores.ts';
import { COMMANDS_HASH_KEY, registerCommands } from '../../../adapters/discord/register.ts';
import { paperCommands } from '../../../commands/index.ts';
import { ConfigError } from '../../../src/errors.ts';
import { FakeDiscord, IDS } from '../../fakes/discord-server.ts';

const logger = silentLogger();
let discord: FakeDiscord;
let stores: Stores;

beforeAll(async () => {
  discord = await FakeDiscord.start();
  stores = await openStores('memory://', { logger });
});
afterAll(async () => {
  await stores?.close();
  await discord?.close();
});

const config = (guild?: string) =>
  loadConfig({ DISCORD_TOKEN: 'tok', DISCORD_APPLICATION_ID: IDS.app, DISCORD_API_URL: discord.apiUrl, ...(guild ? { DISCORD_GUILD_ID: guild } : {}) });
const writes = () => discord.callsTo('PUT', /commands$/).length;

describe('registerCommands', () => {
  it('registers /paper globally when no guild is set, then finds nothing to change', async () => {
    const first = await registerCommands(config(), logger, stores.meta, { specs: paperCommands });
    expect(first).toMatchObject({ target: 'global', changed: true, skipped: false });
    expect(discord.commands.get('global')!.map((c) => c.name)).toEqual(['paper']);
    const [put] = discord.callsTo('PUT', new RegExp(`^/applications/${IDS.app}/commands$`));
    expect(put!.headers.authorization).toBe('Bot tok');

    const again = await registerCommands(config(), logger, undefined, { specs: paperCommands });
    expect(again).toMatchObject({ changed: false, skipped: false, diffs: [] });
    expect(writes()).toBe(1);
  });

  it('registers to DISCORD_GUILD_ID when set', async () => {
    const result = await registerCommands(config(IDS.guild), logger, stores.meta, { specs: paperCommands });
    expect(result).toMatchObject({ target: `guild ${IDS.guild}`, changed: true });
    expect(discord.commands.get(IDS.guild)).toHaveLength(1);
  });

  it('skips Discord entirely at start-up when the stored hash matches, and re-registers on a change', async () => {
    const calls = discord.calls.length;
    const skipped = await registerCommands(config(IDS.guild), logger, stores.meta, { specs: paperCommands, useHash: true });
    expect(skipped.skipped).toBe(true);
    expect(discord.calls.length).toBe(calls);

    const fewer = paperCommands.filter((c) => c.name !== 'help');
    const changed = await registerCommands(config(IDS.guild), logger, stores.meta, { specs: fewer, useHash: true });
    expect(changed.changed).toBe(true);
    expect(changed.diffs[0]!.changes.length).toBeGreaterThan(0);
    expect(await stores.meta.get(COMMANDS_HASH_KEY)).toMatch(/^[0-9a-f]{64}$/);
  });

  it('needs the Discord settings', async () => {
    await expect(registerCommands(loadConfig({}), logger)).rejects.toBeInstanceOf(ConfigError);
  });
});
