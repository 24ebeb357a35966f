// Every body paperboy sends while answering interactions (responses, edits, followups, errors)
// carries allowed_mentions {parse: []} and keeps Discord's limits, whatever the content holds.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { setTimeout as sleep } from 'node:timers/promises';
import type { App } from '../../../src/app-services.ts';
import type { CommandInvocation } from '../../../src/chat.ts';
import { loadConfig } from '../../../src/config.ts';
import { createLogger } from '../../../src/logger.ts';
import type { Reply, View } from '../../../src/views.ts';
import { paperCommands } from '../../../commands/index.ts';
import { DiscordAdapter } from '../../../adapters/discord/discord-adapter.ts';
import { buttonPress, FakeDiscord, IDS, slashCommand } from '../../fakes/discord-server.ts';
import { paper } from './harness.ts';
import { eventually, TEST_ADAPTER_OPTIONS } from './test-options.ts';

const HOSTILE = '@everyone @here <@123> <@!123> <@&123> <#123> [x](https://evil.example) **b** \u200b@\u200beveryone ';
const HUGE = `${HOSTILE}${'abstract words '.repeat(7000)}`; // about 100 kB
const views: View[] = [
  { kind: 'text', text: HUGE },
  { kind: 'paper', card: { paper: paper('2511.00001', HOSTILE, { summary: HUGE, authors: [HOSTILE] }), why: HOSTILE } },
  { kind: 'list', title: HOSTILE, cards: Array.from({ length: 30 }, (_, i) => ({ paper: paper(`2511.000${10 + i}`, HOSTILE.repeat(5)), why: HOSTILE, rank: i + 1 })), note: HOSTILE },
  { kind: 'file', filename: 'x.bib', mimeType: 'text/plain', content: HOSTILE, comment: HOSTILE },
];

let discord: FakeDiscord;
let adapter: DiscordAdapter;
let script: { delayMs: number; reply?: Reply; fail?: boolean } = { delayMs: 0 };

beforeAll(async () => {
  discord = await FakeDiscord.start();
  const config = loadConfig({ DISCORD_TOKEN: 'Audit.Token', DISCORD_APPLICATION_ID: IDS.app, DISCORD_API_URL: discord.apiUrl });
  const app = {
    config,
    logger: createLogger('silent'),
    commands: paperCommands,
    async handleCommand(_inv: CommandInvocation): Promise<Reply> {
      await sleep(script.delayMs);
      if (script.fail) throw new Error('boom');
      return script.reply!;
    },
    async handleReaction() {
      return { kind: 'text', tone: 'success', text: `Saved ${HOSTILE}` };
    },
  } as unknown as App;
  adapter = new DiscordAdapter(app, 'Audit.Token', discord.apiUrl, { ...TEST_ADAPTER_OPTIONS, deferAfterMs: 100, registerOnStart: false });
  await adapter.start();
});
afterAll(async () => {
  await adapter?.stop();
  await discord?.close();
});

/** Every message body sent for an interaction token (the response's data, edits, followups). */
function bodiesFor(token: string): any[] {
  return discord.calls
    .filter((c) => c.path.includes(`/${token}`) && c.method !== 'DELETE')
    .map((c) => (c.path.endsWith('/callback') ? c.body.data : c.body))
    .filter((b) => b && (b.content !== undefined || b.embeds !== undefined));
}

function assertSafe(body: any): void {
  expect(body.allowed_mentions).toEqual({ parse: [] });
  expect((body.content ?? '').length).toBeLessThanOrEqual(2000);
  expect(body.embeds?.length ?? 0).toBeLessThanOrEqual(10);
  const text = JSON.stringify(body);
  expect(text).not.toMatch(/@(everyone|here)/);
  expect(text).not.toContain('(https://evil');
}

describe('interaction answers', () => {
  const cases: { name: string; run: () => { id: string; token: string }; script: typeof script; minBodies: number }[] = [
    { name: 'immediate, ephemeral, several messages', script: { delayMs: 0, reply: { ephemeral: true, views } }, run: () => slashCommand('help'), minBodies: 6 },
    { name: 'immediate, public', script: { delayMs: 0, reply: { ephemeral: false, views } }, run: () => slashCommand('settings'), minBodies: 6 },
    { name: 'deferred ephemeral, then edit and followups', script: { delayMs: 300, reply: { ephemeral: true, views } }, run: () => slashCommand('help'), minBodies: 6 },
    { name: 'public deferral turned private', script: { delayMs: 300, reply: { ephemeral: true, views } }, run: () => slashCommand('unsubscribe'), minBodies: 6 },
    { name: 'the app throws', script: { delayMs: 0, fail: true }, run: () => slashCommand('help'), minBodies: 1 },
    { name: 'a Save button', script: { delayMs: 0 }, run: () => buttonPress('paperboy:save:2511.00001', '9000000000000000001'), minBodies: 1 },
  ];
  for (const c of cases) {
    it(`pings no one and keeps the limits: ${c.name}`, async () => {
      script = c.script;
      const payload = c.run();
      discord.gateway.dispatch('INTERACTION_CREATE', payload);
      const bodies = await eventually(() => (bodiesFor(payload.token).length >= c.minBodies ? bodiesFor(payload.token) : undefined));
      await sleep(100);
      for (const body of bodiesFor(payload.token)) assertSafe(body);
      expect(bodies.length).toBeGreaterThanOrEqual(c.minBodies);
    });
  }
});
