// The Slack adapter's HTTP receiver on a port something else holds: start-up fails naming SLACK_PORT, and stopping ends it.
import net from 'node:net';
import { expect, it } from 'vitest';
import { createApp } from '../../../src/app.ts';
import { loadConfig } from '../../../src/config.ts';
import { ConfigError } from '../../../src/errors.ts';
import { silentLogger } from '../../../src/logger.ts';
import { createSlackAdapter } from '../../../adapters/slack/slack-adapter.ts';
import { FakeSlack, FAKE_BOT_TOKEN } from '../../fakes/slack-api.ts';

it('names SLACK_PORT when its port is taken', async () => {
  const taken = net.createServer();
  await new Promise<void>((resolve) => taken.listen(0, '127.0.0.1', resolve));
  const port = (taken.address() as net.AddressInfo).port;
  const slack = await new FakeSlack().start();
  try {
    const config = loadConfig({ STORE_URL: 'memory://', HF_API_URL: 'http://127.0.0.1:9', SLACK_BOT_TOKEN: FAKE_BOT_TOKEN, SLACK_SIGNING_SECRET: 's', SLACK_API_URL: slack.apiUrl });
    const app = await createApp({ config, logger: silentLogger(), scheduler: false, adapters: (a) => [createSlackAdapter(a, { port, host: '127.0.0.1' })] });
    const err = await app.start().catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ConfigError);
    expect((err as Error).message).toContain(`SLACK_PORT: port ${port} is already in use`);
    await app.stop();
  } finally {
    await slack.stop();
    await new Promise((r) => taken.close(r));
  }
});
