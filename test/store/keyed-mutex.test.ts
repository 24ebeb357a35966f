// The per-key lock: work on one key runs one at a time, other keys do not wait, idle() waits for all.
import { describe, expect, it } from 'vitest';
import { KeyedMutex } from '../../src/store/keyed-mutex.ts';

const tick = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('KeyedMutex', () => {
  it('runs work on one key in order, one at a time, and idle() waits for all of it', async () => {
    const m = new KeyedMutex();
    const log: string[] = [];
    const job = (key: string, name: string, ms: number) =>
      m.run(key, async () => {
        log.push(`${name} start`);
        await tick(ms);
        log.push(`${name} end`);
        return name;
      });
    const a1 = job('a', 'a1', 20);
    const a2 = job('a', 'a2', 1);
    const b1 = job('b', 'b1', 1);
    const failing = m.run('a', async () => Promise.reject(new Error('boom')));
    const failed = expect(failing).rejects.toThrow('boom');
    const a3 = job('a', 'a3', 1);
    await m.idle();
    expect(log.filter((l) => l.startsWith('a'))).toEqual(['a1 start', 'a1 end', 'a2 start', 'a2 end', 'a3 start', 'a3 end']);
    expect(log.indexOf('b1 end')).toBeLessThan(log.indexOf('a1 end'));
    expect(await Promise.all([a1, a2, b1, a3])).toEqual(['a1', 'a2', 'b1', 'a3']);
    await failed;
    expect(m.size).toBe(0);
  });
});
