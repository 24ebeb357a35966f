// diffCommands: re-register only when something a person could notice changed.
import { describe, expect, it } from 'vitest';
import { diffCommands, type CommandData } from '../../../adapters/discord/diff-commands.ts';
import { renderCommandJson } from '../../../adapters/discord/command-json.ts';
import { paperCommands } from '../../../commands/index.ts';

const desired = renderCommandJson(paperCommands) as CommandData;

/** What Discord returns for a registered command: ids, version and defaults filled in. */
function asRegistered(c: CommandData): CommandData {
  const fill = (o: any): any => {
    const { required, ...rest } = o;
    return { ...rest, ...(required ? { required } : {}), name_localizations: null, description_localizations: null, options: o.options?.map(fill) };
  };
  return {
    ...fill(c),
    id: '1',
    application_id: '2',
    version: '3',
    default_member_permissions: null,
    nsfw: false,
    dm_permission: false,
    integration_types: [0],
  };
}

describe('diffCommands', () => {
  it('finds nothing when Discord holds the same command with its defaults filled in', () => {
    expect(diffCommands([asRegistered(desired)], [desired])).toEqual([]);
  });

  it('creates a command Discord does not have and deletes one paperboy no longer declares', () => {
    expect(diffCommands([], [desired])).toEqual([{ name: 'paper', kind: 'create', changes: [] }]);
    expect(diffCommands([{ name: 'old', description: 'gone' }], [])).toEqual([{ name: 'old', kind: 'delete', changes: [] }]);
  });

  it('names the field that changed', () => {
    const changed = structuredClone(desired) as any;
    changed.options[0].description = 'Something new';
    const [diff] = diffCommands([asRegistered(desired)], [changed]);
    expect(diff).toEqual({ name: 'paper', kind: 'update', changes: ['options[0].description'] });
  });

  it('sees changed limits, choices and option order', () => {
    const limits = structuredClone(desired) as any;
    const subscribe = limits.options.find((o: any) => o.name === 'subscribe');
    subscribe.options.find((o: any) => o.name === 'size').max_value = 20;
    expect(diffCommands([asRegistered(desired)], [limits])[0]!.changes).toEqual([expect.stringMatching(/\.max_value$/)]);

    const reordered = structuredClone(desired) as any;
    reordered.options.reverse();
    expect(diffCommands([asRegistered(desired)], [reordered])[0]!.kind).toBe('update');
  });

  it('treats permissions and contexts as changes', () => {
    const perms = { ...desired, default_member_permissions: '16' };
    expect(diffCommands([asRegistered(desired)], [perms])[0]!.changes).toEqual(['default_member_permissions']);
    const contexts = { ...desired, contexts: [0, 1] };
    expect(diffCommands([asRegistered(desired)], [contexts])[0]!.changes).toEqual(['contexts']);
  });
});
