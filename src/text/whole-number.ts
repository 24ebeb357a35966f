// A whole number as people type it: digits only. z.coerce.number takes `0x10` as 16, `1e1` as 10 and `` as 0.
import { z } from 'zod';

/**
 * A whole number from 0 to 999,999,999, given as digits (spaces around allowed) or already a number
 * (Discord sends integer options as numbers); anything else fails with `message`. Pipe it into
 * `z.number()` for bounds.
 */
export const wholeNumber = (message: string) =>
  z.union([z.number(), z.string().trim().regex(/^\d{1,9}$/, message)], { error: message }).transform((v, ctx) => {
    const n = Number(v);
    if (!Number.isSafeInteger(n)) ctx.addIssue({ code: 'custom', message });
    return n;
  });
