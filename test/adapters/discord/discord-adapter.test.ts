// End to end: a person's slash commands, button presses and reactions through the real discord.js client.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buttonPress, reactionEvent, slashCommand, type DiscordCall } from '../../fakes/discord-server.ts';
import { eventually, IDS, paper, startHarness, type Harness } from './harness.ts';

const ORIGINAL = /^\/webhooks\/\d+\/[^/]+\/messages\/@original$/;
const alice = { id: IDS.alice as string, name: 'alice', canManage: true };
const bob = { id: IDS.bob as string, name: 'bob', canManage: false };

let h: Harness;

beforeAll(async () => {
  h = await startHarness({ papers: [paper('2511.00001', 'Linear attention for long documents'), paper('2511.00002', 'Pruning <@&1> @everyone')] });
});
afterAll(async () => h?.close());

/** Dispatch an interaction and wait for paperboy's first answer to it (the callback). */
async function interact(payload: { id: string; token: string }): Promise<DiscordCall> {
  h.discord.gateway.dispatch('INTERACTION_CREATE', payload);
  const path = new RegExp(`^/interactions/${payload.id}/${payload.token}/callback$`);
  return (await h.discord.waitForCall('POST', path))[0]!;
}

describe('start-up', () => {
  it('identifies with only the guild and reaction intents, and registers /paper to the guild', async () => {
    expect(h.discord.gateway.identifies).toHaveLength(1);
    expect(h.discord.gateway.identifies[0]!.intents).toBe(1 | (1 << 10));
    const registered = h.discord.commands.get(IDS.guild);
    expect(registered?.map((c) => c.name)).toEqual(['paper']);
    expect(h.discord.commands.has('global')).toBe(false);
  });

  it('reports its gateway connection for /healthz: up once ready', async () => {
    expect(h.adapter.connected).toBe(true);
  });

  it('does not register again after a restart when the definitions did not change', async () => {
    const before = h.discord.callsTo('GET', /commands$/).length + h.discord.callsTo('PUT', /commands$/).length;
    const stopped = h.adapter;
    await h.stopApp();
    expect(stopped.connected).toBe(false);
    await h.restart();
    const after = h.discord.callsTo('GET', /commands$/).length + h.discord.callsTo('PUT', /commands$/).length;
    expect(after).toBe(before);
  });
});

describe('slash commands', () => {
  it('answers a quick personal command at once, ephemeral, pinging no one', async () => {
    const call = await interact(slashCommand('settings', [], bob));
    expect(call.body.type).toBe(4);
    expect(call.body.data.flags & 64).toBe(64);
    expect(call.body.data.allowed_mentions).toEqual({ parse: [] });
    expect(call.body.data.content).toMatch(/no daily digest/);
  });

  it('refuses subscribe to a member without Manage Channels, and stores nothing', async () => {
    const call = await interact(slashCommand('subscribe', [{ name: 'topics', type: 3, value: 'pruning' }], bob));
    expect(call.body.data.flags & 64).toBe(64);
    expect(call.body.data.content).toMatch(/manage this channel/);
    expect(await h.stores.subscriptions.get('discord', IDS.channel)).toBeUndefined();
  });

  it('subscribes for a member with Manage Channels, with typed options, publicly', async () => {
    const call = await interact(
      slashCommand('subscribe', [
        { name: 'topics', type: 3, value: 'linear attention, pruning' },
        { name: 'size', type: 4, value: 3 },
        { name: 'quiet', type: 5, value: true },
      ], alice),
    );
    expect(call.body.type).toBe(4);
    expect((call.body.data.flags ?? 0) & 64).toBe(0);
    const sub = await h.stores.subscriptions.get('discord', IDS.channel);
    expect(sub).toMatchObject({ topics: ['linear attention', 'pruning'], size: 3, quiet: true, workspaceId: IDS.guild });
  });

  it('subscribes where paperboy cannot post, and says at once what its role needs (Discord sends the app’s permissions)', async () => {
    const payload = { ...slashCommand('subscribe', [{ name: 'topics', type: 3, value: 'pruning' }], alice), channel_id: IDS.channel, app_permissions: String(1n << 10n) };
    const call = await interact(payload);
    await new Promise((r) => setTimeout(r, 100));
    const said = JSON.stringify([call.body, ...h.discord.callsTo('POST', new RegExp(`^/webhooks/\\d+/${payload.token}$`)).map((c) => c.body)]);
    expect(said).toMatch(/(Subscribed|Updated): this channel gets/);
    expect(said).toMatch(/cannot post in this channel itself, so its digests would pause.*give paperboy's role Send Messages, Embed Links in this channel/);
    expect(await h.stores.subscriptions.get('discord', IDS.channel)).toMatchObject({ topics: ['pruning'] });
    // With what it needs, no such line.
    const fine = await interact(slashCommand('subscribe', [{ name: 'topics', type: 3, value: 'pruning' }], alice));
    expect(JSON.stringify(fine.body)).not.toMatch(/cannot post here/);
  });

  it('answers an out-of-range option with a clear ephemeral message', async () => {
    const call = await interact(slashCommand('subscribe', [{ name: 'size', type: 4, value: 99 }], alice));
    expect(call.body.data.flags & 64).toBe(64);
    expect(call.body.data.content).toMatch(/size is at most 10/);
  });

  it('answers an unknown subcommand and oversize input with a clear ephemeral message', async () => {
    const unknown = await interact(slashCommand('frobnicate', [], bob));
    expect(unknown.body.data.flags & 64).toBe(64);
    expect(unknown.body.data.content).toMatch(/don.t know/);
    const huge = await interact(slashCommand('subscribe', [{ name: 'topics', type: 3, value: 'x, '.repeat(400) }], alice));
    expect(huge.body.data.flags & 64).toBe(64);
    expect(huge.body.data.content).toMatch(/under 500 characters/);
  });

  it('defers a slow command (search) at once, then edits the original response with the results', async () => {
    const payload = slashCommand('search', [{ name: 'query', type: 3, value: 'linear attention' }], bob);
    const call = await interact(payload);
    expect(call.body).toEqual({ type: 5, data: { flags: 64 } });
    const [edit] = await h.discord.waitForCall('PATCH', new RegExp(`/webhooks/${IDS.app}/${payload.token}/messages/@original$`));
    expect(JSON.stringify(edit!.body.embeds)).toContain('Linear attention for long documents');
    expect(edit!.body.allowed_mentions).toEqual({ parse: [] });
    expect(edit!.headers.authorization).toBeUndefined();
  });
});

describe('saving', () => {
  it('saves from the Save button and confirms privately', async () => {
    const call = await interact(buttonPress('paperboy:save:2511.00001', '9000000000000000001', bob));
    const answer = call.body.type === 4 ? call.body.data : (await h.discord.waitForCall('PATCH', ORIGINAL)).at(-1)!.body;
    expect(call.body.data.flags & 64).toBe(64);
    expect(answer.content).toMatch(/Saved/);
    const saves = await h.stores.saves.byUser('discord', IDS.bob);
    expect(saves.map((s) => s.paperId)).toEqual(['2511.00001']);
  });

  it('exports saved papers as a BibTeX file attachment', async () => {
    const call = await interact(slashCommand('saved', [{ name: 'export', type: 3, value: 'bibtex' }], bob));
    expect(call.files).toHaveLength(1);
    expect(call.files[0]!.name).toBe('paperboy-saved.bib');
    expect(call.files[0]!.text).toContain('Linear attention for long documents');
    expect(call.body.data.attachments).toEqual([{ id: 0, filename: 'paperboy-saved.bib' }]);
  });

  it('unsaves a paper saved with the button through /paper unsave, privately', async () => {
    await interact(buttonPress('paperboy:save:2511.00003', '9000000000000000003', bob));
    expect((await h.stores.saves.byUser('discord', IDS.bob)).some((s) => s.paperId === '2511.00003')).toBe(true);
    const call = await interact(slashCommand('unsave', [{ name: 'paper', type: 3, value: 'https://arxiv.org/abs/2511.00003v2' }], bob));
    const answer = call.body.type === 4 ? call.body.data : (await h.discord.waitForCall('PATCH', ORIGINAL)).at(-1)!.body;
    expect(answer.flags & 64).toBe(64);
    expect(answer.content).toMatch(/^✅ Removed .* from your saved papers\.$/);
    expect((await h.stores.saves.byUser('discord', IDS.bob)).some((s) => s.paperId === '2511.00003')).toBe(false);
  });

  it('saves on a 🔖 reaction to a digest message and unsaves when it is removed; ignores its own reactions', async () => {
    const messageId = '9000000000000000002';
    await h.stores.deliveries.recordMessage('discord', IDS.channel, messageId, '2511.00002');
    const saved = async () => (await h.stores.saves.byUser('discord', IDS.bob)).some((s) => s.paperId === '2511.00002');
    const botSaved = async () => (await h.stores.saves.byUser('discord', IDS.bot)).length > 0;

    h.discord.gateway.dispatch('MESSAGE_REACTION_ADD', reactionEvent(true, messageId, '🔖', IDS.bot));
    h.discord.gateway.dispatch('MESSAGE_REACTION_ADD', reactionEvent(true, messageId, '🔖'));
    await eventually(saved);
    expect(await botSaved()).toBe(false);

    h.discord.gateway.dispatch('MESSAGE_REACTION_REMOVE', reactionEvent(false, messageId, '🔖'));
    await eventually(async () => !(await saved()));
  });
});

describe('gateway', () => {
  it('resumes a lost connection and handles what was sent meanwhile', async () => {
    const messageId = '9000000000000000003';
    await h.stores.deliveries.recordMessage('discord', IDS.channel, messageId, '2511.00001');
    const identifies = h.discord.gateway.identifies.length;
    const resumed = h.discord.gateway.nextSession();
    h.discord.gateway.drop(4000);
    h.discord.gateway.dispatch('MESSAGE_REACTION_ADD', reactionEvent(true, messageId, '🔖', IDS.alice));
    await resumed;
    expect(h.discord.gateway.resumes).toHaveLength(1);
    expect(h.discord.gateway.identifies).toHaveLength(identifies);
    await eventually(async () => (await h.stores.saves.byUser('discord', IDS.alice)).some((s) => s.paperId === '2511.00001'));
  });
});
