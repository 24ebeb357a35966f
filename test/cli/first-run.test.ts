// The first run and the CLI's promises where they were broken: output closed early, outages told apart from empty
// answers, the console's echo, Slack's start-up errors, eval's fixtures, and .env.example's lines.
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parse as parseDotenv } from 'dotenv';
import { runCli, startCliWorld, type CliWorld } from './run-cli.ts';
import { closedPort } from '../fakes/closed-port.ts';
import { FakeSlack } from '../fakes/slack-api.ts';

const bin = fileURLToPath(new URL('../../bin/paperboy.js', import.meta.url));
const STACK = /\n\s+at .*:\d+:\d+|"stack"/;

let world: CliWorld;
let env: Record<string, string>;

beforeAll(async () => {
  world = await startCliWorld([]);
  env = world.env;
});
afterEach(() => world.hf.clearFaults());
afterAll(() => world.close());

describe('first run and CLI contract', { timeout: 60_000 }, () => {
  it('sync ends quietly when its progress output is closed early (paperboy sync … 2>&1 | head -1)', async () => {
    const days = 10;
    const run = await new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) => {
      const args = [bin, 'sync', '--from', '2025-11-10', '--to', '2025-11-19'];
      const child = spawn(process.execPath, args, { env: { PATH: process.env.PATH ?? '', LOG_LEVEL: 'warn', HTTP_RETRIES: '0', ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
      // As `2>&1 | head -1` does: the reader goes away after the first progress line.
      child.stderr.once('data', () => child.stderr.destroy());
      child.on('close', (code, signal) => resolve({ code, signal }));
    });
    // Promised: "Output piped into a reader that stops early (| head) ends quietly". An unhandled EPIPE on stderr
    // killed the process after the first day (exit 1), and the remaining days were never synced.
    expect(world.hf.requestsTo('daily_papers').filter((r) => /date=2025-11-1\d/.test(r.url)).length).toBeGreaterThanOrEqual(days);
    expect(run.code).toBe(0);
  });

  it('digest without --date does not report "no papers" (exit 0) when the earlier days failed to load', async () => {
    // Today (no fixture) answers an empty listing; every earlier day of the lookback fails with 503.
    world.hf.fail('daily_papers', { delayMs: 1 }, 1);
    world.hf.fail('daily_papers', { status: 503 }, 50);
    const run = await runCli(['digest', '--format', 'json'], env);
    // Days answered (today, empty), so it is no failure; but the days that failed are named, or a script could not
    // tell an outage from an empty week (it printed {"papers": []} and nothing else).
    expect(run.code).toBe(0);
    expect(JSON.parse(run.stdout)).toEqual({ papers: [] });
    expect(run.stderr).toMatch(/could not fetch \d{4}-\d{2}-\d{2}.*503/);
  });

  it('show does not claim Hugging Face does not know a paper when Hugging Face could not be reached', async () => {
    world.hf.fail('paper', { status: 503 }, 10);
    const run = await runCli(['show', '2406.99998'], env);
    expect(run.code).toBe(1);
    expect(run.stderr).not.toMatch(/neither Hugging Face nor arXiv knows/);
    expect(run.stderr).toMatch(/Hugging Face|huggingface/);
  });

  it('a look-up by id waits for Hugging Face no longer than HTTP_TIMEOUT when that is under 5 s', async () => {
    world.hf.fail('paper', { hang: true }, 5);
    const run = await runCli(['show', '2406.99997'], { ...env, HTTP_TIMEOUT: '300ms' });
    expect(run.code).toBe(1);
    expect(run.stderr).toMatch(/timed out after 300 ms/);
  });

  it('the console echoes an unknown line without halving an emoji or passing terminal escapes through', async () => {
    const input = `${'a'.repeat(39)}😀 tail\n\u001b]0;owned\u0007hello\n`;
    const run = await runCli(['start'], env, input);
    expect(run.code).toBe(0);
    expect(run.stdout).toContain('Commands start with /paper');
    expect(run.stdout).not.toContain('\uFFFD');
    expect(run.stdout).not.toMatch(/\u001b|\u0007/);
  });

  it('does not blame the Slack token when Slack could not be reached at all', async () => {
    const api = `http://127.0.0.1:${await closedPort()}/api/`;
    const run = await runCli(['start'], { ...env, SLACK_BOT_TOKEN: 'xoxb-1-2-abc', SLACK_APP_TOKEN: 'xapp-1-abc', SLACK_API_URL: api });
    expect(run.code).toBe(1);
    // It said "slack: auth.test refused the bot token; check SLACK_BOT_TOKEN (… connect ECONNREFUSED …)".
    expect(run.stderr).not.toMatch(/refused the bot token/);
    expect(run.stderr).toMatch(/could not check the bot token.*ECONNREFUSED.*Check your network/);
  });

  it('names SLACK_BOT_TOKEN, without network advice, when Slack refuses the token', async () => {
    const slack = await new FakeSlack().start();
    try {
      slack.fail('auth.test', { error: 'invalid_auth' }, { error: 'invalid_auth' }, { error: 'invalid_auth' });
      const run = await runCli(['start'], { ...env, SLACK_BOT_TOKEN: 'xoxb-1-2-abc', SLACK_APP_TOKEN: 'xapp-1-abc', SLACK_API_URL: slack.apiUrl });
      expect(run.code).toBe(1);
      expect(run.stderr).toMatch(/SLACK_BOT_TOKEN: Slack refused the bot token \(.*invalid_auth/);
      expect(run.stderr).not.toMatch(/Check your network/);
    } finally {
      await slack.stop();
    }
  });

  it('eval says which judgments file has the wrong shape, without a stack trace', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'paperboy-fixtures-'));
    mkdirSync(join(dir, 'hf', 'daily_papers'), { recursive: true });
    writeFileSync(join(dir, 'judgments.json'), '{"linear attention": {"2406.02417": 2}}');
    try {
      const run = await runCli(['eval'], { ...env, PAPERBOY_FIXTURES: dir });
      expect(run.code).toBe(1);
      expect(run.stderr).not.toMatch(STACK);
      expect(run.stderr).toContain('judgments.json');
      expect(run.stderr).toMatch(/is not \{"queries"/);
      // Right shape, but no listings to judge.
      rmSync(join(dir, 'hf'), { recursive: true });
      writeFileSync(join(dir, 'judgments.json'), '{"queries": {"linear attention": {"2406.02417": 2}}}');
      const none = await runCli(['eval'], { ...env, PAPERBOY_FIXTURES: dir });
      expect(none.code).toBe(1);
      expect(none.stderr).toMatch(/no listings at .*daily_papers/);
      expect(none.stderr).not.toMatch(STACK);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('.env.example', () => {
  it('a commented-out setting, uncommented with its value filled in, holds only the value', () => {
    const example = readFileSync(new URL('../../.env.example', import.meta.url), 'utf8');
    // What a newcomer does: delete "# " and put the token where "xoxb-..." / "..." is.
    const uncommented = example
      .split('\n')
      .filter((l) => /^# ?[A-Z][A-Z0-9_]+=/.test(l))
      .map((l) => l.replace(/^# ?/, '').replace(/=(xoxb-|xapp-)?\.\.\./, '=$1FILLED'))
      .join('\n');
    const values = parseDotenv(uncommented);
    const withNotes = Object.entries(values).filter(([, v]) => /\s/.test(v));
    // It gave SLACK_BOT_TOKEN='xoxb-FILLED            required for Slack', and so on for six variables.
    expect(withNotes).toEqual([]);
  });
});
