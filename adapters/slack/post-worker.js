// Entry of the Slack post worker thread: TypeScript through tsx, as bin/paperboy.js does for the main thread.
import { register } from 'tsx/esm/api';

register();
await import('./post-worker.ts');
