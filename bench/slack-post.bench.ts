// CPU per chat.postMessage: Bolt's WebClient against paperboy's JSON post client, to a fake Slack in another process.
//
// Why posts do not go through WebClient (adapters/slack/json-post-client.ts): a fan-out is thousands
// of posts, and on a 2-core machine their CPU decides how close it comes to Slack's limits.
// Env: SLACK_POSTS (default 6000), 64 in flight, each to its own channel (no limit is hit).
import { fork } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { webApi } from '@slack/bolt';
import { createPostClient, type PostClient } from '../adapters/slack/post-client.ts';
import { FAKE_BOT_TOKEN } from '../test/fakes/slack-api.ts';

const POSTS = Number(process.env.SLACK_POSTS ?? 6000);
const IN_FLIGHT = 64;

const child = fork(fileURLToPath(new URL('./fanout-server.ts', import.meta.url)), [], { execArgv: ['--import', 'tsx'], env: { ...process.env, FANOUT_SERVE: 'slack' } });
const url = await new Promise<string>((resolve) => child.once('message', (m) => resolve((m as { url: string }).url)));

// A digest card's size: six blocks of a few hundred characters, and the metadata every post carries.
const blocks = Array.from({ length: 6 }, (_, i) => ({ type: 'section', text: { type: 'mrkdwn', text: `${'an abstract sentence. '.repeat(15)}${i}`, verbatim: true } }));
const message = (i: number): webApi.ChatPostMessageArguments =>
  ({ channel: `C${i}`, text: `A paper title ${i}`, blocks, unfurl_links: false, unfurl_media: false, metadata: { event_type: 'paperboy_post', event_payload: { post_id: `p${i}`, paper_id: '2406.12345' } } }) as webApi.ChatPostMessageArguments;

let next = 0;
async function run(client: PostClient): Promise<{ cpuUs: number; ms: number }> {
  const start = next;
  const end = next + POSTS;
  const cpu = process.cpuUsage();
  const t = performance.now();
  await Promise.all(
    Array.from({ length: IN_FLIGHT }, async () => {
      while (next < end) await client.chat.postMessage(message(next++));
    }),
  );
  const used = process.cpuUsage(cpu);
  if (next - start !== POSTS) throw new Error('posts went missing');
  return { cpuUs: (used.user + used.system) / POSTS, ms: performance.now() - t };
}

const web = new webApi.WebClient(FAKE_BOT_TOKEN, { slackApiUrl: url, retryConfig: { retries: 0 }, rejectRateLimitedCalls: true });
const json = createPostClient({ token: FAKE_BOT_TOKEN, apiUrl: url, timeoutMs: 10_000 });
const rows = [];
for (let round = 1; round <= 3; round++) {
  for (const [name, client] of [['WebClient', web], ['JSON post client', json]] as const) {
    const r = await run(client);
    rows.push({ round, client: name, posts: POSTS, 'CPU µs a post': Math.round(r.cpuUs), 'posts/s': Math.round((POSTS / r.ms) * 1000) });
  }
}
console.table(rows);
await json.close();
child.send('close');
await new Promise((resolve) => child.once('exit', resolve));
