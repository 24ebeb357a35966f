// The committed slack-manifest.json is exactly what the command data generates.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { buildManifest, committedManifest, usageHint } from '../../../adapters/slack/manifest.ts';
import { paperCommands } from '../../../commands/index.ts';

const committed = readFileSync(new URL('../../../slack-manifest.json', import.meta.url), 'utf8');

describe('Slack app manifest', () => {
  it('is committed as generated (regenerate: npx tsx adapters/slack/manifest.ts > slack-manifest.json)', () => {
    expect(committed).toBe(committedManifest());
  });

  it('declares /paper with a usage hint naming every subcommand, the events, interactivity and scopes', () => {
    const m = JSON.parse(committed);
    const [cmd] = m.features.slash_commands;
    expect(cmd.command).toBe('/paper');
    for (const c of paperCommands) expect(cmd.usage_hint).toContain(c.name);
    expect(m.settings.event_subscriptions.bot_events.sort()).toEqual(['app_home_opened', 'reaction_added', 'reaction_removed']);
    expect(m.settings.interactivity.is_enabled).toBe(true);
    expect(m.settings.socket_mode_enabled).toBe(true);
    expect(m.features.app_home.home_tab_enabled).toBe(true);
    expect(m.oauth_config.scopes.bot).toEqual(expect.arrayContaining(['commands', 'chat:write', 'reactions:read', 'files:write']));
  });

  it('points every request URL at /slack/events in HTTP mode', () => {
    const m = buildManifest({ socketMode: false, publicUrl: 'https://paperboy.example.org/' }) as any;
    const url = 'https://paperboy.example.org/slack/events';
    expect(m.features.slash_commands[0].url).toBe(url);
    expect(m.settings.event_subscriptions.request_url).toBe(url);
    expect(m.settings.interactivity.request_url).toBe(url);
    expect(m.settings.socket_mode_enabled).toBe(false);
    expect(() => buildManifest({ socketMode: false })).toThrow(/public URL/);
  });

  it('writes required options into the hint', () => {
    expect(usageHint(paperCommands)).toMatch(/search <query>/);
  });
});
