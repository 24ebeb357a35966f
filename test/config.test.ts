import { describe, expect, it } from 'vitest';
import { loadConfig } from '../src/config.ts';
import { ConfigError } from '../src/errors.ts';

function problems(env: Record<string, string>): string[] {
  try {
    loadConfig(env);
  } catch (err) {
    if (err instanceof ConfigError) return err.problems;
    throw err;
  }
  return [];
}

describe('loadConfig', () => {
  it('runs with an empty environment: console defaults, SQLite store, no platforms', () => {
    const c = loadConfig({});
    expect(c.hfApiUrl).toBe('https://huggingface.co');
    expect(c.arxivApiUrl).toBe('https://export.arxiv.org');
    expect(c.storeUrl).toBe('sqlite://./data/paperboy.sqlite');
    expect(c.digest).toMatchObject({ time: '09:00', timezone: 'UTC', size: 5, graceMs: 6 * 3_600_000 });
    expect(c.slack).toBeUndefined();
    expect(c.discord).toBeUndefined();
    expect(c.slack?.apiUrl ?? loadConfig({ SLACK_BOT_TOKEN: 'x', SLACK_APP_TOKEN: 'y' }).slack?.apiUrl).toBe('https://slack.com/api/');
  });

  it('strips trailing slashes from base URLs and parses durations', () => {
    const c = loadConfig({ HF_API_URL: 'http://127.0.0.1:9/', HTTP_TIMEOUT: '1.5s', DIGEST_GRACE: '90m' });
    expect(c.hfApiUrl).toBe('http://127.0.0.1:9');
    expect(c.http.timeoutMs).toBe(1500);
    expect(c.digest.graceMs).toBe(90 * 60_000);
  });

  it('reports every problem at once, naming the variable and what to do', () => {
    const found = problems({ HF_API_URL: 'ftp://x', DIGEST_TIME: '25:00', DIGEST_TIMEZONE: 'Mars/Olympus', LOG_LEVEL: 'loud', STORE_URL: 'mysql://x' });
    expect(found).toHaveLength(5);
    for (const name of ['HF_API_URL', 'DIGEST_TIME', 'DIGEST_TIMEZONE', 'LOG_LEVEL', 'STORE_URL']) {
      expect(found.some((p) => p.startsWith(name) && p.includes('.env.example'))).toBe(true);
    }
  });

  it('refuses an API URL with a user name or password in it, without echoing the password', () => {
    const found = problems({ HF_API_URL: 'http://me:s3cretpw@127.0.0.1:9', ARXIV_API_URL: 'https://token@export.arxiv.org/' });
    expect(found).toHaveLength(2);
    expect(found[0]).toMatch(/^HF_API_URL is invalid: must not hold a user name or password/);
    expect(found.join('\n')).not.toContain('s3cretpw');
    expect(loadConfig({ HF_API_URL: 'http://127.0.0.1:9/a@b' }).hfApiUrl).toBe('http://127.0.0.1:9/a@b');
  });

  it('refuses a Redis STORE_URL that does not parse (a password with a bare / # ? or %), without echoing it', () => {
    for (const bad of ['redis://:Xk9/Qw3zLm@127.0.0.1:6379', 'redis://:pa#Qw3zLm@127.0.0.1:6379', 'redis://:Qw3zLm%zz@127.0.0.1:6379', 'redis://:Qw3zLm@127.0.0.1:99999']) {
      const found = problems({ STORE_URL: bad });
      expect(found).toHaveLength(1);
      expect(found[0]).toMatch(/^STORE_URL is invalid: .*percent-encode/);
      expect(found[0]).not.toContain('Qw3zLm');
    }
    expect(loadConfig({ STORE_URL: 'redis://:Xk9%2FQw3zLm@127.0.0.1:6379' }).storeUrl).toContain('%2F');
  });

  it('reads DISCORD_SHARDS as distinct whole numbers below DISCORD_SHARD_COUNT, and PAPERBOY_HUGE_PAGES as on or off', () => {
    const base = { DISCORD_TOKEN: 't', DISCORD_APPLICATION_ID: '1', DISCORD_SHARD_COUNT: '2' };
    expect(loadConfig({ ...base, DISCORD_SHARDS: ' 1, 0 ' }).discord?.shards).toEqual({ ids: [1, 0], count: 2 });
    expect(problems({ ...base, DISCORD_SHARDS: '0x1,1e0' })[0]).toMatch(/^DISCORD_SHARDS is invalid: must be distinct shard ids/);
    expect(problems({ ...base, DISCORD_SHARDS: '1,1' })[0]).toMatch(/^DISCORD_SHARDS is invalid: must be distinct/);
    expect(problems({ ...base, DISCORD_SHARDS: '0,7' })).toEqual([expect.stringMatching(/^DISCORD_SHARDS is invalid: shard 7 is not below DISCORD_SHARD_COUNT \(2\)/)]);
    expect(() => loadConfig({ PAPERBOY_HUGE_PAGES: 'ON' })).not.toThrow();
    expect(problems({ PAPERBOY_HUGE_PAGES: 'yes' })).toEqual([expect.stringMatching(/^PAPERBOY_HUGE_PAGES is invalid: must be on or off/)]);
  });

  it('bounds DIGEST_GRACE between a minute and the week catch-up looks back, and reads SEARCH_SNAPSHOT=OFF as off', () => {
    expect(problems({ DIGEST_GRACE: '0' })).toEqual([expect.stringMatching(/^DIGEST_GRACE is invalid: must be between 1m and 7d \(got 0\)/)]);
    expect(problems({ DIGEST_GRACE: '400d' })).toHaveLength(1);
    expect(loadConfig({ DIGEST_GRACE: '7d' }).digest.graceMs).toBe(7 * 86_400_000);
    expect(loadConfig({ SEARCH_SNAPSHOT: 'OFF' }).searchSnapshot).toBeUndefined();
  });

  it('asks for the Slack signing secret in HTTP mode but not in Socket Mode', () => {
    expect(problems({ SLACK_BOT_TOKEN: 'xoxb-1' })).toEqual([expect.stringMatching(/^SLACK_SIGNING_SECRET is missing/)]);
    expect(problems({ SLACK_BOT_TOKEN: 'xoxb-1', SLACK_APP_TOKEN: 'xapp-1' })).toEqual([]);
    expect(problems({ SLACK_APP_TOKEN: 'xapp-1' })).toEqual([expect.stringMatching(/^SLACK_BOT_TOKEN is missing/)]);
  });

  it('needs a Discord application id with a Discord token, and never echoes the token', () => {
    const found = problems({ DISCORD_TOKEN: 'super-secret-token' });
    expect(found).toEqual([expect.stringMatching(/^DISCORD_APPLICATION_ID is missing/)]);
    expect(found.join(' ')).not.toContain('super-secret-token');
    expect(loadConfig({ DISCORD_TOKEN: 't', DISCORD_APPLICATION_ID: '1' }).discord).toMatchObject({ applicationId: '1', apiUrl: 'https://discord.com/api' });
  });

  it('refuses a token with a note after it on its line, naming the variable and never echoing the token', () => {
    const err = (() => {
      try {
        loadConfig({ SLACK_BOT_TOKEN: 'xoxb-111-222-sekrit            required for Slack', SLACK_APP_TOKEN: 'xapp-1-abc', DISCORD_TOKEN: 'tok en', DISCORD_APPLICATION_ID: '123' });
      } catch (e) {
        return e as ConfigError;
      }
    })();
    expect(err).toBeInstanceOf(ConfigError);
    expect(err!.message).toMatch(/SLACK_BOT_TOKEN is invalid: holds a space/);
    expect(err!.message).toMatch(/DISCORD_TOKEN is invalid: holds a space/);
    expect(err!.message).not.toMatch(/sekrit|tok en/);
  });

  it('reports cross-variable problems together with invalid values', () => {
    const found = problems({ DIGEST_SIZE: '0', DISCORD_TOKEN: 't' });
    expect(found).toHaveLength(2);
    expect(found[0]).toMatch(/^DIGEST_SIZE is invalid/);
    expect(found[1]).toMatch(/^DISCORD_APPLICATION_ID is missing/);
  });

  it('takes whole numbers as digits only: 0x50, 1e1 and 2.5 are refused with the range, not read as 80, 10 or 2', () => {
    const found = problems({ SLACK_PORT: '0x50', DIGEST_SIZE: '1e1', DISCORD_SHARD_COUNT: '2.5', METRICS_PORT: '-1' });
    expect([...found].sort()).toEqual([
      'METRICS_PORT is invalid: must be a whole number from 0 to 65535; set it in .env (see .env.example)',
      'SLACK_PORT is invalid: must be a whole number from 0 to 65535; set it in .env (see .env.example)',
      'DISCORD_SHARD_COUNT is invalid: must be a whole number from 1 to 10000; set it in .env (see .env.example)',
      'DIGEST_SIZE is invalid: must be a whole number from 1 to 10; set it in .env (see .env.example)',
    ].sort());
    expect(loadConfig({ DIGEST_SIZE: ' 7 ', METRICS_PORT: '9100' })).toMatchObject({ digest: { size: 7 }, metricsPort: 9100 });
  });

  it('reads LOG_LEVEL and LOG_FORMAT in any case, and says what they may be', () => {
    expect(loadConfig({ LOG_LEVEL: 'INFO', LOG_FORMAT: 'JSON' })).toMatchObject({ logLevel: 'info', logFormat: 'json' });
    expect(problems({ LOG_LEVEL: 'verbose' })).toEqual([expect.stringMatching(/^LOG_LEVEL is invalid: must be one of trace, debug, info, warn, error, fatal or silent/)]);
  });

  it('treats blank values as unset', () => {
    expect(loadConfig({ SLACK_BOT_TOKEN: '  ', DIGEST_SIZE: '' }).digest.size).toBe(5);
  });

  it('puts the search snapshot beside the SQLite file, under ./data per Redis URL, nowhere for memory:// or when off', () => {
    expect(loadConfig({}).searchSnapshot).toBe('./data/paperboy.sqlite.search-index');
    const a = loadConfig({ STORE_URL: 'redis://a:6379' }).searchSnapshot;
    expect(a).toMatch(/^\.\/data\/search-index-[0-9a-f]{12}\.snapshot$/);
    expect(a).not.toContain('a:6379');
    expect(loadConfig({ STORE_URL: 'redis://b:6379' }).searchSnapshot).not.toBe(a);
    expect(loadConfig({ STORE_URL: 'memory://' }).searchSnapshot).toBeUndefined();
    expect(loadConfig({ SEARCH_SNAPSHOT: 'off' }).searchSnapshot).toBeUndefined();
    expect(loadConfig({ SEARCH_SNAPSHOT: '/var/lib/pb/index' }).searchSnapshot).toBe('/var/lib/pb/index');
  });
});
