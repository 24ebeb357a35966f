// The CLI against bad arguments and broken upstreams ends in a clear message and exit code, never a stack trace.
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config.ts';
import { ConfigError } from '../../src/errors.ts';
import { runCli, startCliWorld, type CliRun, type CliWorld } from './run-cli.ts';

let world: CliWorld;
let env: Record<string, string>;

beforeAll(async () => {
  world = await startCliWorld([{ id: 'hep-th/9901001', title: 'An Old Style Paper', summary: 'Strings.', authors: ['E. Witten'] }]);
  env = world.env;
});
afterEach(() => world.hf.clearFaults());
afterAll(() => world.close());

const STACK = /\n\s+at .*:\d+:\d+|"stack"/;

/** A failed run: the exit code, nothing on stdout, a message on stderr and no stack trace. */
function expectFailure(run: CliRun, code: number, message: RegExp): void {
  expect(run.stderr).toMatch(message);
  expect(run.stderr).not.toMatch(STACK);
  expect(run.stdout).toBe('');
  expect(run.code).toBe(code);
}

describe('CLI arguments', () => {
  it('rejects impossible --date, --from and --to days as bad arguments (exit 2), without a stack trace', async () => {
    const [month13, day32, month0, from, to] = await Promise.all([
      runCli(['digest', '--date', '2026-13-01'], env),
      runCli(['digest', '--date', '2026-02-32'], env),
      runCli(['digest', '--date', '2026-00-10'], env),
      runCli(['sync', '--from', '2026-13-01'], env),
      runCli(['sync', '--from', '2026-01-01', '--to', '2026-01-99'], env),
    ]);
    expectFailure(month13, 2, /--date must be a date like 2025-11-19 \(got "2026-13-01"\)/);
    expectFailure(day32, 2, /--date must be a date/);
    expectFailure(month0, 2, /--date must be a date/);
    expectFailure(from, 2, /--from must be a date/);
    expectFailure(to, 2, /--to must be a date/);
    expect(world.hf.requestsTo('daily_papers').some((r) => /2026-(13|00)|2026-02-32/.test(r.url))).toBe(false);
  });

  it('rejects malformed --date, --limit and --format values with exit 2', async () => {
    const runs = await Promise.all([
      runCli(['digest', '--date', 'tomorrow'], env),
      runCli(['digest', '--limit', 'abc'], env),
      runCli(['digest', '--limit', '-5'], env),
      runCli(['digest', '--limit=-5'], env),
      runCli(['digest', '--format', 'xml'], env),
      runCli(['search', 'x', '--format', 'slack'], env),
      runCli(['search', 'x', '--limit', '0x10'], env),
      runCli(['search', 'x', '--limit', '1e1'], env),
    ]);
    const [tomorrow, abc, dash, eqDash, xml, slack, hex, exponent] = runs;
    expectFailure(tomorrow!, 2, /--date must be a date/);
    expectFailure(abc!, 2, /--limit must be a whole number from 1 to 100 \(got "abc"\)/);
    expectFailure(dash!, 2, /--limit/);
    expectFailure(eqDash!, 2, /--limit must be a whole number/);
    expectFailure(xml!, 2, /--format must be one of text, json, slack, discord/);
    expectFailure(slack!, 2, /--format must be one of text, json/);
    expectFailure(hex!, 2, /--limit must be a whole number from 1 to 100 \(got "0x10"\)/);
    expectFailure(exponent!, 2, /--limit must be a whole number from 1 to 100 \(got "1e1"\)/);
    for (const run of runs) expect(run.stderr).toMatch(/paperboy help/);
  });

  it('rejects unknown commands and missing arguments with exit 2', async () => {
    const runs = await Promise.all([
      runCli(['frobnicate'], env),
      runCli(['show'], env),
      runCli(['search'], env),
      runCli(['sync'], env),
      runCli(['digest', '--limit'], env),
    ]);
    const [unknown, show, search, sync, noValue] = runs;
    expectFailure(unknown!, 2, /unknown command "frobnicate"/);
    expectFailure(show!, 2, /show needs an arXiv id or URL/);
    expectFailure(search!, 2, /search needs a query/);
    expectFailure(sync!, 2, /sync needs --from/);
    expectFailure(noValue!, 2, /--limit/);
    for (const run of runs) expect(run.stderr).toMatch(/paperboy help/);
  });

  it('says once, without a stack trace, that the store cannot be opened, for the bot and the CLI alike (exit 1)', async () => {
    const broken = { ...env, STORE_URL: 'sqlite:///dev/null/paperboy.sqlite' };
    const [start, search] = await Promise.all([runCli(['start'], broken), runCli(['search', 'attention'], broken)]);
    for (const run of [start, search]) {
      expectFailure(run, 1, /^paperboy: paperboy cannot start:\n {2}- STORE_URL: cannot open the SQLite store at \/dev\/null\/paperboy\.sqlite .*point STORE_URL elsewhere\.\n$/);
    }
  });

  it('refuses a day given as an argument instead of silently printing another day, and names today in sync', async () => {
    const [digest, sync, future] = await Promise.all([
      runCli(['digest', '2025-11-19', '--format', 'json'], env),
      runCli(['sync', '2025-11-19'], env),
      runCli(['sync', '--from', '2099-01-01'], env),
    ]);
    expectFailure(digest, 2, /digest takes no arguments \(got "2025-11-19"\); for a day, use --date YYYY-MM-DD/);
    expectFailure(sync, 2, /sync takes no arguments \(got "2025-11-19"\)/);
    expectFailure(future, 2, /--to \(\d{4}-\d{2}-\d{2}, today\) is before --from \(2099-01-01\)/);
  });

  it('shows papers from odd but valid references, and refuses a 10 kB one', async () => {
    const [pdf, hfLink, oldStyle, huge] = await Promise.all([
      runCli(['show', 'https://arxiv.org/pdf/2406.95972v3.pdf', '--format', 'json'], env),
      runCli(['show', ' https://huggingface.co/papers/2406.95972?x=1#y ', '--format', 'json'], env),
      runCli(['show', 'hep-th/9901001v2', '--format', 'json'], env),
      runCli(['show', `2406.95972${'x'.repeat(10_000)}`], env),
    ]);
    for (const run of [pdf, hfLink, oldStyle]) {
      expect(run.stderr).toBe('');
      expect(run.code).toBe(0);
    }
    expect((JSON.parse(pdf.stdout) as { papers: { id: string }[] }).papers.map((p) => p.id)).toEqual(['2406.95972']);
    expect((JSON.parse(hfLink.stdout) as { papers: { id: string }[] }).papers.map((p) => p.id)).toEqual(['2406.95972']);
    expect((JSON.parse(oldStyle.stdout) as { papers: { id: string; title: string }[] }).papers[0]).toMatchObject({ id: 'hep-th/9901001', title: 'An Old Style Paper' });
    expectFailure(huge, 2, /is not an arXiv id or paper URL/);
    expect(huge.stderr.length).toBeLessThan(500);
  });
});

describe('CLI against a broken Hugging Face', () => {
  it('reports an HTML error page, a non-array body and a 429 with a garbage Retry-After as errors (exit 1)', async () => {
    world.hf.fail('daily_papers', { body: '<html><body><h1>502 Bad Gateway</h1></body></html>', contentType: 'text/html' });
    const html = await runCli(['digest', '--date', '2025-10-23'], env);
    expectFailure(html, 1, /huggingface: invalid JSON .*Check your network or huggingface's status/);

    world.hf.fail('daily_papers', { body: { error: 'Invalid date' } });
    const object = await runCli(['digest', '--date', '2025-10-23'], env);
    expectFailure(object, 1, /expected a JSON array, got an object/);

    world.hf.fail('daily_papers', { status: 429, retryAfter: 'soon-ish' });
    const limited = await runCli(['digest', '--date', '2025-10-23'], env);
    expectFailure(limited, 1, /huggingface: rate limited, retry after \d+ s/);
  });

  it('gives up on a hanging listing after HTTP_TIMEOUT', async () => {
    world.hf.fail('daily_papers', { hang: true });
    const started = Date.now();
    const run = await runCli(['digest', '--date', '2025-10-23'], { ...env, HTTP_TIMEOUT: '700ms' });
    expectFailure(run, 1, /timed out after 700 ms/);
    expect(Date.now() - started).toBeLessThan(15_000);
  });

  it('refuses an HTTP_TIMEOUT a timer cannot hold, instead of timing every request out at once', async () => {
    const run = await runCli(['digest', '--date', '2025-10-23', '--format', 'json'], { ...env, HTTP_TIMEOUT: '30d' });
    expect(run.stderr).toMatch(/HTTP_TIMEOUT is invalid/);
    expect(run.stderr).not.toMatch(/timed out/);
    expect(run.code).toBe(1);
  });

  it('returns soon after answering a search while Hugging Face search hangs, without retrying it in the background', async () => {
    world.hf.fail('search', { hang: true }, 10);
    const before = world.hf.requestsTo('search').length;
    const started = Date.now();
    const run = await runCli(['search', 'attention', '--format', 'json'], { ...env, HTTP_TIMEOUT: '6s', HTTP_RETRIES: '3' });
    const took = Date.now() - started;
    expect(run.code).toBe(0);
    expect(JSON.parse(run.stdout)).toHaveProperty('papers');
    expect(run.stderr).not.toMatch(/retrying request/);
    expect(world.hf.requestsTo('search').length - before).toBe(1);
    expect(took).toBeLessThan(10_000); // was 4 attempts of 6 s after the answer was ready
  });
});

describe('CLI search', () => {
  it('cuts a 10 kB query to 300 characters with a note on stderr, as /paper search does', async () => {
    const run = await runCli(['search', 'attention '.repeat(1000), '--format', 'json'], env);
    expect(run.code).toBe(0);
    expect(run.stderr).toBe('paperboy: your query was cut to its first 300 characters\n');
    expect(JSON.parse(run.stdout)).toHaveProperty('papers');
    const short = await runCli(['search', 'attention', '--format', 'json'], env);
    expect(short.stderr).toBe('');
  });
});

describe('CLI configuration', () => {
  it('bounds HTTP_TIMEOUT: 0 and more than a timer holds are refused, naming the variable', () => {
    for (const bad of ['0', '50ms', '30d', '11m']) {
      expect(() => loadConfig({ HTTP_TIMEOUT: bad })).toThrow(ConfigError);
      try {
        loadConfig({ HTTP_TIMEOUT: bad });
      } catch (e) {
        expect((e as ConfigError).problems).toEqual([`HTTP_TIMEOUT is invalid: must be between 100ms and 10m (got ${bad}); set it in .env (see .env.example)`]);
      }
    }
    expect(loadConfig({ HTTP_TIMEOUT: '10m' }).http.timeoutMs).toBe(600_000);
    expect(loadConfig({ HTTP_TIMEOUT: '100' }).http.timeoutMs).toBe(100);
  });
});
