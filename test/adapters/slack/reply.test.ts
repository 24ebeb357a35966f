// Sending a reply's messages: what the person is told when posting, or only remembering a post, fails.
import { describe, expect, it } from 'vitest';
import { createLogger } from '../../../src/logger.ts';
import { sendReply, type ReplyContext } from '../../../adapters/slack/reply.ts';
import { paper } from '../render-papers.ts';

function context(opts: { post: () => Promise<string>; record: () => Promise<void> }) {
  const lines: string[] = [];
  const privately: unknown[] = [];
  const ctx = {
    client: {} as never,
    poster: { post: opts.post } as never,
    logger: createLogger('warn', { write: (l: string) => void lines.push(l) }),
    recordMessage: opts.record,
  } satisfies ReplyContext;
  const target = { channelId: 'C1', userId: 'U1', respond: async (m: unknown) => void privately.push(m) };
  return { ctx, target, lines, privately };
}

describe('sendReply', () => {
  const shared = { ephemeral: false, views: [{ kind: 'paper' as const, card: { paper: paper({ id: '2501.00001', title: 'A paper' }) } }] };

  it('counts a paper posted to the channel as posted even when remembering the post fails (a warning, no private copy)', async () => {
    const { ctx, target, lines, privately } = context({ post: async () => '1700000000.000100', record: async () => Promise.reject(new Error('store: write failed')) });
    expect(await sendReply(ctx, target, shared)).toBe(true);
    expect(privately).toEqual([]);
    expect(lines.join('')).toMatch(/could not record a posted paper/);
  });

  it('shows the answer privately, saying why, when the channel refuses it', async () => {
    const { ctx, target, privately } = context({ post: async () => Promise.reject(new Error('slack: chat.postMessage failed: fatal_error')), record: async () => {} });
    expect(await sendReply(ctx, target, shared)).toBe(false);
    expect(JSON.stringify(privately[0])).toMatch(/could not post this in the channel, so only you see it \(slack: chat.postMessage failed: fatal_error\)/);
    expect(JSON.stringify(privately[1])).toContain('A paper');
  });
});
