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
const messageKey = (platform: Platform, channelId: string, messageId: string) => `messages:${channelKey({ platform, channelId })}:${messageId}`;

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
 *
 * A record is written with what it implies (its papers in the sent set, its place in the open set,
 * its messages' links), the record last, and a finished one then leaves the open set
 * (Backend.update): on SQLite one group commit. A fan-out writes a record after every message: one
 * commit a message rather than three in a row.
 */
export class KeyvDeliveryLog implements DeliveryLog {
  /** Puts of one record apply in call order. */
  private readonly locks = new KeyedMutex();
  /**
   * Per open record this process wrote, what its puts have implied so far (`<message id> <paper>`
   * whose paper and link are written, and OPEN_SET once joined): a fan-out writes a record after
   * every message. Only a cache of writes that succeeded: losing it (a restart, the cap) only means
   * writing them again.
   */
  private readonly implied = new Map<string, Set<string>>();

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
    const open = OPEN.includes(record.status);
    await this.locks.run(id, async () => {
      // Rows an earlier put of this record wrote stay written: only the new ones go with it.
      const written = this.implied.get(id) ?? new Set<string>();
      const fresh = record.messages.filter((m): m is { messageId: string; paperId: string } => Boolean(m.paperId) && !written.has(`${m.messageId} ${m.paperId}`));
      // 'unknown': a message that may have gone out without an id (see resolveUnsure).
      const links = fresh.filter((m) => m.messageId !== 'unknown').map((m) => ({ key: messageKey(record.platform, record.channelId, m.messageId), value: m.paperId }));
      const adds: [string, string[]][] = [[sentSet(record.platform, record.channelId), fresh.map((m) => m.paperId)]];
      const joins = open && !written.has(OPEN_SET);
      if (joins) adds.push([OPEN_SET, [id]]);
      await this.backend.update(adds, [...links, { key: `deliveries:${id}`, value: record }], open ? [] : [[OPEN_SET, [id]]]);
      if (!open) {
        this.implied.delete(id);
        return;
      }
      for (const m of fresh) written.add(`${m.messageId} ${m.paperId}`);
      if (joins) written.add(OPEN_SET);
      if (!this.implied.has(id) && this.implied.size >= 10_000) this.implied.clear();
      this.implied.set(id, written);
    });
  }

  async remove(platform: Platform, channelId: string, day: string): Promise<void> {
    const id = recordId(platform, channelId, day);
    await this.locks.run(id, async () => {
      this.implied.delete(id);
      await this.backend.delete(`deliveries:${id}`);
      await this.backend.setRemove(OPEN_SET, [id]);
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
      this.backend.set(messageKey(platform, channelId, messageId), paperId),
    ]);
  }

  async paperForMessage(platform: Platform, channelId: string, messageId: string): Promise<string | undefined> {
    const v = await this.backend.get(messageKey(platform, channelId, messageId));
    return typeof v === 'string' ? v : undefined;
  }

  async sentPapers(platform: Platform, channelId: string): Promise<Set<string>> {
    return new Set(await this.backend.setMembers(sentSet(platform, channelId)));
  }
}
