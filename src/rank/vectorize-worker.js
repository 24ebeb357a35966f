// Entry of the rebuild's vectorising worker thread: TypeScript through tsx, as bin/paperboy.js does for the main thread.
import { register } from 'tsx/esm/api';

register();
await import('./vectorize-worker.ts');
