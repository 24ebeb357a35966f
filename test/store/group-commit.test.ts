// Group commit: writes arriving during a commit share the next one, in call order; failures reach their callers.
import { describe, expect, it } from 'vitest';
import { GroupCommit } from '../../src/store/group-commit.ts';

/** A commit function whose commits finish when the test says so. */
function controlled() {
  const commits: number[][] = [];
  const finish: ((err?: Error) => void)[] = [];
  const group = new GroupCommit<number>(
    (rows) =>
      new Promise<void>((resolve, reject) => {
        commits.push(rows);
        finish.push((err) => (err ? reject(err) : resolve()));
      }),
  );
  return { group, commits, finish };
}

describe('GroupCommit', () => {
  it('commits the first write at once and the writes that arrive meanwhile together, in order', async () => {
    const { group, commits, finish } = controlled();
    const settled: number[] = [];
    const first = group.write([1]).then(() => settled.push(1));
    const second = group.write([2, 3]).then(() => settled.push(2));
    const third = group.write([4]).then(() => settled.push(4));
    expect(commits).toEqual([[1]]);
    finish[0]!();
    await first;
    expect(settled).toEqual([1]);
    expect(commits).toEqual([[1], [2, 3, 4]]);
    finish[1]!();
    await Promise.all([second, third]);
    expect(settled).toEqual([1, 2, 4]);
  });

  it('rejects every write of a failed commit and goes on with the next', async () => {
    const { group, commits, finish } = controlled();
    const first = group.write([1]);
    const a = group.write([2]);
    const b = group.write([3]);
    finish[0]!();
    await first;
    finish[1]!(new Error('disk full'));
    await expect(a).rejects.toThrow('disk full');
    await expect(b).rejects.toThrow('disk full');
    const later = group.write([5]);
    expect(commits.at(-1)).toEqual([5]);
    finish[2]!();
    await later;
  });

  it('an empty write waits for the writes before it without committing anything', async () => {
    const { group, commits, finish } = controlled();
    const first = group.write([1]);
    let waited = false;
    const barrier = group.write([]).then(() => (waited = true));
    await Promise.resolve();
    expect(waited).toBe(false);
    finish[0]!();
    await Promise.all([first, barrier]);
    expect(waited).toBe(true);
    expect(commits).toEqual([[1]]);
  });
});
