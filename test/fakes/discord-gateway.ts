// A fake Discord gateway (plain JSON, no compression, as discord.js speaks without zlib-sync): HELLO,
// heartbeat ACK, IDENTIFY → READY + GUILD_CREATE, RESUME with replay, and dispatches on demand.
import { WebSocketServer, type WebSocket } from 'ws';
import type { IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';

/** What the fake gateway tells a client about its world. */
export interface GatewayWorld {
  botUser: Record<string, unknown>;
  applicationId: string;
  guild: Record<string, unknown>;
  /** Base ws:// URL of the server (for resume_gateway_url). */
  url(): string;
}

interface Dispatch {
  s: number;
  t: string;
  d: unknown;
}

/** The gateway half of the fake Discord. */
export class FakeGateway {
  readonly identifies: Record<string, unknown>[] = [];
  readonly resumes: Record<string, unknown>[] = [];
  heartbeats = 0;
  /** IDENTIFY with this token is refused with close code 4004, as Discord does for a bad token. */
  rejectToken: string | undefined;
  /** Connections opened so far (a resume opens a new one). */
  connections = 0;
  private readonly wss = new WebSocketServer({ noServer: true });
  private socket: WebSocket | undefined;
  private seq = 0;
  private readonly sent: Dispatch[] = [];
  private readonly sessionId = 'fake-session-1';
  private waiters: (() => void)[] = [];

  constructor(
    private readonly world: GatewayWorld,
    private readonly heartbeatIntervalMs = 45_000,
  ) {
    this.wss.on('connection', (ws) => this.onConnection(ws));
  }

  /** Hand an HTTP upgrade to the gateway. */
  upgrade(req: IncomingMessage, socket: Duplex, head: Buffer): void {
    this.wss.handleUpgrade(req, socket, head, (ws) => this.wss.emit('connection', ws, req));
  }

  /** Send a dispatch (op 0); kept for replay when the client is disconnected or resumes. */
  dispatch(t: string, d: unknown): void {
    const event = { s: ++this.seq, t, d };
    this.sent.push(event);
    if (this.socket?.readyState === 1) this.socket.send(JSON.stringify({ op: 0, ...event }));
  }

  /** Drop the connection as a network fault would (close code 4000 invites a resume). */
  drop(code = 4000): void {
    this.socket?.close(code, 'fake gateway dropped the connection');
    this.socket = undefined;
  }

  /** Resolves once a session is established (READY or RESUMED sent) after this call. */
  nextSession(): Promise<void> {
    return new Promise((resolve) => this.waiters.push(resolve));
  }

  async close(): Promise<void> {
    for (const ws of this.wss.clients) ws.terminate();
    await new Promise<void>((resolve) => this.wss.close(() => resolve()));
  }

  private onConnection(ws: WebSocket): void {
    this.connections++;
    this.socket = ws;
    ws.send(JSON.stringify({ op: 10, d: { heartbeat_interval: this.heartbeatIntervalMs } }));
    ws.on('message', (raw) => {
      let payload: { op: number; d: any };
      try {
        payload = JSON.parse(String(raw));
      } catch {
        ws.close(4002, 'decode error');
        return;
      }
      this.onPayload(ws, payload);
    });
  }

  private onPayload(ws: WebSocket, { op, d }: { op: number; d: any }): void {
    if (op === 1) {
      this.heartbeats++;
      ws.send(JSON.stringify({ op: 11 }));
    } else if (op === 2) {
      this.identifies.push(d);
      if (this.rejectToken && d.token === this.rejectToken) {
        ws.close(4004, 'Authentication failed');
        return;
      }
      this.dispatch('READY', {
        v: 10,
        user: this.world.botUser,
        guilds: [{ id: this.world.guild.id, unavailable: true }],
        session_id: this.sessionId,
        resume_gateway_url: this.world.url(),
        shard: [0, 1],
        application: { id: this.world.applicationId, flags: 0 },
      });
      this.dispatch('GUILD_CREATE', this.world.guild);
      this.settle();
    } else if (op === 6) {
      this.resumes.push(d);
      if (d.session_id !== this.sessionId) {
        ws.send(JSON.stringify({ op: 9, d: false }));
        return;
      }
      // Replay what the client missed, then RESUMED, as Discord does.
      for (const event of this.sent.filter((e) => e.s > Number(d.seq))) ws.send(JSON.stringify({ op: 0, ...event }));
      this.dispatch('RESUMED', {});
      this.settle();
    }
  }

  private settle(): void {
    const waiters = this.waiters;
    this.waiters = [];
    for (const w of waiters) w();
  }
}
