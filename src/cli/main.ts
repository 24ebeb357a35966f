// The `paperboy` command line: start the bot, or preview digests, search, show and sync from a shell.
import { parseArgs } from 'node:util';
import { config as loadDotenv } from 'dotenv';
import { loadConfig, secretsOf, type Config } from '../config.ts';
import { createLogger, type Logger } from '../logger.ts';
import { ConfigError, UpstreamError, UserInputError } from '../errors.ts';
import { runCliCommand, CLI_HELP } from './cli-commands.ts';

/** Run the CLI with its arguments (without `node paperboy`); resolves to the exit code. */
export async function main(argv: string[], env: NodeJS.ProcessEnv = process.env): Promise<number> {
  loadDotenv({ quiet: true, processEnv: env as Record<string, string> });
  const [command = 'start', ...rest] = argv;
  if (command === 'help' || command === '--help' || command === '-h') {
    process.stdout.write(CLI_HELP);
    return 0;
  }
  let config: Config;
  try {
    config = loadConfig(env);
  } catch (err) {
    if (err instanceof ConfigError) {
      process.stderr.write(`${err.message}\n`);
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
    const { values, positionals } = parseArgs({
      args: rest,
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
      },
    });
    return await runCliCommand(command, { values, positionals, config, logger });
  } catch (err) {
    if (err instanceof UserInputError || (err instanceof TypeError && 'code' in err && String(err.code).startsWith('ERR_PARSE_ARGS'))) {
      process.stderr.write(`paperboy: ${err.message}\nRun "paperboy help" for usage.\n`);
      return 2;
    }
    if (err instanceof UpstreamError) {
      process.stderr.write(`paperboy: ${err.message}. Check your network or ${err.service}'s status, then try again.\n`);
      return 1;
    }
    // A store that cannot be opened, found after the environment was read: said once, as the problems above are.
    if (err instanceof ConfigError || (err instanceof Error && err.name === 'StoreError')) {
      process.stderr.write(`paperboy: ${err.message}\n`);
      return 1;
    }
    logger.error({ err }, 'paperboy failed');
    process.stderr.write(`paperboy: ${err instanceof Error ? err.message : String(err)}\n`);
    return 1;
  }
}
