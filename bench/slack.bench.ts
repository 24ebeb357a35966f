// Slack: time from a signed `/paper search` request to its answer on response_url, p50/p99 at 20 concurrent requests.
// The fake Slack and Hugging Face run in this process too, so they share its CPU with paperboy.
// SLACK_BENCH_CONCURRENCY and SLACK_BENCH_ROUNDS change the load (defaults 20 and 25 rounds).
import { createApp } from '../src/app.ts';
import { loadConfig } from '../src/config.ts';
import { silentLogger } from '../src/logger.ts';
import { createSlackAdapter, type SlackAdapter } from '../adapters/slack/slack-adapter.ts';
import { FakeSlack, FAKE_BOT_TOKEN, sendToPaperboy, slashCommandBody, type UrlPost } from '../test/fakes/slack-api.ts';
import { startFakeHf } from '../test/fakes/hf-server.ts';
import { fixtureDays } from '../test/fakes/fixtures.ts';

const CONCURRENCY = Number(process.env.SLACK_BENCH_CONCURRENCY ?? 20);
const ROUNDS = Number(process.env.SLACK_BENCH_ROUNDS ?? 25);
const SECRET = 'bench-signing-secret';

const slack = await new FakeSlack().start();
const hf = await startFakeHf();
const config = loadConfig({
  STORE_URL: 'memory://',
  HF_API_URL: hf.url,
  ARXIV_API_URL: 'http://127.0.0.1:9',
  HTTP_RETRIES: '0',
  LOG_LEVEL: 'silent',
  SLACK_BOT_TOKEN: FAKE_BOT_TOKEN,
  SLACK_SIGNING_SECRET: SECRET,
  SLACK_API_URL: slack.apiUrl,
});
let adapter: SlackAdapter | undefined;
const app = await createApp({ config, logger: silentLogger(), scheduler: false, adapters: (a) => [(adapter = createSlackAdapter(a, { port: 0, host: '127.0.0.1' }))] });
await app.start();
for (const day of fixtureDays()) await app.papers.fetchDay(day);
const url = `http://127.0.0.1:${adapter!.port}/slack/events`;

const waiting = new Map<string, (at: number) => void>();
slack.on('response', (post: UrlPost) => waiting.get(post.path)?.(performance.now()));

const queries = ['linear attention', 'diffusion models', 'reinforcement learning', 'mode connectivity', 'language model reasoning', 'vision transformer'];
let seq = 0;
async function one(): Promise<number> {
  const id = `b${++seq}`;
  const answered = new Promise<number>((resolve) => waiting.set(`/respond/${id}`, resolve));
  const body = slashCommandBody(`search ${queries[seq % queries.length]}`, { responseUrl: slack.responseUrl(id) });
  const start = performance.now();
  const res = await sendToPaperboy(url, body, { secret: SECRET });
  if (res.status !== 200) throw new Error(`paperboy answered ${res.status}`);
  const end = await answered;
  waiting.delete(`/respond/${id}`);
  return end - start;
}

for (let i = 0; i < 3; i++) await Promise.all(Array.from({ length: CONCURRENCY }, one)); // warm-up
const times: number[] = [];
for (let r = 0; r < ROUNDS; r++) times.push(...(await Promise.all(Array.from({ length: CONCURRENCY }, one))));
times.sort((a, b) => a - b);
const pct = (p: number) => times[Math.min(times.length - 1, Math.ceil((p / 100) * times.length) - 1)]!;
console.log(`slack /paper search → answer (${times.length} requests, ${CONCURRENCY} concurrent): p50 ${pct(50).toFixed(1)} ms, p99 ${pct(99).toFixed(1)} ms, max ${times.at(-1)!.toFixed(1)} ms`);

await app.stop();
await slack.stop();
await hf.close();
