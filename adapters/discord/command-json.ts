// Renders the `/paper` subcommands (declared once in commands/) into Discord's application command JSON.
import {
  ApplicationCommandOptionType,
  ApplicationCommandType,
  ApplicationIntegrationType,
  InteractionContextType,
  type APIApplicationCommandBasicOption,
  type APIApplicationCommandSubcommandOption,
  type RESTPostAPIChatInputApplicationCommandsJSONBody,
} from 'discord.js';
import type { CommandSpec, OptionSpec } from '../../commands/command.ts';
import { COMMAND_NAME } from '../../commands/index.ts';
const COMMAND_DESCRIPTION = "Today's machine-learning papers: digests, search, saving.";
/** Shown on subcommands that paperboy only runs for members who may manage the channel. */
const MANAGE_HINT = ' (needs Manage Channels)';

/** Discord's limits on command data. */
const LIMITS = { description: 100, choices: 25, choiceName: 100, maxLength: 6000 } as const;

/**
 * The `/paper` command with one subcommand per spec and typed options.
 *
 * `default_member_permissions` is left unset on purpose: Discord applies it to the whole `/paper`
 * command, which would hide `search` and `saved` from everyone without the permission. The
 * Manage Channels rule is checked by paperboy on each invocation; the subcommand description says so.
 */
export function renderCommandJson(specs: readonly CommandSpec<any>[]): RESTPostAPIChatInputApplicationCommandsJSONBody {
  return {
    name: COMMAND_NAME,
    description: COMMAND_DESCRIPTION,
    type: ApplicationCommandType.ChatInput,
    contexts: [InteractionContextType.Guild],
    integration_types: [ApplicationIntegrationType.GuildInstall],
    options: specs.map(renderSubcommand),
  };
}

function renderSubcommand(spec: CommandSpec<any>): APIApplicationCommandSubcommandOption {
  const hint = spec.manage ? MANAGE_HINT : '';
  return {
    type: ApplicationCommandOptionType.Subcommand,
    name: commandName(spec.name),
    description: cut(spec.description, LIMITS.description - hint.length) + hint,
    // Discord rejects a required option after an optional one; keep declaration order otherwise.
    options: [...spec.options].sort((a, b) => Number(Boolean(b.required)) - Number(Boolean(a.required))).map(renderOption),
  };
}

function renderOption(o: OptionSpec): APIApplicationCommandBasicOption {
  const base = { name: commandName(o.name), description: cut(o.description, LIMITS.description), required: Boolean(o.required) };
  const choices = o.choices?.slice(0, LIMITS.choices);
  switch (o.type) {
    case 'boolean':
      return { ...base, type: ApplicationCommandOptionType.Boolean };
    case 'integer':
      return {
        ...base,
        type: ApplicationCommandOptionType.Integer,
        ...(choices?.length && choices.every((c) => Number.isSafeInteger(Number(c)))
          ? { choices: choices.map((c) => ({ name: cut(c, LIMITS.choiceName), value: Number(c) })) }
          : {}),
        ...(o.min !== undefined ? { min_value: o.min } : {}),
        ...(o.max !== undefined ? { max_value: o.max } : {}),
      };
    case 'string':
      return {
        ...base,
        type: ApplicationCommandOptionType.String,
        ...(choices?.length ? { choices: choices.map((c) => ({ name: cut(c, LIMITS.choiceName), value: c })) } : {}),
        ...(o.maxLength !== undefined ? { max_length: Math.min(o.maxLength, LIMITS.maxLength) } : {}),
      };
  }
}

/** Discord command and option names: lower case, 1–32 of letters, digits, `-` and `_`. */
function commandName(name: string): string {
  const clean = name.toLowerCase().replace(/[^\p{Ll}\p{Lo}\p{N}_-]/gu, '-').slice(0, 32);
  if (!clean) throw new Error(`"${name}" cannot be a Discord command or option name`);
  return clean;
}

function cut(text: string, max: number): string {
  const t = text.trim() || '-';
  return t.length <= max ? t : `${t.slice(0, max - 1)}…`;
}
