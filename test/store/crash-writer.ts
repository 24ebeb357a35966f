// Child process for the kill -9 test: writes to a SQLite store and prints `ack <n>` once each write resolved.
import { silentLogger } from '../../src/logger.ts';
import { openStores } from '../../src/store/open-stores.ts';

const file = process.argv[2];
const stores = await openStores(`sqlite://${file}`, { logger: silentLogger() });
process.stdout.write('ready\n');
for (let i = 0; ; i++) {
  const id = `2501.${String(i).padStart(5, '0')}`;
  const at = new Date(Date.UTC(2025, 0, 1, 0, 0, i)).toISOString();
  await stores.papers.putMany([
    { id, title: `Paper ${i}`, summary: 's', authors: [], upvotes: i, keywords: [], listedOn: [], source: 'hf', updatedAt: at },
  ]);
  await stores.saves.add({ platform: 'slack', channelId: 'C1', userId: 'U1', paperId: id, kind: 'save', at });
  await stores.deliveries.put({
    platform: 'slack',
    channelId: `C${i}`,
    day: '2025-01-06',
    status: 'posting',
    paperIds: [id],
    messages: [{ messageId: `m${i}`, paperId: id }],
    startedAt: at,
    updatedAt: at,
  });
  await stores.meta.set('last', i);
  process.stdout.write(`ack ${i}\n`);
}
