// Delivery records per (channel, day), message → paper links, and each channel's sent papers.
import { channelKey, type Platform } from '../chat.ts';
import type { Logger } from '../logger.ts';
import type { Backend } from './backend.ts';
import { KeyedMutex } from './keyed-mutex.ts';
import type { DeliveryLog, DeliveryRecord, DeliveryStatus } from './stores.ts';

const OPEN: DeliveryStatus[] = ['intent', 'posting'];
const OPEN_SET = 'deliveries-open';
const sentSet = (platform: Platform, channelId: string) => `sent:${channelKey({ platform, channelId })}`;
const recordId = (platform: Platform, channelId: string, day: string) =>
  `${channelKey({ platform, channelId })}:${day}`;

function isRecord(v: unknown): v is DeliveryRecord {
  const r = v as DeliveryRecord;
  return (
    typeof r === 'object' &&
    r !== null &&
    typeof r.platform === 'string' &&
    typeof r.channelId === 'string' &&
    typeof r.day === 'string' &&
    typeof r.status === 'string' &&
    Array.isArray(r.paperIds) &&
    Array.isArray(r.messages)
  );
}

/**
 * DeliveryLog on a Backend: `deliveries:<platform>:<channel>:<day>` records; the `deliveries-open`
 * set lists unfinished ones (joined before the record is written, left after it is finished, and
 * `unfinished()` re-checks each record's status); `sent:<platform>:<channel>` sets hold every paper
 * a channel was sent; `messages:<platform>:<channel>:<messageId>` map a message to its paper.
 */
export class KeyvDeliveryLog implements DeliveryLog {
  /** Puts of one record apply in call order. */
  private readonly locks = new KeyedMutex();

  constructor(
    private readonly backend: Backend,
    private readonly logger: Logger,
  ) {}

  private check(key: string, v: unknown): DeliveryRecord | undefined {
    if (v === undefined) return undefined;
    if (isRecord(v)) return v;
    this.logger.warn({ key }, 'store: malformed delivery record skipped');
    return undefined;
  }

  async get(platform: Platform, channelId: string, day: string): Promise<DeliveryRecord | undefined> {
    const key = `deliveries:${recordId(platform, channelId, day)}`;
    return this.check(key, await this.backend.get(key));
  }

  async put(record: DeliveryRecord): Promise<void> {
    const id = recordId(record.platform, record.channelId, record.day);
    const sent = record.messages.flatMap((m) => (m.paperId ? [m.paperId] : []));
    const sentKey = sentSet(record.platform, record.channelId);
    await this.locks.run(id, async () => {
      if (OPEN.includes(record.status)) {
        await Promise.all([this.backend.setAdd(sentKey, sent), this.backend.setAdd(OPEN_SET, [id])]);
        await this.backend.set(`deliveries:${id}`, record);
      } else {
        await this.backend.setAdd(sentKey, sent);
        await this.backend.set(`deliveries:${id}`, record);
        await this.backend.setRemove(OPEN_SET, [id]);
      }
    });
  }

  async unfinished(): Promise<DeliveryRecord[]> {
    const ids = (await this.backend.setMembers(OPEN_SET)).sort();
    const values = await this.backend.getMany(ids.map((id) => `deliveries:${id}`));
    return values.flatMap((v, i) => {
      const record = this.check(`deliveries:${ids[i]}`, v);
      return record && OPEN.includes(record.status) ? [record] : [];
    });
  }

  async recordMessage(platform: Platform, channelId: string, messageId: string, paperId: string): Promise<void> {
    await Promise.all([
      this.backend.setAdd(sentSet(platform, channelId), [paperId]),
      this.backend.set(`messages:${channelKey({ platform, channelId })}:${messageId}`, paperId),
    ]);
  }

  async paperForMessage(platform: Platform, channelId: string, messageId: string): Promise<string | undefined> {
    const v = await this.backend.get(`messages:${channelKey({ platform, channelId })}:${messageId}`);
    return typeof v === 'string' ? v : undefined;
  }

  async sentPapers(platform: Platform, channelId: string): Promise<Set<string>> {
    return new Set(await this.backend.setMembers(sentSet(platform, channelId)));
  }
}
