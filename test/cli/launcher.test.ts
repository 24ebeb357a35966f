import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { spawn, type ChildProcess, type ChildProcessByStdio } from 'node:child_process';
import type { Readable } from 'node:stream';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { wantsHugePages, withHugePages } from '../../bin/launcher.js';

const bin = fileURLToPath(new URL('../../bin/paperboy.js', import.meta.url));

describe('when paperboy runs itself again with huge pages', () => {
  it('does so when asked, for the bot on Linux only, and never twice', () => {
    const on = { PAPERBOY_HUGE_PAGES: 'on' };
    expect(wantsHugePages(['start'], on, 'linux')).toBe(true);
    expect(wantsHugePages([], on, 'linux')).toBe(true); // start is the default command
    expect(wantsHugePages(['start'], {}, 'linux')).toBe(false); // off unless asked
    expect(wantsHugePages(['start'], { PAPERBOY_HUGE_PAGES: 'off' }, 'linux')).toBe(false);
    expect(wantsHugePages(['start'], { PAPERBOY_HUGE_PAGES: ' ON ' }, 'linux')).toBe(true); // as the config reads it: case and spaces aside
    expect(wantsHugePages(['digest', '--date', '2025-10-23'], on, 'linux')).toBe(false);
    expect(wantsHugePages(['start'], on, 'darwin')).toBe(false);
    expect(wantsHugePages(['start'], { ...on, GLIBC_TUNABLES: 'glibc.malloc.hugetlb=0' }, 'linux')).toBe(false); // the operator decided
    expect(wantsHugePages(['start'], { ...on, PAPERBOY_RELAUNCHED: '1' }, 'linux')).toBe(false);
    expect(wantsHugePages(['start'], on, 'linux', ['--inspect=9230'])).toBe(false); // the debugger stays with the bot
    expect(wantsHugePages(['start'], on, 'linux', ['--expose-gc'])).toBe(true);
  });

  it('keeps the tunables already set', () => {
    expect(withHugePages(undefined)).toBe('glibc.malloc.hugetlb=1');
    expect(withHugePages('glibc.malloc.arena_max=2')).toBe('glibc.malloc.arena_max=2:glibc.malloc.hugetlb=1');
  });
});

// The launcher and the bot it starts, as real processes (Linux: /proc tells the bot's pid and environment).
describe.runIf(process.platform === 'linux')('paperboy start with its launcher (PAPERBOY_HUGE_PAGES=on)', () => {
  let dir: string;
  const inputs: ChildProcess[] = [];
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'paperboy-launch-'));
  });
  afterAll(() => {
    for (const p of inputs) p.kill();
    rmSync(dir, { recursive: true, force: true });
  });

  /**
   * `paperboy start` on the console channel; resolves once the bot has started. Its standard input is a pipe
   * from another process that stays open (the console channel stops at the end of input, which would end
   * the bot whatever its launcher does).
   */
  const startBot = async (name: string): Promise<{ launcher: ChildProcessByStdio<null, Readable, Readable>; bot: number; exited: Promise<{ code: number | null; signal: string | null }> }> => {
    const input = spawn('sleep', ['60'], { stdio: ['ignore', 'pipe', 'ignore'] });
    inputs.push(input);
    const launcher = spawn(process.execPath, [bin, 'start'], {
      env: { PATH: process.env.PATH ?? '', HOME: dir, PAPERBOY_HUGE_PAGES: 'on', LOG_LEVEL: 'info', HF_API_URL: 'http://127.0.0.1:9', STORE_URL: `sqlite://${join(dir, `${name}.sqlite`)}` },
      stdio: [input.stdout, 'pipe', 'pipe'],
    });
    const exited = new Promise<{ code: number | null; signal: string | null }>((resolve) => launcher.on('exit', (code, signal) => resolve({ code, signal })));
    let out = '';
    await new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`paperboy did not start: ${out}`)), 20_000);
      const read = (d: Buffer) => {
        out += d.toString();
        if (!out.includes('paperboy started')) return;
        clearTimeout(timer);
        resolve();
      };
      launcher.stdout.on('data', read);
      launcher.stderr.on('data', read);
    });
    const children = readFileSync(`/proc/${launcher.pid}/task/${launcher.pid}/children`, 'utf8').trim().split(/\s+/);
    expect(children).toHaveLength(1);
    return { launcher, bot: Number(children[0]), exited };
  };

  /** Whether a process still runs (a zombie, dead but not yet reaped by its new parent, does not). */
  const running = (pid: number): boolean => {
    try {
      return !readFileSync(`/proc/${pid}/stat`, 'utf8').includes(') Z');
    } catch {
      return false;
    }
  };
  /** Whether the process has stopped running within 5 s. */
  const gone = async (pid: number): Promise<boolean> => {
    for (let i = 0; i < 100 && running(pid); i++) await new Promise((r) => setTimeout(r, 50));
    return !running(pid);
  };

  it('runs the bot with huge pages asked of glibc, and stops it on SIGTERM with exit code 0', async () => {
    const { launcher, bot, exited } = await startBot('term');
    const environ = readFileSync(`/proc/${bot}/environ`, 'utf8').split('\0');
    expect(environ).toContain('GLIBC_TUNABLES=glibc.malloc.hugetlb=1');
    launcher.kill('SIGTERM');
    expect(await exited).toEqual({ code: 0, signal: null });
    expect(await gone(bot)).toBe(true);
  });

  it('takes the bot down with it when killed with SIGKILL', async () => {
    const { launcher, bot, exited } = await startBot('kill');
    launcher.kill('SIGKILL');
    expect((await exited).signal).toBe('SIGKILL');
    expect(await gone(bot)).toBe(true);
  });
});
