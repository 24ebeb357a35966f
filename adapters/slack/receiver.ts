// The two ways Slack reaches paperboy: signed HTTP requests, or Socket Mode when an app token is set.
import { HTTPReceiver, SocketModeReceiver, type Logger as BoltLogger, type Receiver, type webApi } from '@slack/bolt';
import type { Config } from '../../src/config.ts';
import { ConfigError } from '../../src/errors.ts';

/** The path Slack posts events, commands and interactions to (the manifest's request URLs). */
export const EVENTS_PATH = '/slack/events';

/** The receiver for the configured mode, and which one it is. */
export interface BuiltReceiver {
  receiver: Receiver;
  mode: 'http' | 'socket';
}

/**
 * Socket Mode when SLACK_APP_TOKEN is set; otherwise HTTP on SLACK_PORT at /slack/events, where Bolt
 * checks every request's signature and age (older than 5 minutes: 401) and rejects bodies it cannot parse (400).
 */
export function buildReceiver(slack: NonNullable<Config['slack']>, logger: BoltLogger, clientOptions: webApi.WebClientOptions): BuiltReceiver {
  if (slack.appToken) {
    return {
      mode: 'socket',
      receiver: new SocketModeReceiver({
        appToken: slack.appToken,
        logger,
        // apps.connections.open goes to SLACK_API_URL too, so a stand-in can serve Socket Mode.
        installerOptions: { clientOptions },
      }),
    };
  }
  if (!slack.signingSecret) {
    throw new ConfigError(['SLACK_SIGNING_SECRET is missing: HTTP mode checks request signatures (or set SLACK_APP_TOKEN for Socket Mode)']);
  }
  return {
    mode: 'http',
    receiver: new HTTPReceiver({
      signingSecret: slack.signingSecret,
      endpoints: [EVENTS_PATH],
      logger,
      signatureVerification: true,
      processBeforeResponse: false,
    }),
  };
}
