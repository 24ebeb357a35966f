// `/paper digest [YYYY-MM-DD]`: post the channel's digest now (defaults when not subscribed).
import { z } from 'zod';
import { defineCommand } from './command.ts';
import { addDays, isCalendarDay, localDay } from '../src/schedule/due.ts';
import { UserInputError } from '../src/errors.ts';

/** Hugging Face's Daily Papers began in 2023: no listing is older. */
const FIRST_LISTING_YEAR = 2023;
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
    // Asked of a day with no listing, the channel would be told publicly that it had no papers. Tomorrow is allowed:
    // somewhere it is already tomorrow (UTC+14).
    if (date && date > addDays(localDay(app.clock.now(), 'UTC'), 1)) throw new UserInputError(`${date} has not happened yet: give a past day, or leave the date out for the latest papers.`);
    if (date && Number(date.slice(0, 4)) < FIRST_LISTING_YEAR) throw new UserInputError(`Hugging Face's daily listings start in ${FIRST_LISTING_YEAR}: give a day since then.`);
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
