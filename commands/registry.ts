// The command registry: rejects duplicates, parses and validates invocations, writes the help text.
import type { CommandInvocation } from '../src/chat.ts';
import { UserInputError } from '../src/errors.ts';
import type { CommandSpec, OptionSpec } from './command.ts';
import { tokenize } from './tokenize.ts';

/** The `/paper` subcommands, looked up by name. */
export interface CommandRegistry {
  readonly specs: readonly CommandSpec<any>[];
  get(name: string): CommandSpec<any> | undefined;
  /** Parse and validate an invocation's options; throws UserInputError with usage on bad input. */
  parse(spec: CommandSpec<any>, inv: Pick<CommandInvocation, 'options' | 'text'>): unknown;
  /** Help for every command, or for one. */
  help(name?: string): string;
  usage(spec: CommandSpec<any>): string;
}

/** Build a registry; a second command with the same name is a programming error. */
export function createRegistry(specs: readonly CommandSpec<any>[]): CommandRegistry {
  const byName = new Map<string, CommandSpec<any>>();
  for (const spec of specs) {
    if (byName.has(spec.name)) throw new Error(`command "${spec.name}" is declared twice`);
    if (spec.options.filter((o) => !o.keyword).length > 1) {
      throw new Error(`command "${spec.name}" has more than one option without a keyword`);
    }
    byName.set(spec.name, spec);
  }

  const usage = (spec: CommandSpec<any>): string => ['/paper', spec.name, ...spec.options.map(optionUsage)].join(' ');

  const parse = (spec: CommandSpec<any>, inv: Pick<CommandInvocation, 'options' | 'text'>): unknown => {
    const raw = inv.options ? { ...inv.options } : parseText(spec.options, inv.text ?? '');
    const result = spec.schema.safeParse(raw);
    if (result.success) return result.data;
    const problems = result.error.issues.map((i) => {
      const field = i.path.length ? `${String(i.path[0])}: ` : '';
      return `${field}${i.message}`;
    });
    throw new UserInputError(
      `${problems.join('; ')}\nUsage: ${usage(spec)}\nExample: ${spec.examples[0] ?? usage(spec)}`,
    );
  };

  const help = (name?: string): string => {
    const spec = name ? byName.get(name) : undefined;
    if (spec) {
      return [`${usage(spec)}`, spec.description, ...spec.examples.map((e) => `  e.g. ${e}`)].join('\n');
    }
    const lines = specs.map((s) => `${usage(s)}\n    ${s.description}`);
    return ['paperboy brings each day\'s machine-learning papers to this channel.', '', ...lines].join('\n');
  };

  return { specs, get: (n) => byName.get(n.toLowerCase()), parse, help, usage };
}

/** How an option is typed, as usage shows it: `at <time>`, `quiet [on|off]`, `<query>`; optional ones in brackets. */
export function optionUsage(o: OptionSpec): string {
  // What the value may be: its choices, a number, or what it names (`export bibtex|markdown`, `page <number>`, `tz <timezone>`).
  const value = o.choices?.length ? o.choices.join('|') : o.type === 'integer' ? '<number>' : `<${o.name}>`;
  const shown = o.keyword ? (o.type === 'boolean' ? `${o.keyword} [on|off]` : `${o.keyword} ${value}`) : value;
  return o.required ? shown : `[${shown}]`;
}

/** Words that may follow a boolean keyword, and what they set it to. */
const SWITCH_WORDS = new Map([...['on', 'yes', 'true'].map((w) => [w, true] as const), ...['off', 'no', 'false'].map((w) => [w, false] as const)]);

/** Turn `linear attention at 08:30 tz Europe/Berlin` into `{topics: 'linear attention', time: '08:30', …}`. */
export function parseText(options: readonly OptionSpec[], text: string): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  const free: string[] = [];
  const tokens = tokenize(text);
  for (let i = 0; i < tokens.length; i++) {
    const word = tokens[i]!;
    const next = tokens[i + 1];
    // An everyday-word keyword (valueStarts) counts only before its kind of value; last, it is a word too (`model size`).
    const option = options.find((o) => o.keyword && o.keyword === word.toLowerCase() && (!o.valueStarts || (next !== undefined && o.valueStarts.test(next))));
    if (option && option.type === 'boolean') {
      // `quiet` alone turns it on; `quiet off` (or no, false) turns it off again, which text has no other way to say.
      const said = SWITCH_WORDS.get(tokens[i + 1]?.toLowerCase() ?? '');
      if (said !== undefined) i++;
      out[option.name] = said ?? true;
    } else if (option && i + 1 < tokens.length) {
      out[option.name] = tokens[++i];
    } else if (option) {
      throw new UserInputError(`"${word}" needs a value after it, e.g. ${word} ${exampleValue(option)}`);
    } else {
      free.push(word);
    }
  }
  if (free.length) {
    const rest = options.find((o) => !o.keyword);
    if (!rest) throw new UserInputError(`I don't understand "${free.join(' ')}" here.`);
    out[rest.name] = free.join(' ');
  }
  return out;
}

function exampleValue(o: OptionSpec): string {
  return o.choices?.[0] ?? (o.type === 'integer' ? String(o.min ?? 1) : o.name);
}
