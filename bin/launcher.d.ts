// Types of launcher.js (plain JavaScript, so that the launcher loads no TypeScript tooling).

/** Whether `paperboy …args` should run again with huge pages (the bot, on Linux, unless told otherwise). */
export function wantsHugePages(args: readonly string[], env: NodeJS.ProcessEnv, platform: NodeJS.Platform, execArgv?: readonly string[]): boolean;
/** GLIBC_TUNABLES asking for huge pages, keeping whatever other tunables it holds. */
export function withHugePages(tunables: string | undefined): string;
/** Run this same command again with huge pages, and end as it ends. */
export function relaunch(): Promise<never>;
/** In a process `relaunch` started: die with the launcher. */
export function exitWithLauncher(): void;
