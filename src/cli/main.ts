// The `paperboy` command line: start the bot, or preview digests, search, show and sync from a shell.
import { parseArgs } from 'node:util';
import { config as loadDotenv } from 'dotenv';
import { loadConfig, secretsOf, type Config } from '../config.ts';
import { createLogger, type Logger } from '../logger.ts';
import { ConfigError, serviceName, UpstreamError, UserInputError } from '../errors.ts';
import { runCliCommand, CLI_HELP } from './cli-commands.ts';
import { say } from './say.ts';
import { head } from '../text/cut.ts';

/** The flags each command takes: one meant for another command is refused, not ignored. */
const FLAGS: Record<string, readonly string[]> = {
  start: [],
  digest: ['date', 'topics', 'limit', 'format', 'channel'],
  search: ['limit', 'format'],
  show: ['format', 'channel'],
  sync: ['from', 'to'],
  eval: [],
  register: [],
};
/** Commands that take no words after them. */
const NO_ARGUMENTS = new Set(['start', 'eval', 'register']);

/** The command line's flags and words, checked against what `command` takes. */
function parseCommandLine(command: string, args: string[]) {
  const taken = FLAGS[command];
  if (!taken) throw new UserInputError(`unknown command "${head(command, 40)}"`);
  const { values, positionals } = parseArgs({
    args,
    allowPositionals: true,
    strict: true,
    options: {
      date: { type: 'string' },
      topics: { type: 'string' },
      limit: { type: 'string' },
      format: { type: 'string' },
      from: { type: 'string' },
      to: { type: 'string' },
      channel: { type: 'string' },
      help: { type: 'boolean', short: 'h' },
    },
  });
  const { help, ...flags } = values;
  if (help) return { help: true, values: flags, positionals };
  const stray = Object.keys(flags).find((f) => !taken.includes(f));
  if (stray) throw new UserInputError(`${command} does not take --${stray}${taken.length ? ` (it takes ${taken.map((f) => `--${f}`).join(', ')})` : ''}`);
  if (NO_ARGUMENTS.has(command) && positionals.length) throw new UserInputError(`${command} takes no arguments (got "${head(positionals[0]!, 40)}")`);
  return { help: false, values: flags, positionals };
}

/** A command line paperboy cannot use: our own refusal, or node's parseArgs's. */
const isBadArgument = (err: unknown): err is Error =>
  err instanceof UserInputError || (err instanceof TypeError && 'code' in err && String(err.code).startsWith('ERR_PARSE_ARGS'));

/** Say what is wrong with the command line; exit code 2. */
function badArgument(err: Error): number {
  say(`paperboy: ${err.message}\nRun "paperboy help" for usage.\n`);
  return 2;
}

/** Errors that already start with "paperboy" are printed as they are, others after "paperboy: ". */
const said = (message: string): string => (message.startsWith('paperboy') ? message : `paperboy: ${message}`);

let quietOnClosedOutput = false;
/**
 * Standard output or error closed early (`paperboy digest … | head -1`): the rest is not wanted, so it is dropped
 * quietly instead of ending in an unhandled EPIPE and a stack trace. (The console channel stops then too.)
 */
function dropOutputOnceClosed(): void {
  if (quietOnClosedOutput) return;
  quietOnClosedOutput = true;
  process.stdout.on('error', (err: NodeJS.ErrnoException) => {
    if (err.code !== 'EPIPE') say(`paperboy: cannot write to standard output (${err.message})\n`);
  });
  // The same for messages (`paperboy sync … 2>&1 | head -1`): the work goes on, unseen; there is nowhere left to complain.
  process.stderr.on('error', () => undefined);
}

/** Run the CLI with its arguments (without `node paperboy`); resolves to the exit code. */
export async function main(argv: string[], env: NodeJS.ProcessEnv = process.env): Promise<number> {
  loadDotenv({ quiet: true, processEnv: env as Record<string, string> });
  dropOutputOnceClosed();
  const [command = 'start', ...rest] = argv;
  if (command === 'help' || command === '--help' || command === '-h') {
    process.stdout.write(CLI_HELP);
    return 0;
  }
  let line: ReturnType<typeof parseCommandLine>;
  try {
    line = parseCommandLine(command, rest);
  } catch (err) {
    if (isBadArgument(err)) return badArgument(err);
    throw err;
  }
  if (line.help) {
    process.stdout.write(CLI_HELP);
    return 0;
  }
  let config: Config;
  try {
    // The platforms' rules only for what talks to them (the bot, and registering Discord's commands).
    config = loadConfig(env, { platforms: command === 'start' || command === 'register' });
  } catch (err) {
    if (err instanceof ConfigError) {
      say(`${err.message}\n`);
      return 1;
    }
    throw err;
  }
  // The CLI's own output is data on stdout; logs go to stderr, quieter unless asked.
  const level = command === 'start' || env.LOG_LEVEL ? config.logLevel : 'warn';
  // Readable lines for a person at a terminal (the console channel, the CLI); JSON lines for log collectors.
  const pretty = config.logFormat === 'pretty' || (config.logFormat === 'auto' && Boolean(process.stderr.isTTY));
  const logger: Logger = createLogger(level, undefined, pretty ? 'pretty' : 'json', secretsOf(config));
  try {
    // The chat SDKs (about 0.7 s to load) only for the bot: a CLI command answers without them.
    if (command === 'start') return await (await import('./run-bot.ts')).runBot(config, logger);
    return await runCliCommand(command, { values: line.values, positionals: line.positionals, config, logger });
  } catch (err) {
    if (isBadArgument(err)) return badArgument(err);
    if (err instanceof UpstreamError) {
      say(`paperboy: ${err.message}. Check your network or ${serviceName(err.service)}'s status, then try again.\n`);
      return 1;
    }
    // A store that cannot be opened, found after the environment was read: said once, as the problems above are.
    if (err instanceof ConfigError || (err instanceof Error && err.name === 'StoreError')) {
      say(`${said(err.message)}\n`);
      return 1;
    }
    logger.error({ err }, 'paperboy failed');
    say(`paperboy: ${err instanceof Error ? err.message : String(err)}\n`);
    return 1;
  }
}
