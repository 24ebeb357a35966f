// The CLI's preview commands: digest, search, show, sync, eval, register. Data on stdout, errors on stderr.
import type { Config } from '../config.ts';
import type { Logger } from '../logger.ts';
import { createApp, type RunningApp } from '../app.ts';
import { UserInputError } from '../errors.ts';
import { parseTopics } from '../../commands/schedule-options.ts';
import { cutQuery, MAX_QUERY } from '../../commands/search.ts';
import { unknownPaperText } from '../../commands/show.ts';
import { parsePaperRef } from '../papers/arxiv-id.ts';
import { formatViews, parseFormat } from './output.ts';
import { addDays } from '../schedule/due.ts';
import { daysBetween, parseDay, utcDay } from './dates.ts';
import type { Paper } from '../papers/paper.ts';
import type { DigestView } from '../views.ts';
import { runEval } from './eval.ts';
import { say } from './say.ts';
import { head } from '../text/cut.ts';

export const CLI_HELP = `paperboy: each day's machine-learning papers, for your team's channels.

  paperboy start                      run the bot (Slack/Discord from .env; else the console channel)
  paperboy digest [--date YYYY-MM-DD] [--topics "a, b"] [--limit N] [--format text|json|slack|discord] [--channel ID]
                                      fetch a day's listing and print its ranked digest (records no delivery)
  paperboy search <query> [--limit N] [--format text|json]
  paperboy show <arXiv id or URL> [--format text|json|slack|discord] [--channel ID]
  paperboy sync --from YYYY-MM-DD [--to YYYY-MM-DD]   backfill the store (at most ten years at a time)
  paperboy eval                       ranking quality (mean nDCG@5) on the shared fixtures (PAPERBOY_FIXTURES: their folder)
  paperboy register                   register the Discord slash commands

  --limit is 1 to 100 (digest: DIGEST_SIZE by default; search: 10). --channel sets the channel of
  --format slack payloads.

Configuration comes from the environment and .env (see .env.example).
`;

interface CliContext {
  values: Record<string, string | boolean | undefined>;
  positionals: string[];
  config: Config;
  logger: Logger;
}

const str = (v: string | boolean | undefined) => (typeof v === 'string' ? v : undefined);

function parseLimit(value: string | undefined, fallback: number, max = 100): number {
  if (value === undefined) return fallback;
  // Digits only: Number() would also take "0x10", "1e1" and " 5".
  const n = /^\d+$/.test(value) ? Number(value) : NaN;
  if (!Number.isInteger(n) || n < 1 || n > max) throw new UserInputError(`--limit must be a whole number from 1 to ${max} (got "${value}")`);
  return n;
}

async function withApp<T>(ctx: CliContext, fn: (app: RunningApp) => Promise<T>): Promise<T> {
  const app = await createApp({ config: ctx.config, logger: ctx.logger, adapters: () => [], scheduler: false });
  try {
    return await fn(app);
  } finally {
    await app.stop();
  }
}

/**
 * A day's listing, fetched (and stored); when Hugging Face fails, the listing stored earlier, with a note on
 * stderr, as the bot's digests do. The failure itself when nothing is stored for the day.
 */
async function listingOf(app: RunningApp, day: string): Promise<Paper[]> {
  try {
    return await app.papers.fetchDay(day);
  } catch (err) {
    const stored = await app.papers.storedDay(day);
    if (!stored.length) throw err;
    say(`paperboy: could not fetch ${day} (${err instanceof Error ? err.message : String(err)}); showing the listing stored earlier\n`);
    return stored;
  }
}

/** The requested day, or with no --date the latest day with papers (weekends are thin), going back past days that fail. */
async function fetchListing(app: RunningApp, date: string | undefined, lookback: number): Promise<{ date: string; papers: Paper[] }> {
  if (date) return { date, papers: await listingOf(app, date) };
  const today = utcDay(app.clock.now());
  let failure: unknown;
  const failed: string[] = [];
  let answered = false;
  for (let back = 0; back <= lookback; back++) {
    const day = addDays(today, -back);
    try {
      const papers = await listingOf(app, day);
      answered = true;
      if (papers.length) return { date: day, papers };
    } catch (err) {
      failure ??= err;
      failed.push(day);
    }
  }
  if (!answered) throw failure;
  // Some days answered with no papers, others failed: said, or a script could not tell an outage from a quiet week.
  if (failed.length) {
    const why = failure instanceof Error ? failure.message : String(failure);
    say(`paperboy: could not fetch ${failed.join(', ')} (${why}); the other days list no papers\n`);
  }
  return { date: today, papers: [] };
}

/** Run one CLI command; resolves to the exit code. */
export async function runCliCommand(command: string, ctx: CliContext): Promise<number> {
  const { values, positionals, config } = ctx;
  const out = (s: string) => process.stdout.write(s);
  switch (command) {
    case 'digest': {
      // `paperboy digest 2025-11-19` (the console's syntax) would otherwise print another day's digest without a word.
      if (positionals.length) throw new UserInputError(`digest takes no arguments (got "${head(positionals[0]!, 40)}"); for a day, use --date YYYY-MM-DD`);
      const format = parseFormat(str(values.format));
      const date = values.date === undefined ? undefined : parseDay(String(values.date), '--date');
      const topics = parseTopics(str(values.topics));
      const size = parseLimit(str(values.limit), config.digest.size);
      return withApp(ctx, async (app) => {
        // The whole store, as the bot ranks with it (the corpus's word statistics and the channel-free profile).
        await app.warmUp();
        const listing = await fetchListing(app, date, config.digest.lookbackDays);
        const cards = await app.digests.rank(listing.papers, { date: listing.date, topics, size });
        const view: DigestView = {
          kind: 'digest',
          date: listing.date,
          topics,
          cards,
          emptyText: listing.papers.length ? `Nothing on ${topics.join(', ')} among ${listing.papers.length} papers.` : `No papers are listed for ${listing.date}.`,
        };
        out(formatViews([view], format, { channel: str(values.channel) }));
        return 0;
      });
    }
    case 'search': {
      const typed = positionals.join(' ').trim();
      if (!typed) throw new UserInputError('search needs a query, e.g. paperboy search "linear attention"');
      const format = parseFormat(str(values.format), ['text', 'json']);
      const limit = parseLimit(str(values.limit), 10);
      // As in /paper search: a longer query is cut, with a note (on stderr: stdout is data).
      const { query, cut } = cutQuery(typed);
      if (cut) say(`paperboy: your query was cut to its first ${MAX_QUERY} characters\n`);
      return withApp(ctx, async (app) => {
        await app.warmUp();
        const hits = await app.search.search(query, { limit });
        const cards = hits.map((h, i) => ({ paper: h.paper, rank: i + 1, score: h.score, why: h.why }));
        const emptyText = parsePaperRef(query) ? unknownPaperText(query) : 'No paper matches.';
        out(formatViews([{ kind: 'list', title: `Papers for “${query}”`, cards, emptyText }], format));
        return 0;
      });
    }
    case 'show': {
      const ref = positionals.join(' ').trim();
      if (!ref) throw new UserInputError('show needs an arXiv id or URL, e.g. paperboy show 2406.12345');
      const format = parseFormat(str(values.format));
      return withApp(ctx, async (app) => {
        const paper = await app.papers.lookup(ref);
        if (!paper) {
          say(`paperboy: neither Hugging Face nor arXiv knows "${ref}"\n`);
          return 1;
        }
        out(formatViews([{ kind: 'paper', card: { paper } }], format, { channel: str(values.channel) }));
        return 0;
      });
    }
    case 'sync': {
      if (positionals.length) throw new UserInputError(`sync takes no arguments (got "${head(positionals[0]!, 40)}"); use --from YYYY-MM-DD [--to YYYY-MM-DD]`);
      if (values.from === undefined) throw new UserInputError('sync needs --from YYYY-MM-DD');
      const from = parseDay(String(values.from), '--from');
      const to = values.to === undefined ? utcDay(new Date()) : parseDay(String(values.to), '--to');
      if (to < from) throw new UserInputError(`--to (${to}${values.to === undefined ? ', today' : ''}) is before --from (${from})`);
      const days = daysBetween(from, to);
      if (days.length > 3660) throw new UserInputError('sync at most ten years at a time');
      return withApp(ctx, async (app) => {
        let failed = 0;
        let total = 0;
        for (const [i, day] of days.entries()) {
          try {
            const papers = await app.papers.fetchDay(day);
            total += papers.length;
            say(`[${i + 1}/${days.length}] ${day}: ${papers.length} papers\n`);
          } catch (err) {
            failed++;
            say(`[${i + 1}/${days.length}] ${day}: failed (${err instanceof Error ? err.message : String(err)})\n`);
          }
        }
        say(`synced ${days.length - failed} of ${days.length} days, ${total} listings\n`);
        return failed ? 1 : 0;
      });
    }
    case 'eval':
      return runEval(out);
    case 'register':
      return (await import('./register.ts')).registerDiscordCommands(config, ctx.logger);
    default:
      throw new UserInputError(`unknown command "${command}"`);
  }
}
