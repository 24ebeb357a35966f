// `paperboy eval`: mean nDCG@5 of digest and search ranking on the shared fixtures' judgments.
import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { evaluate, formatEval, type Judgments, type EvalMode } from '../rank/evaluate.ts';
import { readFixtureDays, unionOfDays } from '../rank/fixture-papers.ts';
import { z } from 'zod';
import { say } from './say.ts';

/** What judgments.json holds: graded papers per query. */
const judgmentsSchema = z.object({ queries: z.record(z.string(), z.record(z.string(), z.number())) });

/** ../shared/fixtures beside the repository (override with PAPERBOY_FIXTURES). */
export function fixturesDir(): string {
  return process.env.PAPERBOY_FIXTURES ?? fileURLToPath(new URL('../../../shared/fixtures', import.meta.url));
}

/** Run the evaluation and print it; exit code 1 when the fixtures are missing. */
export async function runEval(out: (s: string) => void): Promise<number> {
  const dir = fixturesDir();
  if (!existsSync(`${dir}/judgments.json`)) {
    say(`paperboy: no judgments at ${dir}/judgments.json; set PAPERBOY_FIXTURES to the fixtures folder\n`);
    return 1;
  }
  let json: unknown;
  try {
    json = JSON.parse(readFileSync(`${dir}/judgments.json`, 'utf8'));
  } catch (err) {
    say(`paperboy: ${dir}/judgments.json cannot be read as JSON (${(err as Error).message}); see the fixtures' README for its shape\n`);
    return 1;
  }
  const shape = judgmentsSchema.safeParse(json);
  if (!shape.success) {
    const where = shape.error.issues[0]?.path.join('.') || 'its top level';
    say(`paperboy: ${dir}/judgments.json is not {"queries": {"<query>": {"<arXiv id>": <grade>, …}, …}} (at ${where}); see the fixtures' README for its shape\n`);
    return 1;
  }
  const daysDir = `${dir}/hf/daily_papers`;
  if (!existsSync(daysDir)) {
    say(`paperboy: no listings at ${daysDir} to judge; set PAPERBOY_FIXTURES to the fixtures folder\n`);
    return 1;
  }
  const judgments: Judgments = shape.data;
  const papers = unionOfDays(readFixtureDays(daysDir));
  const modes: EvalMode[] = ['digest', 'search', 'digest-day', 'saves'];
  for (const mode of modes) {
    const result = await evaluate({ judgments, papers, mode });
    out(`${formatEval(result)}\n\n`);
  }
  return 0;
}
