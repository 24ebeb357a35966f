// `paperboy start`: run every configured adapter (or the console channel) until stopped.
import type { Config } from '../config.ts';
import type { Logger } from '../logger.ts';
import { createApp } from '../app.ts';
import { createAdapters } from '../../adapters/index.ts';

/** Run the bot; resolves to the exit code when it stops (signal, or end of console input). */
export async function runBot(config: Config, logger: Logger): Promise<number> {
  let finish: (code: number) => void = () => {};
  const finished = new Promise<number>((resolve) => (finish = resolve));
  const app = await createApp({
    config,
    logger,
    adapters: (a) =>
      createAdapters(a, config, logger, {
        input: process.stdin,
        output: process.stdout,
        prompt: Boolean(process.stdin.isTTY),
        onEnd: () => finish(0),
      }),
  });
  // A signal may come twice (a terminal and the launcher both pass Ctrl-C on, see bin/launcher.js): stopping is once.
  // One that comes during start-up ends it at the next step (the index rebuild finishes first): nothing connects or posts.
  const stopping = new AbortController();
  const onSignal = (signal: string) => {
    if (stopping.signal.aborted) return;
    stopping.abort();
    logger.info({ signal }, 'stopping');
    finish(0);
  };
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);
  // The console's output closed (`npm start | head`): nobody reads its answers, so it stops as at end of input.
  const onOutputError = (err: NodeJS.ErrnoException) => {
    if (err.code === 'EPIPE') finish(0);
  };
  process.stdout.on('error', onOutputError);
  try {
    await app.start({ signal: stopping.signal });
    return await finished;
  } finally {
    // Also when start-up failed (a port in use): what it had begun (the console, a connection, the scheduler) would
    // otherwise keep the process alive, and the scheduler posting, after the error was reported.
    await app.stop().catch((err: unknown) => logger.error({ err }, 'stopping failed'));
    process.off('SIGINT', onSignal);
    process.off('SIGTERM', onSignal);
    process.stdout.off('error', onOutputError);
  }
}
