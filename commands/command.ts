// How a command is declared: once, as data, rendered per platform (Discord JSON, Slack manifest, help).
import type { z } from 'zod';
import type { CommandInvocation } from '../src/chat.ts';
import type { Reply } from '../src/views.ts';
import type { App } from '../src/app-services.ts';

/** The top-level command name on every platform. */
export const COMMAND_NAME = 'paper';

export type OptionType = 'string' | 'integer' | 'boolean';

/** One option of a subcommand. */
export interface OptionSpec {
  name: string;
  description: string;
  type: OptionType;
  required?: boolean;
  choices?: readonly string[];
  min?: number;
  max?: number;
  maxLength?: number;
  /**
   * Text syntax (Slack, console): the word that introduces the value (`at 09:00`, `tz Europe/Berlin`).
   * Without one, the option takes the free words left over (at most one such option a command).
   */
  keyword?: string;
  /**
   * With a keyword that is also an everyday word (`at`, `size`): the keyword counts only when the word after it
   * starts like this option's value; otherwise (or last) it is a free word (`attention at scale`, `model size`).
   */
  valueStarts?: RegExp;
  /**
   * Text syntax: whether the next word still belongs to the value read so far (`at 8:30 pm`,
   * `days mon, wed, fri`). `after` is the word after `next`: undefined when there is none, or it is quoted, or it is
   * one of the command's keywords (the value ends there anyway). Without it, a value is one word (or one quoted phrase).
   */
  continues?: (next: string, value: string, after: string | undefined) => boolean;
  /** A value that works, for messages (`needs a value after it, e.g. tz Europe/Berlin`). */
  example?: string;
  /** A boolean keyword that only asks for something (`popular`): alone, with no `on`/`off` after it in text. */
  flag?: boolean;
}

/**
 * How options are written: `text` after the subcommand (`at 08:30 tz Europe/Berlin`: Slack, the console), or
 * `options`, typed one by one in the platform's own fields (`time: 08:30`: Discord).
 */
export type Syntax = 'text' | 'options';

/** What a handler gets besides its parsed arguments. */
export interface CommandContext {
  invocation: CommandInvocation;
  app: App;
}

/** A `/paper` subcommand. */
export interface CommandSpec<A = Record<string, unknown>> {
  name: string;
  description: string;
  options: readonly OptionSpec[];
  /** Validates the parsed options; its messages are shown to the person. */
  schema: z.ZodType<A>;
  examples: readonly string[];
  /** Needs permission to manage the channel (subscribe, unsubscribe, settings changes). */
  manage?: boolean;
  /** Default visibility of the answer. */
  ephemeral: boolean;
  /** May take longer than the platforms' 3 s: adapters defer/acknowledge first. */
  slow?: boolean;
  handler(args: A, ctx: CommandContext): Promise<Reply>;
}

/** Declare a command with its argument type inferred from the schema. */
export function defineCommand<A>(spec: CommandSpec<A>): CommandSpec<A> {
  return spec;
}
