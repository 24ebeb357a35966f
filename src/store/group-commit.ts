// Group commit: rows that arrive while a group is being committed go together in the next one.

/**
 * Commits rows in call order. The first write starts a commit at once; writes that arrive while it
 * runs wait and are committed together after it, so a thousand channels writing at once cost a few
 * fsyncs instead of a thousand. Each write's promise settles when its commit does: resolved once
 * done, rejected (with everyone in that commit) when the commit fails. The SQLite store groups its
 * writes, lease claims and single-key reads this way; a row may carry fields the commit fills in
 * (a read's value, whether a claim won).
 */
export class GroupCommit<T> {
  private queue: { rows: T[]; resolve: () => void; reject: (err: unknown) => void }[] = [];
  private running = false;

  constructor(private readonly commit: (rows: T[]) => Promise<void>) {}

  /** Commit `rows` (after every row written before them); `[]` waits for the earlier writes. */
  write(rows: T[]): Promise<void> {
    return new Promise((resolve, reject) => {
      this.queue.push({ rows, resolve, reject });
      if (!this.running) void this.drain();
    });
  }

  private async drain(): Promise<void> {
    this.running = true;
    while (this.queue.length) {
      const batch = this.queue;
      this.queue = [];
      const rows = batch.flatMap((w) => w.rows);
      try {
        if (rows.length) await this.commit(rows);
        for (const w of batch) w.resolve();
      } catch (err) {
        for (const w of batch) w.reject(err);
      }
    }
    this.running = false;
  }
}
