// Serialises async work per key inside one process, so read-modify-write sequences never interleave.

/** A lock per key: `run(key, fn)` waits for earlier work on the same key, then runs `fn`. */
export class KeyedMutex {
  private readonly tails = new Map<string, Promise<void>>();

  /** Run `fn` once every earlier `run` with the same key has settled; its result is returned. */
  async run<T>(key: string, fn: () => Promise<T>): Promise<T> {
    const previous = this.tails.get(key) ?? Promise.resolve();
    let release!: () => void;
    const done = new Promise<void>((resolve) => (release = resolve));
    const tail = previous.then(() => done);
    this.tails.set(key, tail);
    await previous;
    try {
      return await fn();
    } finally {
      release();
      if (this.tails.get(key) === tail) this.tails.delete(key);
    }
  }

  /** Resolves once the work queued so far has settled. */
  async idle(): Promise<void> {
    await Promise.all(this.tails.values());
  }

  /** Keys with work queued or running (for tests: it drains to zero). */
  get size(): number {
    return this.tails.size;
  }
}
