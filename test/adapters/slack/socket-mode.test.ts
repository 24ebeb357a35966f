// Socket Mode: apps.connections.open on the fake Slack, then a slash command envelope over a WebSocket.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FAKE_APP_TOKEN } from '../../fakes/slack-api.ts';
import { startSlackHarness, type SlackHarness } from './harness.ts';

let h: SlackHarness;
beforeAll(async () => {
  h = await startSlackHarness({ socket: true });
  await h.slack.socketConnected();
});
afterAll(async () => h?.close());

describe('Socket Mode', () => {
  it('connects with the app token and serves no HTTP port', () => {
    expect(h.adapter.mode).toBe('socket');
    expect(h.adapter.port).toBeUndefined();
    const open = h.slack.callsTo('apps.connections.open');
    expect(open).toHaveLength(1);
    expect(open[0]!.headers.authorization).toBe(`Bearer ${FAKE_APP_TOKEN}`);
  });

  it('reports the WebSocket for /healthz: up once Slack said hello', async () => {
    await expect.poll(() => h.adapter.connected, { timeout: 3000 }).toBe(true);
  });

  it('acks a slash command envelope and answers through response_url', async () => {
    const payload = {
      token: 'deprecated',
      team_id: 'T1',
      channel_id: 'C1',
      user_id: 'U1',
      command: '/paper',
      text: 'help',
      api_app_id: 'A1',
      response_url: h.slack.responseUrl('socket'),
      trigger_id: '1.2.3',
    };
    const ack = await h.slack.sendEnvelope('slash_commands', payload, 'env-1');
    expect(ack.envelope_id).toBe('env-1');
    const answer = await h.slack.waitFor(() => h.slack.responses.find((r) => r.path === '/respond/socket'), 5000, 'answer');
    expect(answer.body.response_type).toBe('ephemeral');
    expect(JSON.stringify(answer.body)).toContain('/paper search');
  });
});
