// With PAPERBOY_HUGE_PAGES=on, `paperboy start` on Linux runs itself again with glibc's malloc asking for
// transparent huge pages. Plain JavaScript (types in launcher.d.ts): the launcher loads neither tsx nor the
// app (about 50 MB resident).
//
// The index lives in large typed arrays (postings, vectors, word tables: over 100 MB at 100,000 papers) that are
// read and written at random. With 4 kB pages most of those accesses miss the processor's TLB, dearly so in a
// virtual machine; with 2 MB pages they do not. Where the kernel gives huge pages only on request
// (transparent_hugepage=madvise, as on this project's machines and by default on Ubuntu), glibc requests them
// for its large blocks when GLIBC_TUNABLES holds glibc.malloc.hugetlb=1, which it reads only as a process
// starts. Measured at 100,000 papers on a 2-core VM (README, "Decisions worth knowing", has the figures).
import { spawn } from 'node:child_process';

const TUNABLE = 'glibc.malloc.hugetlb';
/** Set in the process started again, so that it neither starts another nor outlives its launcher. */
const RELAUNCHED = 'PAPERBOY_RELAUNCHED';
const FORWARDED = /** @type {const} */ (['SIGINT', 'SIGTERM', 'SIGHUP']);

/**
 * Whether `paperboy …args` should run again with huge pages: with PAPERBOY_HUGE_PAGES=on, the bot (`start`,
 * the default command) on Linux, unless GLIBC_TUNABLES already says (the operator decided) or node runs
 * under the inspector (`execArgv`: a debugger attached to the launcher would not see the bot). Off by
 * default: huge pages cost resident memory (median +15 MB after a rebuild at 100,000 papers, some runs
 * near 400 MB) and, where the kernel compacts memory to find them, pauses.
 */
export function wantsHugePages(args, env, platform, execArgv = []) {
  if (platform !== 'linux' || (args[0] ?? 'start') !== 'start' || env.PAPERBOY_HUGE_PAGES?.trim().toLowerCase() !== 'on' || env[RELAUNCHED]) return false;
  return !env.GLIBC_TUNABLES?.includes(TUNABLE) && !execArgv.some((a) => a.startsWith('--inspect'));
}

/** GLIBC_TUNABLES asking for huge pages, keeping whatever other tunables it holds. */
export const withHugePages = (tunables) => (tunables ? `${tunables}:${TUNABLE}=1` : `${TUNABLE}=1`);

/**
 * Run this same command again in a child process with huge pages, and end as it ends (its exit code, or
 * the signal that stopped it). The child shares the terminal; SIGINT, SIGTERM and SIGHUP sent to this
 * process are passed on (it may get them twice, from a terminal or systemd: stopping is idempotent).
 */
export function relaunch() {
  const child = spawn(process.execPath, [...process.execArgv, ...process.argv.slice(1)], {
    stdio: ['inherit', 'inherit', 'inherit', 'ipc'],
    env: { ...process.env, GLIBC_TUNABLES: withHugePages(process.env.GLIBC_TUNABLES), [RELAUNCHED]: '1' },
  });
  const forward = (signal) => child.kill(signal);
  for (const s of FORWARDED) process.on(s, forward);
  child.on('error', (err) => {
    process.stderr.write(`paperboy: could not start (${err.message}); without PAPERBOY_HUGE_PAGES=on it starts without the launcher\n`);
    process.exit(1);
  });
  child.on('exit', (code, signal) => {
    for (const s of FORWARDED) process.off(s, forward);
    if (signal) process.kill(process.pid, signal);
    process.exit(code ?? 1);
  });
  // Never settles: this process ends when the child does.
  return new Promise(() => {});
}

/**
 * In a process `relaunch` started: die with the launcher. If the launcher is killed (even with SIGKILL,
 * which it cannot pass on), the channel between the two closes; this process then kills itself the same
 * way rather than go on unseen, posting digests beside the paperboy started next.
 */
export function exitWithLauncher() {
  if (!process.env[RELAUNCHED] || !process.channel) return;
  process.channel.unref();
  process.on('disconnect', () => process.kill(process.pid, 'SIGKILL'));
}
