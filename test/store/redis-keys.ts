// Removing what a test wrote to a shared Redis: every key under its prefix.

/**
 * Delete every key starting with `prefix` on the Redis at `url`. The client is loaded only when called: it slows
 * string loops in the whole process (see src/store/open-stores.ts), and most test files never touch Redis.
 */
export async function dropRedisKeys(url: string, prefix: string): Promise<void> {
  const { createClient } = await import('@keyv/redis');
  const client = createClient({ url });
  await client.connect();
  try {
    for await (const keys of client.scanIterator({ MATCH: `${prefix.replace(/[*?[\]\\]/g, '\\$&')}*`, COUNT: 1000 })) {
      if (keys.length > 0) await client.del(keys);
    }
  } finally {
    await client.close();
  }
}
