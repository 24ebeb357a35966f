// The `/paper` command JSON rendered from the declared commands: typed options, Discord's rules kept.
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { ApplicationCommandOptionType as T } from 'discord.js';
import { renderCommandJson } from '../../../adapters/discord/command-json.ts';
import { paperCommands } from '../../../commands/index.ts';
import { defineCommand } from '../../../commands/command.ts';

const json = renderCommandJson(paperCommands);
const sub = (name: string) => json.options!.find((o) => o.name === name) as any;

describe('renderCommandJson', () => {
  it('renders one /paper command with a subcommand per declared command', () => {
    expect(json.name).toBe('paper');
    expect(json.options!.map((o) => o.name)).toEqual(paperCommands.map((c) => c.name));
    expect(json.options!.every((o) => o.type === T.Subcommand)).toBe(true);
  });

  it('types options and carries their limits', () => {
    const size = sub('subscribe').options.find((o: any) => o.name === 'size');
    expect(size).toMatchObject({ type: T.Integer, min_value: 1, max_value: 10, required: false });
    const quiet = sub('subscribe').options.find((o: any) => o.name === 'quiet');
    expect(quiet.type).toBe(T.Boolean);
    const exp = sub('saved').options.find((o: any) => o.name === 'export');
    expect(exp).toMatchObject({ type: T.String, choices: [{ name: 'bibtex', value: 'bibtex' }, { name: 'markdown', value: 'markdown' }] });
    expect(sub('search').options[0]).toMatchObject({ name: 'query', type: T.String, required: true, max_length: 6000 });
  });

  it('keeps names and descriptions within Discord rules', () => {
    const walk = (o: any): any[] => [o, ...(o.options ?? []).flatMap(walk)];
    for (const o of walk(json)) {
      expect(o.name).toMatch(/^[-_\p{Ll}\p{N}]{1,32}$/u);
      expect(o.description.length).toBeGreaterThan(0);
      expect(o.description.length).toBeLessThanOrEqual(100);
    }
  });

  it('leaves default_member_permissions unset and marks managing subcommands in their description', () => {
    expect(json.default_member_permissions).toBeUndefined();
    expect(sub('subscribe').description).toMatch(/needs Manage Channels\)$/);
    expect(sub('search').description).not.toMatch(/Manage Channels/);
  });

  it('puts required options before optional ones and cuts long descriptions', () => {
    const spec = defineCommand({
      name: 'Odd',
      description: 'x'.repeat(300),
      options: [
        { name: 'later', type: 'string', description: 'optional' },
        { name: 'first', type: 'integer', description: 'required', required: true, choices: ['1', '2'] },
      ],
      schema: z.object({}),
      examples: [],
      ephemeral: true,
      handler: async () => ({ ephemeral: true, views: [] }),
    });
    const odd = renderCommandJson([spec]).options![0] as any;
    expect(odd.name).toBe('odd');
    expect(odd.description).toHaveLength(100);
    expect(odd.options.map((o: any) => o.name)).toEqual(['first', 'later']);
    expect(odd.options[0].choices).toEqual([{ name: '1', value: 1 }, { name: '2', value: 2 }]);
  });
});
