// Discord through the fake gateway and REST: topics with quotes, answers in Discord's own syntax, threads'
// permission, forged button ids, registration per application, a deferral whose answer was lost.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { setTimeout as sleep } from 'node:timers/promises';
import { buttonPress, slashCommand, type DiscordCall } from '../../fakes/discord-server.ts';
import { IDS, paper, startHarness, type Harness } from './harness.ts';
import { loadConfig } from '../../../src/config.ts';
import { silentLogger } from '../../../src/logger.ts';
import { openStores } from '../../../src/store/open-stores.ts';
import { registerCommands } from '../../../adapters/discord/register.ts';
import { paperCommands } from '../../../commands/index.ts';
import { renderCommandJson } from '../../../adapters/discord/command-json.ts';
import { parseDays, parseTime } from '../../../commands/schedule-options.ts';

const alice = { id: IDS.alice as string, name: 'alice', canManage: true };
const bob = { id: IDS.bob as string, name: 'bob', canManage: false };
let h: Harness;
beforeAll(async () => {
  h = await startHarness({ papers: Array.from({ length: 12 }, (_, i) => paper(`2511.000${i + 10}`, `Paper ${i}`)) });
});
afterAll(async () => h?.close());

async function interact(p: { id: string; token: string }): Promise<DiscordCall> {
  h.discord.gateway.dispatch('INTERACTION_CREATE', p);
  return (await h.discord.waitForCall('POST', new RegExp(`^/interactions/${p.id}/${p.token}/callback$`)))[0]!;
}

describe('Discord, after a review of its commands', () => {
  it('drops every double quote from topics (Discord passes them on as typed)', async () => {
    await interact(slashCommand('subscribe', [{ name: 'topics', type: 3, value: '"quiet" models, “diffusion”' }], alice));
    expect((await h.stores.subscriptions.get('discord', IDS.channel))!.topics).toEqual(['quiet models', 'diffusion']);
  });

  it('answers in its field syntax: no text keywords in errors, hints or the saved list', async () => {
    const bad = await interact(slashCommand('subscribe', [{ name: 'time', type: 3, value: '25:00' }], alice));
    expect(bad.body.data.content).toMatch(/"25:00" is not a time; use HH:MM, e\.g\. 08:30/);
    const both = await interact(slashCommand('subscribe', [{ name: 'topics', type: 3, value: 'x' }, { name: 'popular', type: 5, value: true }], alice));
    expect(both.body.data.content).toMatch(/Choose topics or popular, not both\./);
    expect(both.body.data.content).not.toMatch(/quote it/);
    for (let i = 0; i < 12; i++) await h.stores.saves.add({ platform: 'discord', channelId: IDS.channel, userId: IDS.bob, paperId: `2511.000${i + 10}`, kind: 'save', at: new Date(Date.now() + i).toISOString() });
    const list = await interact(slashCommand('saved', [], bob));
    expect(list.body.data.embeds[0].footer.text).toContain('next: /paper saved page:2');
    expect(list.body.data.embeds[0].footer.text).toContain('/paper unsave paper:');
  });

  it('asks for Send Messages in Threads in a thread, not Send Messages', async () => {
    const THREAD = '1000000000000000099';
    const thread = { id: THREAD, type: 11, guild_id: IDS.guild, parent_id: IDS.channel, name: 't' };
    const said = async (perms: bigint) => {
      const p = { ...slashCommand('subscribe', [{ name: 'topics', type: 3, value: 'pruning' }], alice), channel_id: THREAD, channel: thread, app_permissions: String(perms) };
      const call = await interact(p);
      await sleep(200);
      return JSON.stringify([call.body, ...h.discord.callsTo('POST', new RegExp(`/webhooks/\\d+/${p.token}$`)).map((c) => c.body)]);
    };
    const view = 1n << 10n;
    const send = 1n << 11n;
    const embed = 1n << 14n;
    const inThreads = 1n << 38n;
    expect(await said(view | send | embed)).toMatch(/cannot post in this channel itself, so its digests would pause.*Send Messages in Threads/);
    expect(await said(view | inThreads | embed)).not.toMatch(/cannot post in this channel itself, so its digests would pause/);
  });

  it('refuses a Save or Not-for-us button whose id is no arXiv id (forged or broken), storing nothing', async () => {
    const call = await interact(buttonPress('paperboy:save:not-a-paper', '9000000000000000001', bob));
    await sleep(100);
    const answers = JSON.stringify([call.body, ...h.discord.callsTo('PATCH', /@original$/).map((c) => c.body)]);
    expect(answers).toMatch(/no longer works/);
    await interact(buttonPress('paperboy:dismiss:../../x', '9000000000000000001', bob));
    await sleep(100);
    const saves = await h.stores.saves.byUser('discord', IDS.bob);
    expect(saves.some((s) => s.paperId === 'not-a-paper' || s.paperId === '../../x')).toBe(false);
  });

  it('registers the commands for another application on the same store (its hash is its own)', async () => {
    const stores = await openStores('memory://', { logger: silentLogger() });
    const cfg = (app: string) => loadConfig({ DISCORD_TOKEN: 'tok', DISCORD_APPLICATION_ID: app, DISCORD_API_URL: h.discord.apiUrl, DISCORD_GUILD_ID: IDS.guild });
    await registerCommands(cfg('1999999999999999991'), silentLogger(), stores.meta, { specs: paperCommands, useHash: true });
    const again = await registerCommands(cfg('1999999999999999991'), silentLogger(), stores.meta, { specs: paperCommands, useHash: true });
    const other = await registerCommands(cfg('1999999999999999992'), silentLogger(), stores.meta, { specs: paperCommands, useHash: true });
    await stores.close();
    expect([again.skipped, other.skipped]).toEqual([true, false]);
  });

  it('edits the original answer when a deferral was retried after its answer was lost (Discord: 40060)', async () => {
    const p = slashCommand('show', [{ name: 'paper', type: 3, value: '2511.00010' }], bob);
    const cb = new RegExp(`^/interactions/${p.id}/${p.token}/callback$`);
    h.discord.fail('POST', cb, { lostResponse: true, lostAfterMs: 1500 });
    h.discord.fail('POST', cb, { status: 400, body: { message: 'Interaction has already been acknowledged.', code: 40060 } });
    h.discord.gateway.dispatch('INTERACTION_CREATE', p);
    const edits = await h.discord.waitForCall('PATCH', new RegExp(`/webhooks/\\d+/${p.token}/messages/@original$`));
    expect(edits).toHaveLength(1);
  }, 15_000);

  it('lets the time and days fields hold every value their parsers take', () => {
    const sub = (renderCommandJson(paperCommands).options ?? []).find((o: { name: string }) => o.name === 'subscribe') as { options: { name: string; max_length?: number }[] };
    const max = (name: string) => sub.options.find((o) => o.name === name)!.max_length!;
    for (const t of ['12:30 a.m.', '8:30 p.m.']) {
      expect(parseTime(t)).toBeDefined();
      expect(t.length).toBeLessThanOrEqual(max('time'));
    }
    const week = 'monday, tuesday, wednesday, thursday, friday, saturday, sunday';
    expect(parseDays(week)).toHaveLength(7);
    expect(week.length).toBeLessThanOrEqual(max('days'));
  });
});
