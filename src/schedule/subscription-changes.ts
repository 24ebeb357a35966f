// Telling the scheduler when a subscription changes, so a new schedule counts from the next tick.
import type { Platform } from '../chat.ts';
import type { SubscriptionStore } from '../store/stores.ts';

/**
 * A SubscriptionStore that tells the scheduler about every change it writes (subscribe,
 * unsubscribe, pause), so a new schedule counts from the next tick in every process:
 * `subscriptions: notifyOnChange(stores.subscriptions, (p, c) => scheduler.refresh(p, c))`.
 */
export function notifyOnChange(store: SubscriptionStore, onChange: (platform: Platform, channelId: string) => Promise<void> | void): SubscriptionStore {
  const tell = (platform: Platform, channelId: string) =>
    Promise.resolve()
      .then(() => onChange(platform, channelId))
      .catch(() => {
        // The periodic reload picks the change up anyway.
      });
  return {
    get: (platform, channelId) => store.get(platform, channelId),
    list: () => store.list(),
    async put(sub) {
      await store.put(sub);
      await tell(sub.platform, sub.channelId);
    },
    async delete(platform, channelId) {
      const removed = await store.delete(platform, channelId);
      if (removed) await tell(platform, channelId);
      return removed;
    },
  };
}
