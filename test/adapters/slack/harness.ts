// Test harness: the real paperboy app with the real Slack adapter, wired to a fake Slack and a fake Hugging Face.
import { createApp, type RunningApp } from '../../../src/app.ts';
import { loadConfig } from '../../../src/config.ts';
import { silentLogger, type Logger } from '../../../src/logger.ts';
import { createSlackAdapter, type SlackAdapter, type SlackAdapterOptions } from '../../../adapters/slack/slack-adapter.ts';
import { FakeSlack, FAKE_APP_TOKEN, FAKE_BOT_TOKEN, sendToPaperboy, type SendOptions } from '../../fakes/slack-api.ts';
import { startFakeHf, type FakeHf } from '../../fakes/hf-server.ts';
import { fixtureDays } from '../../fakes/fixtures.ts';

export const SIGNING_SECRET = 'test-signing-secret';

/** A running paperboy on Slack, with its fakes. */
export interface SlackHarness {
  slack: FakeSlack;
  hf: FakeHf;
  app: RunningApp;
  adapter: SlackAdapter;
  /** http://127.0.0.1:<port>/slack/events */
  eventsUrl: string;
  /** Send a request signed like Slack's. */
  send(body: string, opts?: SendOptions): Promise<{ status: number; text: string }>;
  /** Papers of the first recorded day, fetched into the store and the search index. */
  papers: Awaited<ReturnType<RunningApp['papers']['fetchDay']>>;
  close(): Promise<void>;
}

/** Start everything on 127.0.0.1; `socket: true` runs Socket Mode instead of HTTP. */
export async function startSlackHarness(
  o: { socket?: boolean; adapter?: SlackAdapterOptions; env?: Record<string, string>; logger?: Logger } = {},
): Promise<SlackHarness> {
  const slack = await new FakeSlack().start();
  const hf = await startFakeHf();
  const config = loadConfig({
    STORE_URL: 'memory://',
    HF_API_URL: hf.url,
    ARXIV_API_URL: 'http://127.0.0.1:9',
    HTTP_RETRIES: '0',
    HTTP_TIMEOUT: '5s',
    LOG_LEVEL: 'silent',
    SLACK_BOT_TOKEN: FAKE_BOT_TOKEN,
    SLACK_SIGNING_SECRET: SIGNING_SECRET,
    SLACK_API_URL: slack.apiUrl,
    ...(o.socket ? { SLACK_APP_TOKEN: FAKE_APP_TOKEN } : {}),
    ...o.env,
  });
  let adapter: SlackAdapter | undefined;
  const app = await createApp({
    config,
    logger: o.logger ?? silentLogger(),
    scheduler: false,
    adapters: (a) => [
      (adapter = createSlackAdapter(a, { port: 0, host: '127.0.0.1', apiRetries: 1, posting: { minIntervalMs: 0, backoffMs: 20 }, ...o.adapter })),
    ],
  });
  await app.start();
  const papers = await app.papers.fetchDay(fixtureDays()[0]!);
  const eventsUrl = `http://127.0.0.1:${adapter!.port}/slack/events`;
  return {
    slack,
    hf,
    app,
    adapter: adapter!,
    eventsUrl,
    papers,
    send: (body, opts) => sendToPaperboy(eventsUrl, body, { secret: SIGNING_SECRET, ...opts }),
    async close() {
      await app.stop();
      await slack.stop();
      await hf.close();
    },
  };
}
