// The shared backend (`STORE_URL=redis://…`): Keyv over @keyv/redis, plus native Redis sets and SET NX PX.
import KeyvRedis, { createClient } from '@keyv/redis';
import { ConfigError } from '../errors.ts';
import type { Logger } from '../logger.ts';
import { Backend } from './backend.ts';
import { envelope } from './envelope.ts';

type Client = ReturnType<typeof createClient>;

/** Options for the Redis backend. */
export interface RedisBackendOptions {
  /** Prepended to every key (default `paperboy:`). */
  prefix?: string;
  /** How long to wait for the first connection (default 5 s). */
  connectTimeoutMs?: number;
  /**
   * While Redis is unreachable, how long a command waits for the connection to come back before it
   * fails (default 5 s). A command already sent is never cut short; one that times out is never sent.
   */
  offlineTimeoutMs?: number;
}

/** The URL with any password hidden, for messages. */
function safeUrl(url: string): string {
  try {
    const u = new URL(url);
    if (u.password) u.password = '***';
    return u.toString();
  } catch {
    return 'the configured URL';
  }
}

/** `connect ECONNREFUSED 127.0.0.1:6390`, or the error's name when it has no message. */
function describe(err: Error): string {
  const code = (err as { code?: string }).code;
  return err.message || code || err.name;
}

/** Lua: whether KEYS[1] holds the envelope of the value ARGV[1] (a lease's token). */
const HOLDS = `local v = redis.call('GET', KEYS[1])
if not v then return false end
local ok, d = pcall(cjson.decode, v)
return ok and type(d) == 'table' and d.value == ARGV[1]`;
/** Renew a lease only while it is the caller's (GET then SET would give back a lease another process took meanwhile). */
const HOLDS_THEN_RENEW = `local function holds() ${HOLDS} end
if not holds() then return 0 end
redis.call('SET', KEYS[1], ARGV[2], 'PX', ARGV[3])
return 1`;
/** Free a lease only while it is the caller's. */
const HOLDS_THEN_DELETE = `local function holds() ${HOLDS} end
if not holds() then return 0 end
return redis.call('DEL', KEYS[1])`;

const escapeGlob = (s: string) => s.replace(/[*?[\]\\]/g, '\\$&');

/**
 * Redis through Keyv. Sets (the indexes) are Redis sets, so adding to them is atomic across
 * processes; `setIfAbsent` is `SET key value NX PX ttl`, the lease several processes agree on.
 */
export class RedisBackend extends Backend {
  private constructor(
    private readonly client: Client,
    adapter: KeyvRedis<string>,
    logger: Logger,
    prefix: string,
  ) {
    super(adapter, logger, prefix);
  }

  /** Connect to `url`; fails with a ConfigError saying what to do when Redis does not answer. */
  static async open(url: string, logger: Logger, options: RedisBackendOptions = {}): Promise<RedisBackend> {
    let connected = false;
    let down = false;
    let cause: Error | undefined;
    const client: Client = createClient({
      url,
      socket: {
        connectTimeout: options.connectTimeoutMs ?? 5000,
        // Give up at once on the first connection (so start-up fails clearly); after that, keep retrying.
        reconnectStrategy: (retries, err) => (connected ? Math.min(100 * 2 ** retries, 5000) : (cause = err)),
      },
      // While reconnecting, commands wait in the client's queue: without a limit, every read and write (a command's
      // answer, /healthz) would hang for the whole outage. Timed out, it is dropped from the queue, never sent late.
      commandOptions: { timeout: options.offlineTimeoutMs ?? 5000 },
    });
    client.on('error', (err: unknown) => {
      if (!connected || down) return;
      down = true;
      logger.warn({ err, url: safeUrl(url) }, 'redis: connection lost, reconnecting');
    });
    client.on('ready', () => {
      if (down) logger.info({ url: safeUrl(url) }, 'redis: reconnected');
      down = false;
    });
    try {
      await client.connect();
      connected = true;
      // A Redis that wants a password (or another one) lets the connection open and refuses the first command.
      await client.ping();
    } catch (err) {
      const first = cause ?? err;
      const why = first instanceof Error ? describe(first) : String(first);
      if (client.isOpen) client.destroy();
      if (/^(NOAUTH|WRONGPASS)/.test(why)) {
        throw new ConfigError([`STORE_URL: Redis at ${safeUrl(url)} refused the password (${why}). Put its password in the URL: redis://:<password>@host:port (or redis://<user>:<password>@… with ACL users).`]);
      }
      throw new ConfigError([
        `STORE_URL: cannot reach Redis at ${safeUrl(url)} (${why}). ` +
          'Start Redis there (e.g. `redis-server --bind 127.0.0.1`), fix the URL, or unset STORE_URL to use the embedded SQLite store.',
      ]);
    }
    const adapter = new KeyvRedis(client as never, { throwOnErrors: true, throwOnConnectError: true });
    return new RedisBackend(client, adapter, logger, options.prefix ?? 'paperboy:');
  }

  protected async *scanRaw(fullPrefix: string): AsyncIterable<[string, string][]> {
    for await (const keys of this.client.scanIterator({ MATCH: `${escapeGlob(fullPrefix)}*`, COUNT: 1000 })) {
      if (keys.length === 0) continue;
      const values = await this.client.mGet(keys);
      const page: [string, string][] = [];
      for (let i = 0; i < keys.length; i++) {
        const value = values[i];
        if (typeof value === 'string') page.push([keys[i], value]);
      }
      yield page;
    }
  }

  override async setAdd(set: string, members: string[]): Promise<void> {
    if (members.length > 0) await this.client.sAdd(this.full(`sets:${set}`), members);
  }

  override async setRemove(set: string, members: string[]): Promise<void> {
    if (members.length > 0) await this.client.sRem(this.full(`sets:${set}`), members);
  }

  override async setMembers(set: string): Promise<string[]> {
    return this.client.sMembers(this.full(`sets:${set}`));
  }

  async setIfAbsent(key: string, value: unknown, ttlMs: number): Promise<boolean> {
    const reply = await this.client.set(this.full(key), envelope(value, ttlMs), {
      condition: 'NX',
      expiration: { type: 'PX', value: Math.max(1, Math.round(ttlMs)) },
    });
    return reply === 'OK';
  }

  override async renewIfHolds(key: string, token: string, ttlMs: number): Promise<boolean> {
    const ms = Math.max(1, Math.round(ttlMs));
    return (await this.client.eval(HOLDS_THEN_RENEW, { keys: [this.full(key)], arguments: [token, envelope(token, ms), String(ms)] })) === 1;
  }

  override async deleteIfHolds(key: string, token: string): Promise<boolean> {
    return (await this.client.eval(HOLDS_THEN_DELETE, { keys: [this.full(key)], arguments: [token] })) === 1;
  }

  async ping(): Promise<boolean> {
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<string>((resolve) => (timer = setTimeout(() => resolve('timeout'), 2000)));
    try {
      return (await Promise.race([this.client.ping(), timeout])) === 'PONG';
    } catch {
      return false;
    } finally {
      clearTimeout(timer);
    }
  }

  protected override async disconnect(): Promise<void> {
    if (this.client.isOpen) await this.client.close();
  }
}
