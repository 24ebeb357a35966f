// The command registry: rejects duplicates, parses and validates invocations, writes the help text.
import type { CommandInvocation } from '../src/chat.ts';
import { UserInputError } from '../src/errors.ts';
import type { CommandSpec, OptionSpec, Syntax } from './command.ts';
import { tokenize } from './tokenize.ts';
import { head } from '../src/text/cut.ts';

/** The `/paper` subcommands, looked up by name. */
export interface CommandRegistry {
  readonly specs: readonly CommandSpec<any>[];
  get(name: string): CommandSpec<any> | undefined;
  /** Parse and validate an invocation's options; throws UserInputError with usage on bad input. */
  parse(spec: CommandSpec<any>, inv: Pick<CommandInvocation, 'options' | 'text'>): unknown;
  /** Help for every command, or for one (a name it does not know is said, then every command), written in `syntax`. */
  help(name?: string, syntax?: Syntax): string;
  usage(spec: CommandSpec<any>, syntax?: Syntax): string;
}

/** How an invocation's options were written: typed in the platform's fields (Discord) or as text. */
export const syntaxOf = (inv: Pick<CommandInvocation, 'options'>): Syntax => (inv.options ? 'options' : 'text');

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

  const usage = (spec: CommandSpec<any>, syntax: Syntax = 'text'): string => ['/paper', spec.name, ...spec.options.map((o) => optionUsage(o, syntax))].join(' ');

  const parse = (spec: CommandSpec<any>, inv: Pick<CommandInvocation, 'options' | 'text'>): unknown => {
    const syntax = syntaxOf(inv);
    const explain = (problem: string) => new UserInputError(`${problem}\nUsage: ${usage(spec, syntax)}\nExample: ${exampleIn(spec, syntax)[0] ?? usage(spec, syntax)}`);
    let raw: Record<string, unknown>;
    try {
      raw = inv.options ? { ...inv.options } : parseText(spec.options, inv.text ?? '');
    } catch (err) {
      throw err instanceof UserInputError ? explain(err.message) : err;
    }
    const result = spec.schema.safeParse(raw);
    if (result.success) return result.data;
    const problems = result.error.issues.map((i) => {
      const field = i.path.length ? `${String(i.path[0])}: ` : '';
      return `${field}${i.message}`;
    });
    throw explain(problems.join('; '));
  };

  const help = (name?: string, syntax: Syntax = 'text'): string => {
    const spec = name ? byName.get(name.toLowerCase()) : undefined;
    if (spec) {
      return [`${usage(spec, syntax)}`, spec.description, ...exampleIn(spec, syntax).map((e) => `  e.g. ${e}`)].join('\n');
    }
    const unknown = name ? `I don't know "/paper ${head(name, 40)}".\n\n` : '';
    const lines = specs.map((s) => `${usage(s, syntax)}\n    ${s.description}`);
    return [`${unknown}paperboy brings each day's machine-learning papers to this channel.`, '', ...lines].join('\n');
  };

  return { specs, get: (n) => byName.get(n.toLowerCase()), parse, help, usage };
}

/**
 * How an option is typed, as usage shows it: in text `at <time>`, `quiet [on|off]`, `<query>`; in the platform's
 * fields `time:<time>`, `quiet:True|False`. Optional ones in brackets.
 */
export function optionUsage(o: OptionSpec, syntax: Syntax = 'text'): string {
  // What the value may be: its choices, a number, or what it names (`export bibtex|markdown`, `page <number>`, `tz <timezone>`).
  const value = o.choices?.length ? o.choices.join('|') : o.type === 'integer' ? '<number>' : `<${o.name}>`;
  const shown =
    syntax === 'options'
      ? `${o.name}:${o.type === 'boolean' ? 'True|False' : value}`
      : o.keyword
        ? o.type === 'boolean'
          ? o.flag
            ? o.keyword
            : `${o.keyword} [on|off]`
          : `${o.keyword} ${value}`
        : value;
  return o.required ? shown : `[${shown}]`;
}

/**
 * A command's examples as `syntax` writes them. They are declared once, in text; in the platform's fields each
 * becomes what parsing it gives (`/paper subscribe diffusion at 08:30` → `/paper subscribe topics:diffusion time:08:30`).
 */
export function exampleIn(spec: CommandSpec<any>, syntax: Syntax): string[] {
  if (syntax === 'text') return [...spec.examples];
  return spec.examples.map((e) => {
    const fields = parseText(spec.options, e.replace(/^\/paper\s+\S+\s*/, ''));
    const shown = spec.options.filter((o) => fields[o.name] !== undefined).map((o) => optionPhrase(o, fields[o.name], syntax));
    return ['/paper', spec.name, ...shown].join(' ');
  });
}

/** An option given a value, as `syntax` writes it: `page 2` or `<paper>` in text, `page:2` or `quiet:True` in fields. */
export function optionPhrase(o: OptionSpec, value: unknown, syntax: Syntax): string {
  const shown = o.type === 'boolean' && typeof value === 'boolean' ? (syntax === 'options' ? (value ? 'True' : 'False') : value ? '' : 'off') : String(value);
  if (syntax === 'options') return `${o.name}:${shown}`;
  return o.keyword ? [o.keyword, shown].filter(Boolean).join(' ') : shown;
}

/** Words that may follow a boolean keyword, and what they set it to. */
const SWITCH_WORDS = new Map([...['on', 'yes', 'true'].map((w) => [w, true] as const), ...['off', 'no', 'false'].map((w) => [w, false] as const)]);

/**
 * Turn `linear attention at 08:30 tz Europe/Berlin` into `{topics: 'linear attention', time: '08:30', …}`.
 * A quoted word or phrase is never a keyword (`"quiet" models` is a topic).
 */
export function parseText(options: readonly OptionSpec[], text: string): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  const free: string[] = [];
  const tokens = tokenize(text);
  const bare = (i: number): string | undefined => (tokens[i] && !tokens[i]!.quoted ? tokens[i]!.text : undefined);
  const keywords = new Set(options.flatMap((o) => (o.keyword ? [o.keyword] : [])));
  /** The word at i as a value's `continues` sees what follows it: none when it is a keyword. */
  const following = (i: number): string | undefined => {
    const w = bare(i);
    return w !== undefined && !keywords.has(w.toLowerCase()) ? w : undefined;
  };
  for (let i = 0; i < tokens.length; i++) {
    const word = tokens[i]!.text;
    const next = tokens[i + 1]?.text;
    // An everyday-word keyword (valueStarts) counts only before its kind of value; last, it is a word too (`model size`).
    const option = tokens[i]!.quoted
      ? undefined
      : options.find((o) => o.keyword && o.keyword === word.toLowerCase() && (!o.valueStarts || (next !== undefined && o.valueStarts.test(next))));
    if (option && option.type === 'boolean') {
      // `quiet` alone turns it on; `quiet off` (or no, false) turns it off again, which text has no other way to say.
      const said = option.flag ? undefined : SWITCH_WORDS.get(bare(i + 1)?.toLowerCase() ?? '');
      if (said !== undefined) i++;
      out[option.name] = said ?? true;
    } else if (option && i + 1 < tokens.length) {
      const quoted = tokens[++i]!.quoted;
      let value = tokens[i]!.text;
      // A value of several words (`8:30 pm`, `mon, wed, fri`) goes on while the option says the next one belongs to it
      // (a quoted value is all there is).
      for (let more = bare(i + 1); !quoted && more !== undefined && option.continues?.(more, value, following(i + 2)); more = bare(i + 1)) {
        value += ` ${more}`;
        i++;
      }
      // A comma or semicolon after a value separates it from what follows (`at 08:30, robotics`), and still
      // separates the free words around it (`linear attention at 08:30, robotics` is two topics).
      const separator = quoted ? undefined : /[,;]+$/.exec(value)?.[0];
      out[option.name] = separator ? value.slice(0, -separator.length) : value;
      if (separator && free.length) free.push(separator);
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
  return o.example ?? o.choices?.[0] ?? (o.type === 'integer' ? String(o.min ?? 1) : `<${o.name}>`);
}
