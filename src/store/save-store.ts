// Saves and dismissals: one `saves:<…>` record each, indexed per person and per channel.
import type { Platform } from '../chat.ts';
import type { Logger } from '../logger.ts';
import type { Backend } from './backend.ts';
import { KeyedMutex } from './keyed-mutex.ts';
import type { Save, SaveStore } from './stores.ts';

type SaveRef = Pick<Save, 'platform' | 'channelId' | 'userId' | 'paperId' | 'kind'>;

function isSave(v: unknown): v is Save {
  const s = v as Save;
  return (
    typeof s === 'object' &&
    s !== null &&
    typeof s.platform === 'string' &&
    typeof s.channelId === 'string' &&
    typeof s.userId === 'string' &&
    typeof s.paperId === 'string' &&
    (s.kind === 'save' || s.kind === 'dismiss') &&
    typeof s.at === 'string'
  );
}

const member = (s: SaveRef) => `${s.platform}:${s.channelId}:${s.userId}:${s.paperId}:${s.kind}`;
const userSet = (platform: Platform, userId: string) => `saves-user:${platform}:${userId}`;
const channelSet = (platform: Platform, channelId: string) => `saves-channel:${platform}:${channelId}`;

/** Newest first; ties in a stable order. */
const newestFirst = (a: Save, b: Save) => b.at.localeCompare(a.at) || member(a).localeCompare(member(b));

/**
 * A person's saved papers from their saves (SaveStore.byUser, newest first): one per paper, the newest. A
 * paper saved in two channels counts for both channels' rankings, but it is one saved paper to its reader.
 */
export function savedPapers(saves: readonly Save[]): Save[] {
  const seen = new Set<string>();
  return saves.filter((s) => s.kind === 'save' && !seen.has(s.paperId) && Boolean(seen.add(s.paperId)));
}

/**
 * SaveStore on a Backend. add/remove check-then-write under a per-save lock (one process); indexes
 * are written before the record on add and after it on remove, and readers skip members whose
 * record is gone, so a crash in between never shows a phantom save.
 */
export class KeyvSaveStore implements SaveStore {
  private readonly locks = new KeyedMutex();

  constructor(
    private readonly backend: Backend,
    private readonly logger: Logger,
  ) {}

  async add(save: Save): Promise<boolean> {
    const m = member(save);
    return this.locks.run(m, async () => {
      if (isSave(await this.backend.get(`saves:${m}`))) return false;
      await this.backend.setAdd(channelSet(save.platform, save.channelId), [m]);
      if (save.kind === 'save') await this.backend.setAdd(userSet(save.platform, save.userId), [m]);
      await this.backend.set(`saves:${m}`, { ...save });
      return true;
    });
  }

  async remove(save: SaveRef): Promise<boolean> {
    const m = member(save);
    return this.locks.run(m, async () => {
      if (!(await this.backend.delete(`saves:${m}`))) return false;
      await this.backend.setRemove(channelSet(save.platform, save.channelId), [m]);
      await this.backend.setRemove(userSet(save.platform, save.userId), [m]);
      return true;
    });
  }

  async byUser(platform: Platform, userId: string): Promise<Save[]> {
    const saves = await this.load(await this.backend.setMembers(userSet(platform, userId)));
    return saves.filter((s) => s.kind === 'save').sort(newestFirst);
  }

  async byChannel(platform: Platform, channelId: string): Promise<Save[]> {
    return (await this.load(await this.backend.setMembers(channelSet(platform, channelId)))).sort(newestFirst);
  }

  private async load(members: string[]): Promise<Save[]> {
    const values = await this.backend.getMany(members.map((m) => `saves:${m}`));
    return values.flatMap((v, i) => {
      if (v === undefined) return [];
      if (isSave(v)) return [v];
      this.logger.warn({ key: `saves:${members[i]}` }, 'store: malformed save skipped');
      return [];
    });
  }
}
