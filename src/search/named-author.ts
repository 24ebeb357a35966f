// Whether a query names one of a paper's authors (`Max Welling`, `G Hinton`, `de Freitas`).
import { foldAccents, isStopWord, words } from './text.ts';

/** An author a query names, and how many of the query's words stand for words of that name. */
export interface NamedAuthor {
  name: string;
  words: number;
}

/** Whether a query word stands for a word of a name: the same word, or an initial on either side (`g` / `geoffrey`). */
const standsFor = (q: string, n: string): boolean => q === n || (q.length === 1 && n.startsWith(q)) || (n.length === 1 && q.startsWith(n));

/**
 * The first of `authors` whose one name holds every word of the query but stop words (the query's
 * `words`, stop words included: they count when the name has them, as `he` in Kaiming He), or
 * undefined. A single letter on either side stands for an initial (`g hinton` names Geoffrey E.
 * Hinton, `geoffrey hinton` names G. Hinton), but one word at least must be whole: initials alone
 * name nobody.
 */
export function namedAuthor(query: readonly string[], authors: readonly string[]): NamedAuthor | undefined {
  const content = query.filter((w) => !isStopWord(w));
  const whole = content.filter((w) => w.length > 1);
  if (!whole.length) return undefined;
  for (const name of authors) {
    // A paper may list thousands of authors: a name holding none of the whole words is not split into words.
    const lower = foldAccents(name.toLowerCase());
    if (!whole.some((q) => lower.includes(q))) continue;
    const parts = words(name);
    const matches = (q: string) => parts.some((n) => standsFor(q, n));
    if (whole.some((q) => parts.includes(q)) && content.every(matches)) return { name, words: query.filter(matches).length };
  }
  return undefined;
}
