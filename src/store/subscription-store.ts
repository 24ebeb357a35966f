// Channel subscriptions: `subs:<platform>:<channel>` records, listed through the `subs` set.
import { channelKey, type Platform } from '../chat.ts';
import type { Logger } from '../logger.ts';
import type { Backend } from './backend.ts';
import { KeyedMutex } from './keyed-mutex.ts';
import type { Subscription, SubscriptionStore } from './stores.ts';

function isSubscription(v: unknown): v is Subscription {
  const s = v as Subscription;
  return (
    typeof s === 'object' &&
    s !== null &&
    typeof s.platform === 'string' &&
    typeof s.channelId === 'string' &&
    Array.isArray(s.topics) &&
    typeof s.time === 'string' &&
    typeof s.timezone === 'string' &&
    Array.isArray(s.days) &&
    typeof s.size === 'number'
  );
}

const SET = 'subs';

/**
 * SubscriptionStore on a Backend. The set is written before the record and cleared after it, so a
 * crash in between leaves at worst a member without a record, which `list()` skips.
 */
export class KeyvSubscriptionStore implements SubscriptionStore {
  /** put/delete of one channel apply in call order, so the set and the record agree. */
  private readonly locks = new KeyedMutex();

  constructor(
    private readonly backend: Backend,
    private readonly logger: Logger,
  ) {}

  private check(key: string, v: unknown): Subscription | undefined {
    if (v === undefined) return undefined;
    if (isSubscription(v)) return v;
    this.logger.warn({ key }, 'store: malformed subscription skipped');
    return undefined;
  }

  async get(platform: Platform, channelId: string): Promise<Subscription | undefined> {
    const key = `subs:${channelKey({ platform, channelId })}`;
    return this.check(key, await this.backend.get(key));
  }

  async put(sub: Subscription): Promise<void> {
    const member = channelKey(sub);
    await this.locks.run(member, async () => {
      await this.backend.setAdd(SET, [member]);
      await this.backend.set(`subs:${member}`, sub);
    });
  }

  async delete(platform: Platform, channelId: string): Promise<boolean> {
    const member = channelKey({ platform, channelId });
    return this.locks.run(member, async () => {
      const existed = await this.backend.delete(`subs:${member}`);
      await this.backend.setRemove(SET, [member]);
      return existed;
    });
  }

  async list(): Promise<Subscription[]> {
    const members = (await this.backend.setMembers(SET)).sort();
    const values = await this.backend.getMany(members.map((m) => `subs:${m}`));
    return values.flatMap((v, i) => this.check(`subs:${members[i]}`, v) ?? []);
  }
}
