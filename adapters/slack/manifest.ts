// The Slack app manifest, generated from the `/paper` command data, so creating the app is one paste.
import { pathToFileURL } from 'node:url';
import type { CommandSpec } from '../../commands/command.ts';
import { COMMAND_NAME, paperCommands } from '../../commands/index.ts';
import { optionUsage } from '../../commands/registry.ts';
import { EVENTS_PATH } from './receiver.ts';

/** Bot scopes and why paperboy needs each. */
export const BOT_SCOPES: Record<string, string> = {
  commands: 'the /paper slash command',
  'chat:write': 'post digests, papers and answers',
  'chat:write.public': 'post digests to public channels without being invited first',
  'reactions:read': 'save a paper when someone reacts to it with the save emoji',
  'files:write': 'send BibTeX and Markdown exports',
  'im:write': 'send a private export in a direct message',
  'channels:history': 'check whether a post that failed half-way landed, so it is never posted twice',
  'groups:history': 'the same check in private channels',
};

/** Events paperboy subscribes to. */
export const BOT_EVENTS = ['app_home_opened', 'reaction_added', 'reaction_removed'] as const;

/** Where Slack should send requests in HTTP mode (`https://your-host`); omitted for Socket Mode. */
export interface ManifestOptions {
  socketMode: boolean;
  publicUrl?: string;
  commands?: readonly CommandSpec<any>[];
  name?: string;
}

/** `search <query> | show <paper> | digest [<date>] | subscribe [<topics>] [at <time>] …`: the usage hint from the command data. */
export function usageHint(commands: readonly CommandSpec<any>[]): string {
  return commands.map((c) => [c.name, ...c.options.map((o) => optionUsage(o))].join(' ')).join(' | ');
}

/** The app manifest (Slack's JSON form) for Socket Mode, or for HTTP at `{publicUrl}/slack/events`. */
export function buildManifest(opts: ManifestOptions): Record<string, unknown> {
  const commands = opts.commands ?? paperCommands;
  const name = opts.name ?? 'paperboy';
  if (!opts.socketMode && !opts.publicUrl) throw new Error('an HTTP-mode manifest needs the public URL paperboy is served at');
  const requestUrl = opts.socketMode ? undefined : `${opts.publicUrl!.replace(/\/+$/, '')}${EVENTS_PATH}`;
  const url = requestUrl ? { url: requestUrl } : {};
  const request = requestUrl ? { request_url: requestUrl } : {};
  return {
    display_information: {
      name,
      description: "Each day's machine-learning papers from Hugging Face Daily Papers, in your channels.",
      background_color: '#1f2937',
    },
    features: {
      // The Messages tab shows the exports paperboy sends by direct message; people cannot write there.
      app_home: { home_tab_enabled: true, messages_tab_enabled: true, messages_tab_read_only_enabled: true },
      bot_user: { display_name: name, always_online: true },
      slash_commands: [
        {
          command: `/${COMMAND_NAME}`,
          ...url,
          description: 'Search, show, save and subscribe to daily ML papers',
          usage_hint: usageHint(commands),
          should_escape: false,
        },
      ],
    },
    oauth_config: { scopes: { bot: Object.keys(BOT_SCOPES) } },
    settings: {
      event_subscriptions: { ...request, bot_events: [...BOT_EVENTS] },
      interactivity: { is_enabled: true, ...request },
      org_deploy_enabled: false,
      socket_mode_enabled: opts.socketMode,
      token_rotation_enabled: false,
    },
  };
}

/** The committed `slack-manifest.json`: Socket Mode, so no public URL is needed to try paperboy. */
export function committedManifest(): string {
  return `${JSON.stringify(buildManifest({ socketMode: true }), null, 2)}\n`;
}

// `npx tsx adapters/slack/manifest.ts [https://your-host]` prints the manifest (HTTP mode when a URL is given).
if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const publicUrl = process.argv[2];
  process.stdout.write(publicUrl ? `${JSON.stringify(buildManifest({ socketMode: false, publicUrl }), null, 2)}\n` : committedManifest());
}
