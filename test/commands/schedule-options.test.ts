import { describe, expect, it } from 'vitest';
import { describeDays, parseDays, parseTime, parseTopics } from '../../commands/schedule-options.ts';

describe('schedule words', () => {
  it.each([
    ['mon-fri', [1, 2, 3, 4, 5]],
    ['weekdays', [1, 2, 3, 4, 5]],
    ['daily', [0, 1, 2, 3, 4, 5, 6]],
    ['mon,wed,fri', [1, 3, 5]],
    ['Monday,Thursday', [1, 4]],
    ['fri-mon', [0, 1, 5, 6]],
    ['sat', [6]],
  ])('days %s', (input, days) => expect(parseDays(input)).toEqual(days));

  it.each(['', 'someday', 'mon-fri-sat', 'x,y', 'm'])('rejects days %j', (input) => expect(parseDays(input)).toBeUndefined());

  it.each([
    ['8:30', '08:30'],
    ['08:30', '08:30'],
    ['23:59', '23:59'],
    ['8am', '08:00'],
    ['12am', '00:00'],
    ['6:15pm', '18:15'],
  ])('time %s', (input, time) => expect(parseTime(input)).toBe(time));

  it.each(['24:00', '8', '13pm', '7:60', 'noon'])('rejects time %j', (input) => expect(parseTime(input)).toBeUndefined());

  it('splits topics on commas and drops duplicates', () => {
    expect(parseTopics(' linear attention ,Linear Attention; diffusion,, ')).toEqual(['linear attention', 'diffusion']);
    expect(parseTopics(undefined)).toEqual([]);
  });

  it('describes common day sets in words', () => {
    expect(describeDays([1, 2, 3, 4, 5])).toBe('Mon–Fri');
    expect(describeDays([1, 3])).toBe('Mon, Wed');
  });
});
