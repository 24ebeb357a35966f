// Waiting for work to finish, but not for ever: how stopping gives running work a moment to end.

/** Resolves when `work` settles (fulfilled or rejected) or after `ms`, whichever comes first; never rejects. */
export async function waitAtMost(work: Promise<unknown>, ms: number): Promise<void> {
  let timer: NodeJS.Timeout | undefined;
  await Promise.race([work.then(noop, noop), new Promise((resolve) => (timer = setTimeout(resolve, ms)))]);
  clearTimeout(timer);
}

const noop = (): void => {};
