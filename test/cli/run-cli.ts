// Runs the real `paperboy` binary in a child process with a given environment and standard input.
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { startFakeHf, type FakeHf } from '../fakes/hf-server.ts';
import { startFakeArxiv, type FakeArxiv, type FakeArxivOptions } from '../fakes/arxiv-server.ts';

const bin = fileURLToPath(new URL('../../bin/paperboy.js', import.meta.url));

export interface CliRun {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** Run `paperboy ...args`; resolves when it exits (killed after `timeoutMs`). */
export function runCli(args: string[], env: Record<string, string>, input = '', timeoutMs = 30_000): Promise<CliRun> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [bin, ...args], {
      env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '/tmp', LOG_LEVEL: 'warn', HTTP_RETRIES: '0', ...env },
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
    child.on('error', reject);
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve({ code, stdout, stderr });
    });
    child.stdin.end(input);
  });
}

/** What CLI tests run against: a fake Hugging Face serving the fixtures, a fake arXiv, an SQLite store in a temporary directory. */
export interface CliWorld {
  hf: FakeHf;
  arxiv: FakeArxiv;
  /** The environment that points the CLI at them. */
  env: Record<string, string>;
  close(): Promise<void>;
}

export async function startCliWorld(arxivPapers: FakeArxivOptions['papers']): Promise<CliWorld> {
  const hf = await startFakeHf({ fixtures: true });
  const arxiv = await startFakeArxiv({ papers: arxivPapers });
  const dir = mkdtempSync(join(tmpdir(), 'paperboy-cli-'));
  const env = { HF_API_URL: hf.url, ARXIV_API_URL: arxiv.url, STORE_URL: `sqlite://${join(dir, 'store.sqlite')}` };
  return {
    hf,
    arxiv,
    env,
    async close() {
      await hf.close();
      await arxiv.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
