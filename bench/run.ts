// `npm run bench`: run every bench/*.bench.ts in its own process (clean memory figures), one after another.
import { spawnSync } from 'node:child_process';
import { readdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { dirname, join } from 'node:path';
import { config as loadDotenv } from 'dotenv';
import { wantsHugePages, withHugePages } from '../bin/launcher.js';
import { machineCheck } from './machine-check.ts';

const here = dirname(fileURLToPath(import.meta.url));
const only = process.argv.slice(2);
const benches = readdirSync(here)
  .filter((f) => f.endsWith('.bench.ts'))
  .filter((f) => !only.length || only.some((o) => f.includes(o)))
  .sort();

// As `paperboy start` runs: .env read, and glibc asked for huge pages when PAPERBOY_HUGE_PAGES=on on Linux (bin/launcher.js).
loadDotenv({ quiet: true });
const hugePages = wantsHugePages(['start'], process.env, process.platform);
const env = { ...process.env, LOG_LEVEL: 'silent', ...(hugePages ? { GLIBC_TUNABLES: withHugePages(process.env.GLIBC_TUNABLES) } : {}) };
process.stdout.write(`GLIBC_TUNABLES=${env.GLIBC_TUNABLES ?? ''}${hugePages ? ' (as paperboy start runs with PAPERBOY_HUGE_PAGES=on)' : ''}\n`);
process.stdout.write(`machine check: ${machineCheck().toFixed(0)} ms (a fixed single-thread workload that uses none of paperboy's code: compare runs' figures in proportion to it)\n`);

let failed = 0;
for (const file of benches) {
  process.stdout.write(`\n=== ${file}\n`);
  const run = spawnSync(process.execPath, ['--import', 'tsx', '--expose-gc', join(here, file)], { stdio: 'inherit', env });
  if (run.status !== 0) {
    failed++;
    process.stdout.write(`${file} exited with ${run.status ?? run.signal}\n`);
  }
}
process.exitCode = failed ? 1 : 0;
