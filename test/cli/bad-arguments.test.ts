// The CLI against bad arguments and broken upstreams ends in a clear message and exit code, never a stack trace.
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config.ts';
import { ConfigError } from '../../src/errors.ts';
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { runCli, startCliWorld, type CliRun, type CliWorld } from './run-cli.ts';

const bin = fileURLToPath(new URL('../../bin/paperboy.js', import.meta.url));

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

describe('CLI arguments', { timeout: 60_000 }, () => {
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

  it('echoes a long unknown command or argument without halving an emoji (that printed �)', async () => {
    const [command, argument] = await Promise.all([runCli([`${'x'.repeat(39)}😀`], env), runCli(['digest', `${'y'.repeat(39)}😀`], env)]);
    expectFailure(command, 2, new RegExp(`unknown command "${'x'.repeat(39)}"`));
    expectFailure(argument, 2, new RegExp(`got "${'y'.repeat(39)}"`));
    for (const run of [command, argument]) expect(run.stderr).not.toContain('\uFFFD');
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
      expectFailure(run, 1, /^paperboy cannot start:\n {2}- STORE_URL: cannot open the SQLite store at \/dev\/null\/paperboy\.sqlite .*point STORE_URL elsewhere\.\n$/);
    }
  });

  it('refuses a flag meant for another command instead of ignoring it, and answers --help with the usage', async () => {
    const [digest, search, show, sync, evalRun, start, help] = await Promise.all([
      runCli(['digest', '--from', '2025-10-23', '--format', 'json'], env),
      runCli(['search', 'attention', '--date', '2025-10-23'], env),
      runCli(['show', '2406.95972', '--limit', '1'], env),
      runCli(['sync', '--from', '2025-10-23', '--format', 'json'], env),
      runCli(['eval', 'extra'], env),
      runCli(['start', '--date', '2025-10-23'], env),
      runCli(['digest', '--help'], env),
    ]);
    expectFailure(digest, 2, /digest does not take --from \(it takes --date, --topics, --limit, --format, --channel\)/);
    expectFailure(search, 2, /search does not take --date/);
    expectFailure(show, 2, /show does not take --limit/);
    expectFailure(sync, 2, /sync does not take --format/);
    expectFailure(evalRun, 2, /eval takes no arguments \(got "extra"\)/);
    expectFailure(start, 2, /start does not take --date$/m);
    expect(help).toMatchObject({ code: 0, stderr: '' });
    expect(help.stdout).toMatch(/paperboy digest \[--date YYYY-MM-DD\]/);
  });

  it('says which judgments file is broken when eval cannot read it', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'paperboy-fixtures-'));
    writeFileSync(join(dir, 'judgments.json'), '{bad');
    try {
      expectFailure(await runCli(['eval'], { ...env, PAPERBOY_FIXTURES: dir }), 1, new RegExp(`^paperboy: ${dir}/judgments.json cannot be read as JSON \\(.*\\); see the fixtures' README for its shape\\n$`));
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('refuses an API URL holding a password, without writing the password anywhere', async () => {
    const run = await runCli(['digest', '--date', '2025-10-23'], { ...env, HF_API_URL: env.HF_API_URL!.replace('http://', 'http://user:s3cretpw@') });
    expectFailure(run, 1, /HF_API_URL is invalid: must not hold a user name or password/);
    expect(run.stderr).not.toContain('s3cretpw');
  });

  it('ends quietly when its output is closed early (piped to head)', async () => {
    const run = await new Promise<{ code: number | null; stderr: string }>((resolve) => {
      const args = [bin, 'digest', '--date', '2025-12-09', '--limit', '100', '--format', 'slack'];
      const child = spawn(process.execPath, args, { env: { PATH: process.env.PATH ?? '', LOG_LEVEL: 'warn', HTTP_RETRIES: '0', ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
      let stderr = '';
      child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
      // As a reader that has had enough does: the pipe is closed before paperboy writes.
      child.stdout.destroy();
      child.on('close', (code) => resolve({ code, stderr }));
    });
    expect(run.stderr).not.toMatch(/EPIPE|Unhandled|\n\s+at /);
    expect(run.code).toBe(0);
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

describe('CLI against a broken Hugging Face', { timeout: 60_000 }, () => {
  it('reports an HTML error page, a non-array body and a 429 with a garbage Retry-After as errors (exit 1)', async () => {
    world.hf.fail('daily_papers', { body: '<html><body><h1>502 Bad Gateway</h1></body></html>', contentType: 'text/html' });
    const html = await runCli(['digest', '--date', '2025-10-23'], env);
    expectFailure(html, 1, /huggingface: invalid JSON .*Check your network or Hugging Face's status/);

    world.hf.fail('daily_papers', { body: { error: 'Invalid date' } });
    const object = await runCli(['digest', '--date', '2025-10-23'], env);
    expectFailure(object, 1, /expected a JSON array, got an object/);

    world.hf.fail('daily_papers', { status: 429, retryAfter: 'soon-ish' });
    const limited = await runCli(['digest', '--date', '2025-10-23'], env);
    expectFailure(limited, 1, /huggingface: rate limited, retry after \d+ s/);
  });

  it('previews a stored day from the store when Hugging Face fails, with a note, as the bot would post it', async () => {
    expect((await runCli(['sync', '--from', '2025-11-19', '--to', '2025-11-19'], env)).code).toBe(0);
    world.hf.fail('daily_papers', { status: 500 }, 100);
    const run = await runCli(['digest', '--date', '2025-11-19', '--format', 'json'], env);
    expect(run.code).toBe(0);
    expect(run.stderr).toMatch(/could not fetch 2025-11-19 \(huggingface: .*HTTP 500.*\); showing the listing stored earlier/);
    expect(JSON.parse(run.stdout).papers.length).toBeGreaterThan(0);
    // A day never stored still fails, saying why.
    expectFailure(await runCli(['digest', '--date', '2025-12-10'], env), 1, /HTTP 500/);
  });

  it('lets a console command that is running finish when stopped (Ctrl-C), instead of closing the store under it', async () => {
    world.hf.fail('daily_papers', { delayMs: 2000 }, 2);
    const before = world.hf.requestsTo('daily_papers').length;
    const child = spawn(process.execPath, [bin, 'start'], { env: { PATH: process.env.PATH ?? '', LOG_LEVEL: 'warn', HTTP_RETRIES: '0', ...env }, stdio: ['pipe', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    const exited = new Promise<number | null>((resolve) => child.on('close', resolve));
    child.stdin.write('/paper digest 2025-11-19\n');
    while (world.hf.requestsTo('daily_papers').length === before) await new Promise((r) => setTimeout(r, 50));
    child.kill('SIGINT');
    expect(await exited).toBe(0);
    expect(stdout).toMatch(/Posted \d+ papers?\./);
    expect(stderr).not.toMatch(/SQLITE_MISUSE|closed|could not release/i);
  });

  it('gives up on a hanging listing after HTTP_TIMEOUT', async () => {
    world.hf.fail('daily_papers', { hang: true });
    // Without the timeout the request would hang until the test's own timeout fails it.
    const run = await runCli(['digest', '--date', '2025-10-23'], { ...env, HTTP_TIMEOUT: '700ms' });
    expectFailure(run, 1, /timed out after 700 ms/);
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
    // A timeout far longer than the process may take, so that waiting for it (once or four times) cannot pass.
    const run = await runCli(['search', 'attention', '--format', 'json'], { ...env, HTTP_TIMEOUT: '5m', HTTP_RETRIES: '3' });
    const took = Date.now() - started;
    expect(run.code).toBe(0);
    expect(JSON.parse(run.stdout)).toHaveProperty('papers');
    expect(run.stderr).not.toMatch(/retrying request/);
    expect(world.hf.requestsTo('search').length - before).toBe(1);
    expect(took).toBeLessThan(120_000); // was 4 attempts of the timeout after the answer was ready
  }, 150_000);
});

describe('CLI search', { timeout: 60_000 }, () => {
  it('cuts a 10 kB query to 300 characters with a note on stderr, as /paper search does', async () => {
    const run = await runCli(['search', 'attention '.repeat(1000), '--format', 'json'], env);
    expect(run.code).toBe(0);
    expect(run.stderr).toBe('paperboy: your query was cut to its first 300 characters\n');
    expect(JSON.parse(run.stdout)).toHaveProperty('papers');
    const short = await runCli(['search', 'attention', '--format', 'json'], env);
    expect(short.stderr).toBe('');
  });
});

describe('CLI configuration', { timeout: 60_000 }, () => {
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
