#!/usr/bin/env node
// Entry point for `paperboy` / `npx paperboy` / `npm start`: runs the TypeScript CLI through tsx.
import { config as loadDotenv } from 'dotenv';
import { exitWithLauncher, relaunch, wantsHugePages } from './launcher.js';

// .env first: PAPERBOY_HUGE_PAGES may be there (main reads it again; what the environment sets wins).
loadDotenv({ quiet: true });
// The bot on Linux runs again with huge pages for its index (see launcher.js); this process only waits for it.
if (wantsHugePages(process.argv.slice(2), process.env, process.platform, process.execArgv)) await relaunch();
exitWithLauncher();
const { register } = await import('tsx/esm/api');
register();
const { main } = await import('../src/cli/main.ts');
process.exitCode = await main(process.argv.slice(2));
