// `/paper subscribe …`, `/paper unsubscribe`, `/paper settings`: a channel's daily digest.
import { z } from 'zod';
import { wholeNumber } from '../src/text/whole-number.ts';
import { defineCommand, type CommandContext } from './command.ts';
import { daysContinue, describeDays, parseDays, parseTime, parseTopics, timeContinues } from './schedule-options.ts';
import { exampleIn, syntaxOf } from './registry.ts';
import { UserInputError } from '../src/errors.ts';
import { isTimeZone, MAX_DIGEST_SIZE } from '../src/config.ts';
import { cannotPostNotice, text } from '../src/views.ts';
import type { Subscription } from '../src/store/stores.ts';
import type { AppServices } from '../src/app-services.ts';
import { describeWhen, nextDigest } from '../src/schedule/next-digest.ts';

const subscribeSchema = z.object({
  topics: z.string().max(500, 'keep topics under 500 characters').optional().transform(parseTopics),
  time: z
    .string()
    .optional()
    .transform((v, ctx) => {
      if (v === undefined) return undefined;
      const t = parseTime(v);
      if (!t) ctx.addIssue({ code: 'custom', message: `"${v}" is not a time; use HH:MM, e.g. 08:30 or 8:30 pm` });
      return t;
    }),
  timezone: z
    .string()
    .optional()
    .refine((v) => v === undefined || isTimeZone(v), { message: 'use an IANA timezone such as Europe/Berlin or America/New_York' }),
  days: z
    .string()
    .optional()
    .transform((v, ctx) => {
      if (v === undefined) return undefined;
      const d = parseDays(v);
      if (!d) ctx.addIssue({ code: 'custom', message: `"${v}" is not a set of days; use mon-fri, daily or mon,wed,fri` });
      return d;
    }),
  size: wholeNumber(`size must be a whole number from 1 to ${MAX_DIGEST_SIZE}`).pipe(z.number().min(1, 'size is at least 1').max(MAX_DIGEST_SIZE, `size is at most ${MAX_DIGEST_SIZE}`)).optional(),
  quiet: z.boolean().optional(),
  popular: z.boolean().optional(),
});

/** One line describing a subscription. */
export function describeSubscription(sub: Pick<Subscription, 'topics' | 'time' | 'timezone' | 'days' | 'size' | 'quiet' | 'paused'>): string {
  const one = sub.size === 1;
  const what = sub.topics.length
    ? `${sub.size} ${one ? 'paper' : 'papers'} on ${sub.topics.map((t) => `“${t}”`).join(', ')}`
    : `the day’s ${one ? 'most popular paper' : `${sub.size} most popular papers`}`;
  const paused = sub.paused ? ` Paused: ${sub.paused.reason}. Subscribe again to resume.` : '';
  return `${what}, at ${sub.time} ${sub.timezone}, ${describeDays(sub.days)}${sub.quiet ? ', quiet when nothing matches' : ''}.${paused}`;
}

/**
 * ` Next digest: tomorrow at 09:00 Europe/Berlin.`: said with the settings, since a time moved to one already past
 * today (an earlier `at`, another `tz`) means no digest today, and nothing else would tell.
 */
async function nextDigestLine(app: Pick<AppServices, 'clock' | 'stores'>, sub: Subscription): Promise<string> {
  const now = app.clock.now();
  const next = await nextDigest(sub, now, app.stores.deliveries).catch(() => undefined);
  return next ? ` Next digest: ${describeWhen(next, sub.timezone, now)}.` : '';
}

export const subscribe = defineCommand({
  name: 'subscribe',
  description: 'Send this channel a daily digest; topics separated by commas. Run again to change settings.',
  options: [
    { name: 'topics', type: 'string', description: 'Topics, comma-separated (kept when left out)', maxLength: 500 },
    { name: 'time', type: 'string', keyword: 'at', valueStarts: /^\d/, continues: timeContinues, example: '08:30', description: 'Local time HH:MM (default 09:00)', maxLength: 12 },
    { name: 'timezone', type: 'string', keyword: 'tz', example: 'Europe/Berlin', description: 'IANA timezone, e.g. Europe/Berlin', maxLength: 64 },
    { name: 'days', type: 'string', keyword: 'days', continues: daysContinue, example: 'mon-fri', description: 'mon-fri, daily, mon,wed,fri', maxLength: 80 },
    { name: 'size', type: 'integer', keyword: 'size', valueStarts: /^[\d+-]/, min: 1, max: MAX_DIGEST_SIZE, example: '3', description: 'Papers per digest' },
    { name: 'quiet', type: 'boolean', keyword: 'quiet', description: 'Post nothing on days with no match' },
    { name: 'popular', type: 'boolean', keyword: 'popular', flag: true, description: 'No topics: the day’s most popular papers' },
  ],
  schema: subscribeSchema,
  examples: ['/paper subscribe linear attention, model compression at 08:30 tz Europe/Berlin', '/paper subscribe size 3 days mon,wed,fri', '/paper subscribe popular'],
  manage: true,
  ephemeral: false,
  async handler(args, { app, invocation }) {
    const now = app.clock.now().toISOString();
    const existing = await app.stores.subscriptions.get(invocation.platform, invocation.channelId);
    const d = app.config.digest;
    if (args.popular && args.topics.length) {
      // In text `popular` may have been meant as a topic word; Discord's fields cannot be mistaken.
      const hint = syntaxOf(invocation) === 'text' ? ' To keep the word as a topic, quote it: "popular science".' : '';
      throw new UserInputError(`Choose topics or popular, not both.${hint}`);
    }
    const sub: Subscription = {
      platform: invocation.platform,
      channelId: invocation.channelId,
      workspaceId: invocation.workspaceId ?? existing?.workspaceId,
      topics: args.popular ? [] : args.topics.length ? args.topics : (existing?.topics ?? []),
      time: args.time ?? existing?.time ?? d.time,
      timezone: args.timezone ?? existing?.timezone ?? d.timezone,
      days: args.days ?? existing?.days ?? [1, 2, 3, 4, 5],
      size: args.size ?? existing?.size ?? d.size,
      quiet: args.quiet ?? existing?.quiet ?? false,
      createdBy: existing?.createdBy ?? invocation.userId,
      createdAt: existing?.createdAt ?? now,
      updatedAt: now,
    };
    await app.stores.subscriptions.put(sub);
    const verb = existing ? 'Updated: this channel gets' : 'Subscribed: this channel gets';
    const views = [text(`${verb} ${describeSubscription(sub)}${await nextDigestLine(app, sub)}`, 'success')];
    // Said now rather than by a paused subscription after the first digest fails.
    if (invocation.cannotPost) views.push(text(cannotPostNotice(invocation.cannotPost), 'error'));
    return { ephemeral: false, views, subscribed: true };
  },
});

export const unsubscribe = defineCommand({
  name: 'unsubscribe',
  description: 'Stop this channel’s daily digest (saved papers are kept).',
  options: [],
  schema: z.object({}),
  examples: ['/paper unsubscribe'],
  manage: true,
  ephemeral: false,
  async handler(_args, { app, invocation }: CommandContext) {
    const removed = await app.stores.subscriptions.delete(invocation.platform, invocation.channelId);
    return {
      ephemeral: !removed,
      views: [text(removed ? 'Unsubscribed: no more daily digests here. Saved papers are kept.' : 'This channel has no daily digest to stop.')],
    };
  },
});

export const settings = defineCommand({
  name: 'settings',
  description: 'Show this channel’s digest settings.',
  options: [],
  schema: z.object({}),
  examples: ['/paper settings'],
  ephemeral: true,
  async handler(_args, { app, invocation }: CommandContext) {
    const sub = await app.stores.subscriptions.get(invocation.platform, invocation.channelId);
    const d = app.config.digest;
    const line = sub
      ? `This channel gets ${describeSubscription(sub)}${sub.paused ? '' : await nextDigestLine(app, sub)}`
      : `This channel has no daily digest. With /paper subscribe it would get ${describeSubscription({ topics: [], time: d.time, timezone: d.timezone, days: [1, 2, 3, 4, 5], size: d.size, quiet: false })}`;
    return { ephemeral: true, views: [text(`${line}\nChange it with /paper subscribe (e.g. ${exampleIn(subscribe, syntaxOf(invocation))[0]}).`)] };
  },
});
