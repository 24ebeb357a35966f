import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { HOSTILE_TEXT } from '../fakes/fixtures.ts';
import { runCli, startCliWorld, type CliWorld } from './run-cli.ts';

let world: CliWorld;
let env: Record<string, string>;

beforeAll(async () => {
  world = await startCliWorld([{ id: '2407.99999', title: 'Only On arXiv', summary: 'An abstract only arXiv has.', authors: ['Ada Lovelace'] }]);
  env = world.env;
});

afterAll(() => world.close());

describe('paperboy CLI', { timeout: 60_000 }, () => {
  it('keeps what a server answered from driving the terminal when it quotes it in an error', async () => {
    world.hf.fail('daily_papers', { status: 200, body: '\u001b]0;owned\u0007\u001b[2J not json' });
    const run = await runCli(['digest', '--date', '2026-01-07'], env);
    expect(run.code).not.toBe(0);
    expect(run.stderr).toMatch(/paperboy: /);
    expect(run.stderr).not.toMatch(/\u001b|\u0007/);
  });

  it('prints a ranked digest as JSON for a day and topics, on stdout only', async () => {
    const run = await runCli(['digest', '--date', '2025-11-19', '--topics', 'linear attention', '--limit', '3', '--format', 'json'], env);
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    const { papers } = JSON.parse(run.stdout) as { papers: { id: string; title: string; url: string; upvotes: number; score: number; why: string }[] };
    expect(papers).toHaveLength(3);
    for (const p of papers) {
      expect(p.url).toBe(`https://huggingface.co/papers/${p.id}`);
      expect(p.why).toMatch(/“/);
      expect(p.title.toLowerCase()).toMatch(/linear|attention/);
    }
    expect(papers[0]!.score).toBeGreaterThanOrEqual(papers[2]!.score);
    expect(world.hf.requestsTo('daily_papers').some((r) => r.url.includes('date=2025-11-19'))).toBe(true);
  });

  it('prints the Slack and Discord payloads the adapters would send', async () => {
    const slack = await runCli(['digest', '--date', '2025-10-23', '--limit', '2', '--format', 'slack', '--channel', 'C123'], env);
    expect(slack.code).toBe(0);
    const messages = JSON.parse(slack.stdout) as { channel: string; blocks: unknown[] }[];
    expect(messages).toHaveLength(3); // header + one per paper
    expect(messages.every((m) => m.channel === 'C123' && m.blocks.length <= 50)).toBe(true);

    const discord = await runCli(['digest', '--date', '2025-10-23', '--limit', '2', '--format', 'discord'], env);
    expect(discord.code).toBe(0);
    const bodies = JSON.parse(discord.stdout) as { allowed_mentions: { parse: unknown[] } }[];
    expect(bodies).toHaveLength(3);
    expect(bodies.every((b) => Array.isArray(b.allowed_mentions.parse) && b.allowed_mentions.parse.length === 0)).toBe(true);
  });

  it('never lets a hostile title ping anyone in any format', async () => {
    world.hf.setDay('2026-01-05', [
      { paper: { id: '2601.00001', title: `${HOSTILE_TEXT.everyone} ${HOSTILE_TEXT.slackBroadcast}`, summary: HOSTILE_TEXT.userMention, authors: [{ name: '<@U1>' }], upvotes: 1 } },
    ]);
    const slack = await runCli(['digest', '--date', '2026-01-05', '--format', 'slack'], env);
    expect(slack.code).toBe(0);
    expect(slack.stdout).not.toMatch(/<!channel>|<!here>|<!everyone>|<@U/);
    const discord = await runCli(['digest', '--date', '2026-01-05', '--format', 'discord'], env);
    expect(discord.stdout).not.toMatch(/(?<!\\)@everyone|<@U1>/);
  });

  it('searches what sync stored, and looks ids up', async () => {
    const sync = await runCli(['sync', '--from', '2025-12-08', '--to', '2025-12-09'], env);
    expect(sync.code).toBe(0);
    expect(sync.stderr).toMatch(/\[2\/2\] 2025-12-09: 31 papers/);
    const search = await runCli(['search', 'matryoshka', '--format', 'json'], env);
    expect(search.code).toBe(0);
    const { papers } = JSON.parse(search.stdout) as { papers: { id: string }[] };
    expect(papers[0]!.id).toBe('2205.08532');
    const byUrl = await runCli(['search', 'https://arxiv.org/abs/2205.08532v3', '--format', 'json'], env);
    expect((JSON.parse(byUrl.stdout) as { papers: { id: string }[] }).papers[0]!.id).toBe('2205.08532');
    const unknown = await runCli(['search', '2406.99999'], env);
    expect(unknown.stdout).toContain('Neither Hugging Face nor arXiv knows a paper "2406.99999".');
  });

  it('falls back to arXiv when Hugging Face does not know a paper', async () => {
    const run = await runCli(['show', 'arXiv:2407.99999v2', '--format', 'json'], env);
    expect(run.code).toBe(0);
    expect((JSON.parse(run.stdout) as { papers: { title: string }[] }).papers[0]!.title).toBe('Only On arXiv');
    expect(world.arxiv.requestsTo('query').length).toBeGreaterThan(0);
  });

  it('says what is wrong on stderr with a non-zero exit', async () => {
    const bad = await runCli(['digest', '--date', '2025-02-30'], env);
    expect(bad.code).toBe(2);
    expect(bad.stdout).toBe('');
    expect(bad.stderr).toMatch(/--date must be a date/);
    const unknownFlag = await runCli(['search', 'x', '--frobnicate'], env);
    expect(unknownFlag.code).toBe(2);
    const config = await runCli(['start'], { ...env, HF_API_URL: 'not a url', DISCORD_TOKEN: 'sekrit-token' }, '');
    expect(config.code).toBe(1);
    expect(config.stderr).toMatch(/HF_API_URL is invalid/);
    expect(config.stderr).toMatch(/DISCORD_APPLICATION_ID is missing/);
    expect(config.stderr).not.toContain('sekrit-token');
  });

  it('lets one-shot commands run with a half-set platform, which they never talk to, but not with a bad value', async () => {
    const half = await runCli(['search', 'attention', '--format', 'json'], { ...env, SLACK_BOT_TOKEN: 'xoxb-1-2-abc   required for Slack', DISCORD_SHARDS: '3' });
    expect(half.code).toBe(0);
    expect(JSON.parse(half.stdout).papers.length).toBeGreaterThan(0);
    const bad = await runCli(['digest'], { ...env, HF_API_URL: 'not a url', DISCORD_TOKEN: 'sekrit-token' });
    expect(bad.code).toBe(1);
    expect(bad.stderr).toMatch(/HF_API_URL is invalid/);
    expect(bad.stderr).not.toMatch(/DISCORD_APPLICATION_ID/);
  });

  it('reports Hugging Face being down as an error, not a crash', async () => {
    world.hf.fail('daily_papers', { status: 503 }, 5);
    const run = await runCli(['digest', '--date', '2025-06-01'], env);
    world.hf.clearFaults();
    expect(run.code).toBe(1);
    expect(run.stderr).toMatch(/503/);
    expect(run.stderr).not.toMatch(/at .*\.ts:\d+/); // no stack trace
  });
});

describe('npm start without tokens: the console channel', { timeout: 60_000 }, () => {
  it('answers /paper commands from standard input and exits 0 at its end', async () => {
    const input = ['/paper help', '/paper digest 2025-10-23', '/paper search brain', '/paper frobnicate', 'hello', '/paper subscribe at 99:99'].join('\n');
    const run = await runCli(['start'], env, input);
    expect(run.code).toBe(0);
    expect(run.stdout).toContain('/paper subscribe');
    expect(run.stdout).toMatch(/Posted \d+ papers?\./);
    expect(run.stdout).toMatch(/BrainMAE|brain/i);
    expect(run.stdout).toContain('I don\'t know "/paper frobnicate"');
    expect(run.stdout).toContain('Commands start with /paper');
    expect(run.stdout).toMatch(/not a time/);
    expect(run.stdout).not.toMatch(/at .*\.ts:\d+/);
  });
});
