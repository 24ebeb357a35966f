// The gateway failing for good after start-up, and a token Discord refuses at login.
import { afterAll, afterEach, beforeEach, describe, expect, it } from 'vitest';
import { setTimeout as sleep } from 'node:timers/promises';
import type { App } from '../../../src/app-services.ts';
import { loadConfig } from '../../../src/config.ts';
import { createLogger } from '../../../src/logger.ts';
import { paperCommands } from '../../../commands/index.ts';
import { DiscordAdapter } from '../../../adapters/discord/discord-adapter.ts';
import { FakeDiscord, IDS } from '../../fakes/discord-server.ts';
import { eventually, TEST_ADAPTER_OPTIONS } from './test-options.ts';

const TOKEN = 'Audit.Bot.Token-77';
let discord: FakeDiscord;
const logLines: string[] = [];
const rejections: unknown[] = [];
const onRejection = (reason: unknown) => void rejections.push(reason);

function adapterFor(token: string): DiscordAdapter {
  const config = loadConfig({ DISCORD_TOKEN: token, DISCORD_APPLICATION_ID: IDS.app, DISCORD_API_URL: discord.apiUrl });
  const app = { config, logger: createLogger('trace', { write: (l: string) => void logLines.push(l) }), commands: paperCommands } as unknown as App;
  return new DiscordAdapter(app, token, discord.apiUrl, { ...TEST_ADAPTER_OPTIONS, registerOnStart: false });
}

beforeEach(async () => {
  discord = await FakeDiscord.start({ heartbeatMs: 500 });
  logLines.length = 0;
  rejections.length = 0;
  process.on('unhandledRejection', onRejection);
});
afterEach(async () => {
  process.off('unhandledRejection', onRejection);
  await discord.close();
});
afterAll(() => process.off('unhandledRejection', onRejection));

describe('gateway closed for good after start-up', () => {
  it('logs what happened and what to do (4004: the token), reports itself down, leaves no unhandled rejection', async () => {
    const adapter = adapterFor(TOKEN);
    await adapter.start();
    expect(adapter.connected).toBe(true);
    // The bot token is reset in the developer portal while paperboy runs: Discord closes with 4004.
    discord.gateway.drop(4004);
    await eventually(() => logLines.some((l) => l.includes('gateway connection closed for good')));
    await sleep(50);
    expect(rejections).toEqual([]);
    expect(adapter.connected).toBe(false);
    const line = logLines.find((l) => l.includes('gateway connection closed for good'))!;
    expect(line).toMatch(/DISCORD_TOKEN/);
    expect(logLines.join('\n')).not.toContain(TOKEN);
    await adapter.stop();
  });

  it('leaves no unhandled rejection when the client reports an error after start-up', async () => {
    const adapter = adapterFor(TOKEN);
    await adapter.start();
    adapter.client.emit('error', new Error('something broke inside discord.js'));
    await sleep(50);
    expect(rejections).toEqual([]);
    expect(logLines.some((l) => l.includes('discord client error'))).toBe(true);
    await adapter.stop();
  });
});

describe('a token Discord refuses at login', () => {
  it('fails start() naming DISCORD_TOKEN and what to do, without the token itself', async () => {
    // Discord answers GET /gateway/bot with 401 for a wrong token, before any gateway connection.
    discord.fail('GET', /^\/gateway\/bot$/, { status: 401, body: { message: '401: Unauthorized', code: 0 } });
    const adapter = adapterFor('Wrong.Token-1');
    const err = await adapter.start().then(() => undefined, (e: Error) => e);
    expect(err?.message).toMatch(/DISCORD_TOKEN/);
    expect(err?.message).toMatch(/developer portal/);
    expect(err?.message).not.toContain('Wrong.Token-1');
    await sleep(50);
    expect(rejections).toEqual([]);
  });
});
