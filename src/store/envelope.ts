// What the key-value layer stores: Keyv's `{value, expires}` envelope as JSON (no Keyv import: a rebuild's worker reads rows too).
import type { DeserializedData } from 'keyv';

/** A value that is not JSON, or not the `{value, expires}` envelope: skipped and logged. */
export const CORRUPT = Symbol('corrupt');

/** What Keyv stores: plain JSON of `{value, expires}`. */
export function serialize<T>(data: DeserializedData<T>): string {
  return JSON.stringify(data);
}

/** Parse a stored string; garbage becomes the CORRUPT marker instead of an exception. */
export function deserialize<T>(text: string): DeserializedData<T> {
  try {
    const parsed: unknown = JSON.parse(text);
    if (parsed && typeof parsed === 'object' && !Array.isArray(parsed)) return parsed as DeserializedData<T>;
  } catch {
    // fall through
  }
  return { value: CORRUPT as T };
}

/** Past its expiry: what `liveValue` gives for an envelope whose time is up. */
export const EXPIRED = Symbol('expired');

/** The value a stored string holds at `now`: CORRUPT when it is not an envelope, EXPIRED when its time is up. */
export function liveValue(text: string, now: number): unknown {
  const data = deserialize(text);
  return typeof data.expires === 'number' && data.expires < now ? EXPIRED : data.value;
}

/** Logged, with its key, for a value that is not an envelope (CORRUPT). */
export const UNREADABLE = 'store: unreadable value skipped';

/** Serialise a value the way Keyv would store it (for backends that write rows directly). */
export function envelope(value: unknown, ttlMs?: number): string {
  return serialize({ value, expires: ttlMs ? Date.now() + ttlMs : undefined });
}
