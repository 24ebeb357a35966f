// The rebuild's worker as one JavaScript module, bundled once per process, so that the worker starts without tsx.
//
// Started from its TypeScript entry (vectorize-worker.js), a worker registers tsx's loader hooks, which run
// on a thread of their own and compile each module as it is imported: about 0.7 s before it takes its first
// batch, on a 2-core machine, while the rebuild goes on with one thread. Bundled here with esbuild (the
// compiler tsx runs on) in about 70 ms, it is ready about 0.12 s after it starts.
import { fileURLToPath } from 'node:url';
import type { Logger } from '../logger.ts';

const ENTRY = new URL('./vectorize-worker.ts', import.meta.url);

let bundle: Promise<URL | undefined> | undefined;

/**
 * A `data:` URL holding the vectorising worker and everything it imports but Node's own modules, or
 * undefined when it cannot be bundled (the caller then starts the TypeScript entry, only slower).
 */
export function bundledWorker(logger?: Logger): Promise<URL | undefined> {
  bundle ??= (async () => {
    try {
      const esbuild = await import('esbuild');
      const out = await esbuild.build({ entryPoints: [fileURLToPath(ENTRY)], bundle: true, format: 'esm', platform: 'node', target: 'node20', write: false, logLevel: 'silent' });
      // esbuild's service is a child process: not kept for the bot's lifetime for one bundle.
      void esbuild.stop().catch(() => undefined);
      return new URL(`data:text/javascript;base64,${Buffer.from(out.outputFiles[0]!.contents).toString('base64')}`);
    } catch (err) {
      logger?.debug({ err: (err as Error)?.message }, 'rebuild worker not bundled; it starts from its TypeScript entry');
      return undefined;
    }
  })();
  return bundle;
}
