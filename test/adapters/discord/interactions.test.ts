// The adapter against a scripted app: invocations as built, deferral timing, visibility, faults kept inside.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { setTimeout as sleep } from 'node:timers/promises';
import type { App } from '../../../src/app-services.ts';
import type { CommandInvocation, Reaction } from '../../../src/chat.ts';
import { loadConfig } from '../../../src/config.ts';
import { createLogger } from '../../../src/logger.ts';
import type { Reply } from '../../../src/views.ts';
import { paperCommands } from '../../../commands/index.ts';
import { DiscordAdapter } from '../../../adapters/discord/discord-adapter.ts';
import { buttonPress, FakeDiscord, IDS, reactionEvent, slashCommand, type DiscordCall } from '../../fakes/discord-server.ts';
import { eventually, TEST_ADAPTER_OPTIONS } from './test-options.ts';
import { paper } from '../render-papers.ts';

const TOKEN = 'Secret.Bot.Token-42';
const SHARED = paper({ id: '2501.00042', title: 'Shared @everyone: <@123> attention' });
/** Every log line the adapter writes, to check that the token never appears. */
const logLines: string[] = [];
let discord: FakeDiscord;
let adapter: DiscordAdapter;
const invocations: CommandInvocation[] = [];
const reactions: Reaction[] = [];
/** Messages the adapter recorded as showing a paper (DeliveryLog.recordMessage). */
const recorded: [string, string, string, string][] = [];
/** What the scripted app does next: wait this long, then reply (or throw). */
let script: { delayMs: number; reply?: Reply; fail?: boolean } = { delayMs: 0 };

beforeAll(async () => {
  discord = await FakeDiscord.start();
  const config = loadConfig({ DISCORD_TOKEN: TOKEN, DISCORD_APPLICATION_ID: IDS.app, DISCORD_API_URL: discord.apiUrl });
  const app = {
    config,
    logger: createLogger('trace', { write: (line: string) => void logLines.push(line) }),
    commands: paperCommands,
    async handleCommand(inv: CommandInvocation): Promise<Reply> {
      invocations.push(inv);
      await sleep(script.delayMs);
      if (script.fail) throw new Error('boom');
      return script.reply ?? { ephemeral: true, views: [{ kind: 'text', text: 'ok' }] };
    },
    async handleReaction(r: Reaction) {
      reactions.push(r);
      if (script.fail) throw new Error('boom');
      return undefined;
    },
    // What Share reads: one known paper (PaperService.lookup reads the store, then Hugging Face and arXiv).
    papers: { lookup: async (id: string) => (id === SHARED.id ? SHARED : undefined) },
    stores: { deliveries: { recordMessage: async (...args: [string, string, string, string]) => void recorded.push(args) } },
  } as unknown as App;
  adapter = new DiscordAdapter(app, TOKEN, discord.apiUrl, { ...TEST_ADAPTER_OPTIONS, deferAfterMs: 100, registerOnStart: false });
  await adapter.start();
});
afterAll(async () => {
  await adapter?.stop();
  await discord?.close();
});
beforeEach(() => {
  script = { delayMs: 0 };
});

async function interact(payload: { id: string; token: string }): Promise<DiscordCall> {
  discord.gateway.dispatch('INTERACTION_CREATE', payload);
  return (await discord.waitForCall('POST', new RegExp(`^/interactions/${payload.id}/${payload.token}/callback$`)))[0]!;
}
const webhook = (token: string, method: string, suffix = '') => discord.waitForCall(method, new RegExp(`^/webhooks/${IDS.app}/${token}${suffix}$`));

describe('interactions', () => {
  it('builds the invocation from the interaction: subcommand, typed options, guild, permission', async () => {
    await interact(slashCommand('subscribe', [{ name: 'size', type: 4, value: 3 }, { name: 'quiet', type: 5, value: false }]));
    await interact(slashCommand('settings', [], { id: IDS.bob, name: 'bob', canManage: false }));
    expect(invocations.at(-2)).toEqual({
      platform: 'discord', channelId: IDS.channel, workspaceId: IDS.guild, userId: IDS.alice,
      name: 'subscribe', options: { size: 3, quiet: false }, canManageChannel: true,
    });
    expect(invocations.at(-1)).toMatchObject({ name: 'settings', options: {}, userId: IDS.bob, canManageChannel: false });
  });

  it('defers a command that is not marked slow once it runs past the deferral time, then edits', async () => {
    script = { delayMs: 400, reply: { ephemeral: true, views: [{ kind: 'text', text: 'late but here' }] } };
    const payload = slashCommand('settings');
    const call = await interact(payload);
    expect(call.body).toEqual({ type: 5, data: { flags: 64 } });
    const [edit] = await webhook(payload.token, 'PATCH', '/messages/@original');
    expect(edit!.body.content).toContain('late but here');
  });

  it('turns a public deferral into a private answer by deleting it and following up ephemerally', async () => {
    script = { delayMs: 400, reply: { ephemeral: true, views: [{ kind: 'text', text: 'only for you' }] } };
    const payload = slashCommand('unsubscribe');
    const call = await interact(payload);
    expect(call.body).toEqual({ type: 5, data: {} });
    await webhook(payload.token, 'DELETE', '/messages/@original');
    const [followup] = await webhook(payload.token, 'POST');
    expect(followup!.body.flags & 64).toBe(64);
    expect(followup!.body.content).toContain('only for you');
  });

  it('sends a multi-message answer as the response plus followups, all with the same visibility', async () => {
    const long = 'word '.repeat(700);
    script = { delayMs: 0, reply: { ephemeral: true, views: [{ kind: 'text', text: long }, { kind: 'text', text: 'second' }] } };
    const payload = slashCommand('help');
    const call = await interact(payload);
    expect(call.body.type).toBe(4);
    const followups = await webhook(payload.token, 'POST');
    await eventually(() => discord.callsTo('POST', new RegExp(`/webhooks/${IDS.app}/${payload.token}$`)).length >= 2);
    for (const f of discord.callsTo('POST', new RegExp(`/webhooks/${IDS.app}/${payload.token}$`))) {
      expect(f.body.flags & 64).toBe(64);
      expect(f.body.allowed_mentions).toEqual({ parse: [] });
    }
    expect(followups.length).toBeGreaterThan(0);
  });

  it('answers kindly when the app throws, and keeps serving', async () => {
    script = { delayMs: 0, fail: true };
    const call = await interact(slashCommand('help'));
    expect(call.body.data.flags & 64).toBe(64);
    expect(call.body.data.content).toMatch(/something went wrong/i);
    script = { delayMs: 0 };
    const next = await interact(slashCommand('help'));
    expect(next.body.data.content).toContain('ok');
  });

  it('tells the person a button it does not know no longer works, and turns its own into save reactions with the paper', async () => {
    const before = reactions.length;
    const unknown = await interact(buttonPress('paperboy:share-v0:2501.00001', '9000000000000000009'));
    expect(unknown.body.type).toBe(4);
    expect(unknown.body.data.flags & 64).toBe(64);
    expect(unknown.body.data.content).toMatch(/no longer works.*\/paper help/);
    expect(unknown.body.data.allowed_mentions).toEqual({ parse: [] });
    const call = await interact(buttonPress('paperboy:dismiss:2501.00001', '9000000000000000010'));
    expect(call.body.data.flags & 64).toBe(64);
    expect(reactions.slice(before)).toEqual([
      { platform: 'discord', channelId: IDS.channel, workspaceId: IDS.guild, userId: IDS.bob, messageId: '9000000000000000010', emoji: 'paperboy:dismiss', added: true, paperId: '2501.00001' },
    ]);
  });

  it('Share answers in the channel, for everyone, with the paper in full; a paper it no longer has gets a private line', async () => {
    const call = await interact(buttonPress(`paperboy:share:${SHARED.id}`, '9000000000000000012'));
    expect(call.body.type).toBe(4);
    expect(call.body.data.flags ?? 0).toBe(0);
    expect(call.body.data.allowed_mentions).toEqual({ parse: [] });
    expect(call.body.data.embeds[0].title).toContain('Shared');
    expect(call.body.data.embeds[0].title).not.toMatch(/(?<!\\)@everyone|(?<!\\)<@123>/);
    expect(JSON.stringify(call.body.data.components)).toContain(`paperboy:save:${SHARED.id}`);
    // The shared message is recorded as showing the paper, so that 🔖 on it saves the paper.
    await eventually(() => recorded.length > 0);
    const created = discord.messages.get(`webhook:${call.path.split('/')[3]}`)!.at(-1)!;
    expect(recorded).toEqual([['discord', IDS.channel, created.id, SHARED.id]]);
    const gone = await interact(buttonPress('paperboy:share:2501.99999', '9000000000000000013'));
    expect(gone.body.data.flags & 64).toBe(64);
    expect(gone.body.data.content).toMatch(/no longer available/);
    await sleep(50);
    expect(recorded).toHaveLength(1);
  });

  it('keeps reaction failures inside the adapter', async () => {
    script = { delayMs: 0, fail: true };
    const before = reactions.length;
    discord.gateway.dispatch('MESSAGE_REACTION_ADD', reactionEvent(true, '9000000000000000011', '🔖'));
    await eventually(() => reactions.length > before);
    script = { delayMs: 0 };
    discord.gateway.dispatch('MESSAGE_REACTION_REMOVE', reactionEvent(false, '9000000000000000011', '🔖'));
    await eventually(() => reactions.length > before + 1);
    expect(reactions.at(-1)).toMatchObject({ emoji: '🔖', added: false, userId: IDS.bob, messageId: '9000000000000000011' });
  });

  it('never writes the bot token or an interaction token to the logs, even when answering fails', async () => {
    script = { delayMs: 400 };
    discord.fail('PATCH', /messages\/@original$/, { status: 404, body: { message: 'Unknown Webhook', code: 10015 } });
    const payload = slashCommand('settings');
    await interact(payload);
    await eventually(() => logLines.some((l) => l.includes('could not answer the interaction')));
    expect(discord.gateway.identifies[0]!.token).toBe(TOKEN);
    const logs = logLines.join('\n');
    expect(logs).toContain('Unknown Webhook');
    expect(logs).not.toContain(TOKEN);
    expect(logs).not.toContain(payload.token);
  });
});

describe('start-up faults', () => {
  it('fails start() with a clear message when Discord rejects the token, instead of waiting forever', async () => {
    discord.gateway.rejectToken = 'Rejected.Token';
    const config = loadConfig({ DISCORD_TOKEN: 'Rejected.Token', DISCORD_APPLICATION_ID: IDS.app, DISCORD_API_URL: discord.apiUrl });
    const app = { config, logger: createLogger('silent'), commands: paperCommands } as unknown as App;
    const bad = new DiscordAdapter(app, 'Rejected.Token', discord.apiUrl, { ...TEST_ADAPTER_OPTIONS, registerOnStart: false });
    await expect(bad.start()).rejects.toThrow(/4004: DISCORD_TOKEN was rejected/);
  });
});
