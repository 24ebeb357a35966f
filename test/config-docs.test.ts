// Every setting paperboy reads is documented in the README's table and in .env.example, and nothing else is.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { envSchema } from '../src/config.ts';

const read = (file: string) => readFileSync(new URL(`../${file}`, import.meta.url), 'utf8');
const schema = Object.keys(envSchema.shape).sort();

describe('configuration documentation', () => {
  it('lists every variable of the schema in the README’s configuration table, and only those', () => {
    const readme = read('README.md');
    const table = readme.slice(readme.indexOf('## Configuration'), readme.indexOf('## In a channel'));
    const documented = [...table.matchAll(/^\| `([A-Z][A-Z0-9_]+)` \|/gm)].map((m) => m[1]!).sort();
    expect(documented).toEqual(schema);
  });

  it('lists every variable of the schema in .env.example, set or commented out, and only those', () => {
    const names = [...read('.env.example').matchAll(/^#? ?([A-Z][A-Z0-9_]+)=/gm)].map((m) => m[1]!);
    expect([...new Set(names)].sort()).toEqual(schema);
  });
});
