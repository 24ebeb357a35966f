// Where a paper holds each of its terms, and how it spells it there: what a reason says matched.
import type { PaperText } from '../papers/paper.ts';
import { isIndexWord, stem, words } from '../search/text.ts';

/** A paper's field, as a reason names it. */
export type Field = 'title' | 'abstract' | 'keywords' | 'AI summary';

/** Where a term is first found in a paper, and the word written there. */
export interface FieldWord {
  field: Field;
  word: string;
}

/**
 * Each stem of a paper's text → the first field that has it, looked at in the order title, abstract,
 * keywords, AI summary, with the word as the paper spells it there (lower-case, as `words` gives it).
 */
export function fieldWords(p: PaperText): ReadonlyMap<string, FieldWord> {
  const out = new Map<string, FieldWord>();
  const fields: [Field, string | undefined][] = [['title', p.title], ['abstract', p.summary], ['keywords', p.keywords?.join(' . ')], ['AI summary', p.aiSummary]];
  for (const [field, text] of fields) {
    if (!text) continue;
    for (const word of words(text)) {
      if (!isIndexWord(word)) continue;
      const s = stem(word);
      if (!out.has(s)) out.set(s, { field, word });
    }
  }
  return out;
}
