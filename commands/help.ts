// `/paper help [command]`: what paperboy can do, written from the command declarations.
import { z } from 'zod';
import { defineCommand } from './command.ts';
import { createRegistry, syntaxOf } from './registry.ts';
import { text } from '../src/views.ts';

export const help = defineCommand({
  name: 'help',
  description: 'What paperboy can do.',
  options: [{ name: 'command', type: 'string', description: 'A command to explain', maxLength: 40 }],
  schema: z.object({ command: z.string().trim().toLowerCase().optional() }),
  examples: ['/paper help', '/paper help subscribe'],
  ephemeral: true,
  async handler({ command }, { app, invocation }) {
    return { ephemeral: true, views: [text(createRegistry(app.commands).help(command, syntaxOf(invocation)))] };
  },
});
