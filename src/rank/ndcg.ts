// nDCG@k: how close a ranking comes to the ideal order of graded relevance judgments.

/** Graded judgments of one query: paper id → grade (2 on topic, 1 related; absent = 0). */
export type Grades = Record<string, number>;

/**
 * Gain of a grade. Linear (the grade itself, as trec_eval) by default: with it the arxiv-sanity-lite
 * search reproduces the 0.83 the fixtures README quotes (exponential 2^g − 1 gives 0.84).
 */
export type Gain = 'linear' | 'exponential';

const gainOf = (g: number, gain: Gain): number => (gain === 'linear' ? g : 2 ** g - 1);

/** Discounted cumulative gain of grades in rank order (log2 discount). */
export function dcg(grades: readonly number[], k: number, gain: Gain = 'linear'): number {
  let s = 0;
  for (let i = 0; i < Math.min(k, grades.length); i++) s += gainOf(grades[i]!, gain) / Math.log2(i + 2);
  return s;
}

/** nDCG@k of a ranked list of ids against judgments; 0 when nothing is judged relevant. */
export function ndcgAt(ranked: readonly string[], judged: Grades, k = 5, gain: Gain = 'linear'): number {
  const ideal = dcg(Object.values(judged).filter((g) => g > 0).sort((a, b) => b - a), k, gain);
  if (ideal <= 0) return 0;
  return dcg(ranked.slice(0, k).map((id) => judged[id] ?? 0), k, gain) / ideal;
}
