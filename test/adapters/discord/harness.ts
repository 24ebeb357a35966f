// Test harness: the real app and the real discord.js client against the fake Discord and fake Hugging Face.
import { loadConfig, type Config } from '../../../src/config.ts';
import { silentLogger } from '../../../src/logger.ts';
import { createApp, type RunningApp } from '../../../src/app.ts';
import { openStores } from '../../../src/store/open-stores.ts';
import type { Stores } from '../../../src/store/stores.ts';
import type { Paper } from '../../../src/papers/paper.ts';
import { createDiscordAdapter, type DiscordAdapter } from '../../../adapters/discord/discord-adapter.ts';
import { FakeDiscord, IDS } from '../../fakes/discord-server.ts';
import { startFakeHf, type FakeHf } from '../../fakes/hf-server.ts';

export { IDS };
export { eventually, TEST_ADAPTER_OPTIONS } from './test-options.ts';
import { TEST_ADAPTER_OPTIONS } from './test-options.ts';

/** A running paperboy on Discord, and the fakes it talks to. */
export interface Harness {
  discord: FakeDiscord;
  hf: FakeHf;
  config: Config;
  stores: Stores;
  app: RunningApp;
  adapter: DiscordAdapter;
  /** Stop paperboy (the fakes and the store stay up, for a restart). */
  stopApp(): Promise<void>;
  /** Start paperboy again on the same fakes and store. */
  restart(): Promise<void>;
  close(): Promise<void>;
}


/** Start the fakes, a memory store (seeded with `papers`), and paperboy with the Discord adapter. */
export async function startHarness(opts: { papers?: Paper[]; env?: Record<string, string> } = {}): Promise<Harness> {
  const discord = await FakeDiscord.start({ heartbeatMs: 500 });
  const hf = await startFakeHf();
  const logger = silentLogger();
  const config = loadConfig({
    DISCORD_TOKEN: 'test-token-do-not-log',
    DISCORD_APPLICATION_ID: IDS.app,
    DISCORD_GUILD_ID: IDS.guild,
    DISCORD_API_URL: discord.apiUrl,
    HF_API_URL: hf.url,
    ARXIV_API_URL: hf.url,
    STORE_URL: 'memory://',
    HTTP_TIMEOUT: '2s',
    HTTP_RETRIES: '0',
    ...opts.env,
  });
  const stores = await openStores('memory://', { logger });
  if (opts.papers?.length) await stores.papers.putMany(opts.papers);

  const boot = async () => {
    h.app = await createApp({
      config,
      logger,
      stores,
      scheduler: false,
      adapters: (app) => [(h.adapter = createDiscordAdapter(app, TEST_ADAPTER_OPTIONS)!)],
    });
    await h.app.start();
  };
  const h: Harness = {
    discord,
    hf,
    config,
    stores,
    // Set by boot() below, before anyone can read them.
    app: undefined as unknown as RunningApp,
    adapter: undefined as unknown as DiscordAdapter,
    stopApp: async () => h.app.stop(),
    restart: boot,
    close: async () => {
      await h.app.stop().catch(() => {});
      await stores.close();
      await discord.close();
      await hf.close();
    },
  };
  await boot();
  return h;
}


/** A stored paper for tests. */
export function paper(id: string, title: string, extra: Partial<Paper> = {}): Paper {
  return {
    id,
    title,
    summary: `${title}. We study it carefully and report results.`,
    authors: ['Ada Lovelace', 'Alan Turing'],
    upvotes: 12,
    keywords: [],
    listedOn: ['2025-11-19'],
    source: 'hf',
    updatedAt: '2025-11-19T10:00:00.000Z',
    ...extra,
  };
}
