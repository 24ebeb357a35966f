// The console channel: `/paper …` lines from standard input, answers on standard output.
import { randomUUID } from 'node:crypto';
import { createInterface } from 'node:readline';
import type { Readable, Writable } from 'node:stream';
import type { App } from '../../src/app-services.ts';
import type { ChatAdapter, PostedMessage } from '../../src/chat.ts';
import type { View } from '../../src/views.ts';
import { renderText } from './render.ts';
import { waitAtMost } from '../../src/wait-at-most.ts';
import { cleanLine, head } from '../../src/text/cut.ts';

/** How long stopping waits for a command that is running. */
const STOP_WAIT_MS = 10_000;

/** The console's one channel and person. */
export const CONSOLE_CHANNEL = 'console';

export interface ConsoleAdapterOptions {
  input: Readable;
  output: Writable;
  /** Show a prompt (only on a terminal). */
  prompt?: boolean;
  userId?: string;
  /** Called once input has ended and every answer is written. */
  onEnd?: () => void;
}

/** A ChatAdapter over a pair of streams. */
export function createConsoleAdapter(app: App, opts: ConsoleAdapterOptions): ChatAdapter {
  let seq = 0;
  // Ids unique across runs: a message's link to its paper is stored, and console-1 of the last run is another message.
  const run = randomUUID().slice(0, 8);
  const nextId = () => `console-${run}-${++seq}`;
  const write = (s: string) => opts.output.write(s.endsWith('\n') ? s : `${s}\n`);
  let rl: ReturnType<typeof createInterface> | undefined;
  /** Commands answered in order; `stop` waits for the one running (up to STOP_WAIT_MS). */
  let chain = Promise.resolve();

  const answer = async (line: string): Promise<void> => {
    const trimmed = line.trim();
    if (!trimmed) return;
    const words = trimmed.replace(/^\/?paper\b/i, '').trim();
    const isPaper = /^\/?paper\b/i.test(trimmed);
    const name = words.split(/\s+/)[0] ?? '';
    if (!isPaper) {
      // Echoed cleaned (a typed or pasted escape must not drive the terminal) and cut whole (no half emoji).
      write(`Commands start with /paper (you typed "${head(cleanLine(trimmed), 40)}"). Try /paper help.`);
      return;
    }
    const reply = await app.handleCommand({
      platform: 'console',
      channelId: CONSOLE_CHANNEL,
      userId: opts.userId ?? 'you',
      name: name.toLowerCase(),
      text: words.slice(name.length).trim(),
      canManageChannel: true,
    });
    for (const view of reply.views) write(renderText(view));
  };

  return {
    platform: 'console',
    async start() {
      rl = createInterface({ input: opts.input, terminal: false });
      const prompt = () => opts.prompt && opts.output.write('paperboy> ');
      if (opts.prompt) write('paperboy console: type /paper help, or Ctrl-D to leave.');
      prompt();
      rl.on('line', (line) => {
        chain = chain.then(() => answer(line)).catch((err: unknown) => write(`Error: ${String(err)}`)).then(() => void prompt());
      });
      rl.on('close', () => {
        void chain.then(() => opts.onEnd?.());
      });
    },
    async stop() {
      rl?.close();
      // A command still running (Ctrl-C during a digest) finishes before the store closes under it, if it is quick to.
      await waitAtMost(chain, STOP_WAIT_MS);
    },
    async post(_channelId: string, view: View): Promise<PostedMessage[]> {
      write(renderText(view));
      if (view.kind === 'digest') {
        return [{ messageId: nextId() }, ...view.cards.map((c) => ({ messageId: nextId(), paperId: c.paper.id }))];
      }
      return [{ messageId: nextId(), paperId: view.kind === 'paper' ? view.card.paper.id : undefined }];
    },
  };
}
