// A minimal ChatAdapter that posts views to the fake chat server over HTTP, honouring its 429s.
import { Agent, request } from 'node:http';
import type { ChatAdapter, Platform, PostedMessage, PostLimits } from '../../src/chat.ts';
import { ChannelUnavailableError, RateLimitError, UpstreamError } from '../../src/errors.ts';
import type { ChannelHistory } from '../../src/digest/delivery.ts';
import type { View } from '../../src/views.ts';

/** Posts `{kind, paperId, text}` to `${url}/channels/:id/messages`; counts the 429s it received. */
export class HttpChatAdapter implements ChatAdapter, ChannelHistory {
  rateLimited = 0;
  posts = 0;

  constructor(
    readonly platform: Platform,
    private readonly url: string,
    readonly limits?: PostLimits,
    private readonly retries429 = 5,
  ) {}

  async start(): Promise<void> {}
  async stop(): Promise<void> {
    this.agent.destroy();
  }

  async post(channelId: string, view: View): Promise<PostedMessage[]> {
    const paperId = view.kind === 'paper' ? view.card.paper.id : undefined;
    const text = view.kind === 'text' ? view.text : view.kind === 'paper' ? view.card.paper.title : view.kind;
    for (let attempt = 0; ; attempt++) {
      const res = await this.send(`/channels/${encodeURIComponent(channelId)}/messages`, JSON.stringify({ kind: view.kind, paperId, text }));
      if (res.status === 404) throw new ChannelUnavailableError(this.platform, channelId, 'channel_not_found');
      if (res.status === 429) {
        this.rateLimited++;
        const wait = Number(res.headers['retry-after-ms'] ?? 1000);
        if (attempt >= this.retries429) throw new RateLimitError(this.platform, wait);
        await new Promise((r) => setTimeout(r, wait));
        continue;
      }
      if (res.status !== 200) throw new UpstreamError(this.platform, `post failed: ${res.status}`, res.status);
      const { id } = JSON.parse(res.body) as { id: string };
      this.posts++;
      return [{ messageId: id, ...(paperId ? { paperId } : {}) }];
    }
  }

  private readonly agent = new Agent({ keepAlive: true, maxSockets: 256 });

  /** One POST over a kept-alive connection (lighter than fetch at thousands of posts a second). */
  private send(path: string, body: string): Promise<{ status: number; headers: Record<string, string | string[] | undefined>; body: string }> {
    return new Promise((resolve, reject) => {
      const req = request(`${this.url}${path}`, { method: 'POST', agent: this.agent, headers: { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) } }, (res) => {
        let text = '';
        res.setEncoding('utf8');
        res.on('data', (c: string) => (text += c));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: text }));
        res.on('error', reject);
      });
      req.on('error', reject);
      req.end(body);
    });
  }

  async recentPosts(channelId: string, since: Date): Promise<PostedMessage[]> {
    const res = await fetch(`${this.url}/channels/${encodeURIComponent(channelId)}/messages?since=${since.getTime()}`);
    const list = (await res.json()) as { id: string; paperId?: string }[];
    return list.map((m) => ({ messageId: m.id, ...(m.paperId ? { paperId: m.paperId } : {}) }));
  }
}
