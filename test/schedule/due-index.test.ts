// The due index: buckets by minute, rescheduling, removal, and a long sleep.
import { describe, expect, it } from 'vitest';
import { DueIndex } from '../../src/schedule/due-index.ts';
import { subscription } from './harness.ts';

const at = (iso: string) => Date.parse(iso);

describe('DueIndex', () => {
  it('returns what is due up to the horizon, and moves on after a reschedule', () => {
    const index = new DueIndex();
    index.set(subscription('slack', 'a', { time: '09:00' }), new Date('2026-11-23T08:00:00Z'));
    index.set(subscription('slack', 'b', { time: '09:01' }), new Date('2026-11-23T08:00:00Z'));
    index.set(subscription('slack', 'p', { time: '09:00', paused: { reason: 'gone', at: '' } }), new Date('2026-11-23T08:00:00Z'));
    expect(index.size).toBe(2);
    const due = index.dueUpTo(at('2026-11-23T08:59:00Z'), at('2026-11-23T09:00:00Z'));
    expect(due.map((e) => e.sub.channelId)).toEqual(['a']);
    index.set(due[0]!.sub, due[0]!.next.at);
    expect(index.dueUpTo(at('2026-11-23T09:00:00Z'), at('2026-11-23T09:01:00Z')).map((e) => e.sub.channelId)).toEqual(['b']);
    index.remove('slack:b');
    expect(index.dueUpTo(at('2026-11-23T09:00:00Z'), at('2026-11-23T09:01:00Z'))).toEqual([]);
    expect(index.all().map((e) => e.next.day)).toEqual(['2026-11-24']);
  });

  it('finds everything due after a sleep longer than eight days', () => {
    const index = new DueIndex();
    index.set(subscription('slack', 'a', { time: '09:00' }), new Date('2026-11-01T00:00:00Z'));
    expect(index.dueUpTo(at('2026-11-01T00:00:00Z'), at('2026-11-20T00:00:00Z')).map((e) => e.next.day)).toEqual(['2026-11-01']);
  });
});
