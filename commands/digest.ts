// `/paper digest [YYYY-MM-DD]`: post the channel's digest now (defaults when not subscribed).
import { z } from 'zod';
import { defineCommand } from './command.ts';
import { isCalendarDay } from '../src/schedule/due.ts';
import { text } from '../src/views.ts';

export const digest = defineCommand({
  name: 'digest',
  description: 'Post this channel’s digest now: recent papers not yet posted here, or a given day’s.',
  options: [{ name: 'date', type: 'string', description: 'Listing day YYYY-MM-DD (default: the last few days)', maxLength: 10 }],
  schema: z.object({
    date: z
      .string()
      .trim()
      .refine(isCalendarDay, 'use a real day like 2025-11-19')
      .optional(),
  }),
  examples: ['/paper digest', '/paper digest 2025-11-19'],
  ephemeral: true,
  slow: true,
  async handler({ date }, { app, invocation }) {
    const outcome = await app.deliverNow(invocation, { date });
    // Empty: asked for, the digest says so in the channel even when the channel chose quiet.
    const said =
      outcome.status === 'done'
        ? `Posted ${outcome.posted} paper${outcome.posted === 1 ? '' : 's'}.`
        : outcome.status === 'empty'
          ? 'Nothing new to post for that day; the channel got a line saying so.'
          : `No digest posted: ${outcome.reason ?? outcome.status}.`;
    return { ephemeral: true, views: [text(said, outcome.status === 'failed' ? 'error' : 'info')] };
  },
});
