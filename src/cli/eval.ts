// `paperboy eval`: mean nDCG@5 of digest and search ranking on the shared fixtures' judgments.
import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { evaluate, formatEval, type Judgments, type EvalMode } from '../rank/evaluate.ts';
import { readFixtureDays, unionOfDays } from '../rank/fixture-papers.ts';
import { say } from './say.ts';

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
  let judgments: Judgments;
  try {
    judgments = JSON.parse(readFileSync(`${dir}/judgments.json`, 'utf8')) as Judgments;
  } catch (err) {
    say(`paperboy: ${dir}/judgments.json cannot be read as JSON (${(err as Error).message}); see the fixtures' README for its shape\n`);
    return 1;
  }
  const papers = unionOfDays(readFixtureDays(`${dir}/hf/daily_papers`));
  const modes: EvalMode[] = ['digest', 'search', 'digest-day', 'saves'];
  for (const mode of modes) {
    const result = await evaluate({ judgments, papers, mode });
    out(`${formatEval(result)}\n\n`);
  }
  return 0;
}
