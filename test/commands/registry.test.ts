import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { createRegistry, parseText } from '../../commands/registry.ts';
import { paperCommands } from '../../commands/index.ts';
import { defineCommand } from '../../commands/command.ts';
import { UserInputError } from '../../src/errors.ts';

const registry = createRegistry(paperCommands);
const subscribe = registry.get('subscribe')!;

describe('command registry', () => {
  it('rejects a command declared twice', () => {
    const dup = defineCommand({ name: 'x', description: '', options: [], schema: z.object({}), examples: [], ephemeral: true, handler: async () => ({ ephemeral: true, views: [] }) });
    expect(() => createRegistry([dup, dup])).toThrow(/declared twice/);
  });

  it('writes help that lists every subcommand with its usage', () => {
    const help = registry.help();
    for (const spec of paperCommands) expect(help).toContain(`/paper ${spec.name}`);
    expect(help).toContain('[at <time>]');
    expect(registry.help('subscribe')).toContain('e.g. /paper subscribe');
  });

  it('parses keyword options and free words from text', () => {
    const args = registry.parse(subscribe, { text: 'linear attention, model compression at 8:30 tz Europe/Berlin days mon-fri size 3' });
    expect(args).toEqual({
      topics: ['linear attention', 'model compression'],
      time: '08:30',
      timezone: 'Europe/Berlin',
      days: [1, 2, 3, 4, 5],
      size: 3,
      quiet: undefined,
    });
  });

  it('turns a boolean keyword on alone, and on or off with a word after it (text has no other way to say off)', () => {
    expect(registry.parse(subscribe, { text: 'diffusion quiet' })).toMatchObject({ topics: ['diffusion'], quiet: true });
    expect(registry.parse(subscribe, { text: 'diffusion quiet off' })).toMatchObject({ topics: ['diffusion'], quiet: false });
    expect(registry.parse(subscribe, { text: 'quiet NO size 2' })).toMatchObject({ topics: [], quiet: false, size: 2 });
    expect(registry.parse(subscribe, { text: 'quiet on' })).toMatchObject({ quiet: true });
    // A word that is not a switch stays a topic word.
    expect(registry.parse(subscribe, { text: 'quiet diffusion' })).toMatchObject({ topics: ['diffusion'], quiet: true });
    expect(registry.usage(subscribe)).toContain('[quiet [on|off]]');
  });

  it('says in the usage what a value may be: its choices, or a number', () => {
    expect(registry.usage(registry.get('saved')!)).toBe('/paper saved [page <number>] [export bibtex|markdown]');
    expect(registry.usage(subscribe)).toContain('[size <number>]');
    expect(registry.usage(subscribe)).toContain('[tz <timezone>]');
  });

  it('takes only real calendar days for a digest date', () => {
    const digest = registry.get('digest')!;
    expect(registry.parse(digest, { text: '2024-02-29' })).toEqual({ date: '2024-02-29' });
    // Date.parse takes these for days in March; a digest for them would ask Hugging Face for a day that does not exist.
    for (const bad of ['2026-02-30', '2025-02-29', '2026-04-31', '2026-13-01', '2026-1-01', 'tomorrow']) {
      // One problem said once, not a format complaint and a calendar one together.
      expect(() => registry.parse(digest, { text: bad }), bad).toThrow(/^date: use a real day like 2025-11-19\n/);
    }
  });

  it('takes whole numbers as digits only, as the CLI does (0x10 is not 16, 1e1 is not 10)', () => {
    const saved = registry.get('saved')!;
    expect(registry.parse(saved, { text: 'page 12' })).toMatchObject({ page: 12 });
    expect(() => registry.parse(saved, { text: 'page 0x10' })).toThrow(/^page: page must be a whole number/);
    expect(() => registry.parse(subscribe, { text: 'rl size 1e1' })).toThrow(/^size: size must be a whole number/);
    expect(() => registry.parse(subscribe, { text: 'rl size 2.0' })).toThrow(/size must be a whole number/);
  });

  it('takes typed options as the platform sent them', () => {
    expect(registry.parse(subscribe, { options: { topics: 'rl', size: 2, quiet: true } })).toMatchObject({ topics: ['rl'], size: 2, quiet: true });
  });

  it('answers bad input with the problem, the usage and an example', () => {
    const bad = () => registry.parse(subscribe, { text: 'at 25:99 tz Nowhere/Land size 99' });
    expect(bad).toThrow(UserInputError);
    try {
      bad();
    } catch (err) {
      const msg = (err as Error).message;
      expect(msg).toMatch(/not a time/);
      expect(msg).toMatch(/IANA timezone/);
      expect(msg).toMatch(/size is at most/);
      expect(msg).toMatch(/Usage: \/paper subscribe/);
      expect(msg).toMatch(/Example: \/paper subscribe/);
    }
  });

  it('complains about a keyword without a value and words a command takes none of', () => {
    expect(() => parseText(subscribe.options, 'diffusion tz')).toThrow(/needs a value/);
    // `at` and `size` are everyday words too: last, they are words of the topic.
    expect(parseText(subscribe.options, 'model size')).toEqual({ topics: 'model size' });
    expect(() => registry.parse(registry.get('settings')!, { text: 'please' })).toThrow(/don't understand "please"/);
  });

  it('reads `at` and `size` as keywords only before a number: otherwise they are words of a topic', () => {
    expect(parseText(subscribe.options, 'learning at scale, model size scaling at 8:30 size 3')).toEqual({ topics: 'learning at scale, model size scaling', time: '8:30', size: '3' });
    expect(parseText(subscribe.options, 'agents at 25:00')).toEqual({ topics: 'agents', time: '25:00' });
    expect(parseText(subscribe.options, 'size -1')).toEqual({ size: '-1' });
    expect(parseText(subscribe.options, 'quiet models tz Europe/Berlin')).toEqual({ quiet: true, topics: 'models', timezone: 'Europe/Berlin' });
  });

  it('keeps quoted phrases together', () => {
    expect(parseText(subscribe.options, '"at scale" tz UTC')).toEqual({ topics: 'at scale', timezone: 'UTC' });
  });

  it('requires a search query and a paper to show', () => {
    expect(() => registry.parse(registry.get('search')!, { text: '   ' })).toThrow(/say what to search for/);
    expect(() => registry.parse(registry.get('show')!, { text: '' })).toThrow(/arXiv id or URL/);
    expect(() => registry.parse(registry.get('saved')!, { text: 'export pdf' })).toThrow(/bibtex/);
  });

  it('reads values of several words where the option says they go on: `8:30 pm`, `mon, wed, fri`', () => {
    expect(registry.parse(subscribe, { text: 'agents at 8:30 pm' })).toMatchObject({ topics: ['agents'], time: '20:30' });
    expect(registry.parse(subscribe, { text: 'at 8 p.m. agents' })).toMatchObject({ topics: ['agents'], time: '20:00' });
    expect(registry.parse(subscribe, { text: 'days mon, wed, fri robotics' })).toMatchObject({ topics: ['robotics'], days: [1, 3, 5] });
    expect(registry.parse(subscribe, { text: 'days Mon–Fri' })).toMatchObject({ days: [1, 2, 3, 4, 5] });
    expect(registry.parse(subscribe, { text: 'days mon - wed, sun' })).toMatchObject({ days: [0, 1, 2, 3] });
    // A word that is not a day ends the days (and is a topic), as `pmf` ends the time; so does a day-like word with
    // no comma or dash joining it, and whatever follows a comma but names no day.
    expect(registry.parse(subscribe, { text: 'days mon daily news at 9:00 pmf' })).toMatchObject({ topics: ['daily news pmf'], days: [1], time: '09:00' });
    expect(registry.parse(subscribe, { text: 'days mon-fri sat solvers' })).toMatchObject({ topics: ['sat solvers'], days: [1, 2, 3, 4, 5] });
    expect(registry.parse(subscribe, { text: 'diffusion, days mon-fri, at 08:30' })).toMatchObject({ topics: ['diffusion'], days: [1, 2, 3, 4, 5], time: '08:30' });
    expect(registry.parse(subscribe, { text: 'days mon,wed,fri, diffusion size 3' })).toMatchObject({ topics: ['diffusion'], days: [1, 3, 5], size: 3 });
    // A day name that is an everyday word (sat, sun, we) before a word of letters is a topic; last, or before a keyword, a day.
    expect(registry.parse(subscribe, { text: 'robotics, days mon-fri, sat solvers' })).toMatchObject({ topics: ['robotics', 'sat solvers'], days: [1, 2, 3, 4, 5] });
    expect(registry.parse(subscribe, { text: 'days mon, we love robots' })).toMatchObject({ topics: ['we love robots'], days: [1] });
    expect(registry.parse(subscribe, { text: 'days mon, sat, sun' })).toMatchObject({ days: [0, 1, 6] });
    expect(registry.parse(subscribe, { text: 'days fri, sat at 10:00 agents' })).toMatchObject({ days: [5, 6], time: '10:00', topics: ['agents'] });
    expect(registry.parse(subscribe, { text: 'days mon, wed, fri robotics' })).toMatchObject({ days: [1, 3, 5], topics: ['robotics'] });
  });

  it('ends a value at a comma or semicolon written after it', () => {
    expect(registry.parse(subscribe, { text: 'at 8:30 pm, robotics' })).toMatchObject({ time: '20:30', topics: ['robotics'] });
    expect(registry.parse(subscribe, { text: 'at 7 p.m.; vision' })).toMatchObject({ time: '19:00', topics: ['vision'] });
    expect(registry.parse(subscribe, { text: 'at 08:30, robotics' })).toMatchObject({ time: '08:30', topics: ['robotics'] });
    expect(registry.parse(subscribe, { text: 'tz Europe/Berlin, size 3, robotics' })).toMatchObject({ timezone: 'Europe/Berlin', size: 3, topics: ['robotics'] });
    // After the comma, `pm` is no longer the time's.
    expect(registry.parse(subscribe, { text: 'at 8:30, pm robotics' })).toMatchObject({ time: '08:30', topics: ['pm robotics'] });
    // The comma still separates the topics on either side of the value.
    expect(registry.parse(subscribe, { text: 'linear attention at 08:30, robotics' })).toMatchObject({ time: '08:30', topics: ['linear attention', 'robotics'] });
    expect(registry.parse(subscribe, { text: 'diffusion tz Europe/Berlin; vision' })).toMatchObject({ timezone: 'Europe/Berlin', topics: ['diffusion', 'vision'] });
  });

  it('shows and reads a flag keyword alone (popular), with no on/off after it', () => {
    expect(registry.usage(subscribe)).toMatch(/\[quiet \[on\|off\]\] \[popular\]$/);
    expect(parseText(subscribe.options, 'popular on')).toEqual({ popular: true, topics: 'on' });
  });

  it('never reads a quoted word as a keyword', () => {
    expect(parseText(subscribe.options, '"quiet" models "tz" stuff')).toEqual({ topics: 'quiet models tz stuff' });
    expect(parseText(subscribe.options, 'at "8:30" pm')).toEqual({ time: '8:30', topics: 'pm' });
  });

  it('drops quotes around topics, as Discord passes them on', () => {
    expect(registry.parse(subscribe, { options: { topics: '"quiet models", “diffusion”' } })).toMatchObject({ topics: ['quiet models', 'diffusion'] });
  });

  it('gives an example that works when a keyword has no value, with the usage', () => {
    for (const [typed, example] of [['diffusion tz', 'tz Europe/Berlin'], ['training days', 'days mon-fri']] as const) {
      const err = (() => {
        try {
          registry.parse(subscribe, { text: typed });
        } catch (e) {
          return e as Error;
        }
      })();
      expect(err).toBeInstanceOf(UserInputError);
      expect(err!.message).toContain(`e.g. ${example}`);
      expect(err!.message).toContain('Usage: /paper subscribe');
      expect(registry.parse(subscribe, { text: example })).toBeTruthy();
    }
  });

  it('takes export formats in any case', () => {
    expect(registry.parse(registry.get('saved')!, { text: 'export Markdown' })).toMatchObject({ export: 'markdown' });
    expect(registry.parse(registry.get('saved')!, { text: 'export BIBTEX' })).toMatchObject({ export: 'bibtex' });
  });
});
