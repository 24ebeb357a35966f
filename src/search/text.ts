// Tokenising and stemming shared by the search index and the rankers (Porter2, the Snowball English stemmer).
import { stem as porter2 } from 'porter2';

/** Common English function words plus the boilerplate of abstracts; never topic words. */
const STOP = new Set(
  ('a about above after again all also an and any are as at be been before being below between both but by can could ' +
    'did do does doing down during each few for from further had has have having he her here hers him his how i if in ' +
    'into is it its itself just me more most my no nor not now of off on once only or other our ours out over own same ' +
    'she should so some such than that the their theirs them then there these they this those through to too under ' +
    'until up very was we were what when where which while who whom why will with would you your yours via et al ' +
    'may might must shall upon whether within without across among per yet thus however therefore moreover').split(' '),
);

/** Whether a lower-case word is a stop word. */
export const isStopWord = (word: string): boolean => STOP.has(word);

const cache = new Map<string, string>();

/**
 * Porter2 (Snowball English) stem of a lower-case word (`interpretability` → `interpret`,
 * `models` → `model`), by the porter2 package (ten times faster than wink-porter2-stemmer, used
 * before: stemming every new word was a tenth of a cold rebuild; the two differ only on words with a
 * `yy`, where porter2 follows Snowball); words with digits or other characters are kept as they are.
 * Memoised.
 */
export function stem(word: string): string {
  const hit = cache.get(word);
  if (hit !== undefined) return hit;
  const out = stemOnce(word);
  if (cache.size > 20_000) cache.clear(); // the corpus keeps its own word → term map
  cache.set(word, out);
  return out;
}

/** `stem` without the memo, for a caller that stems each word once (the corpus, which keeps its own word → term map). */
export const stemOnce = (word: string): string =>
  word.length <= 2 || !LETTERS.test(word) ? word : porter2(word);

const LETTERS = /^[a-z]+$/;

/** Lower-case words of a text (letters and digits; hyphens and apostrophes split words). */
export function words(text: string): string[] {
  return foldAccents(text.toLowerCase()).match(/[a-z0-9]+/g) ?? [];
}

/** Lower-case Latin letters that have no accent to take off, as they are spelt in ASCII (`Søren` is searched as `soren`). */
const PLAIN_LETTERS: Record<string, string> = { ø: 'o', ł: 'l', ß: 'ss', æ: 'ae', œ: 'oe', đ: 'd', ð: 'd', þ: 'th', ı: 'i', ħ: 'h', ŀ: 'l' };
const OTHER_LETTERS = new RegExp(`[${Object.keys(PLAIN_LETTERS).join('')}]`, 'g');

/** A lower-case text with accents taken off its letters (`é` → `e`, `ø` → `o`, `ß` → `ss`); ASCII text as it is. */
export const foldAccents = (text: string): string =>
  /[^\x00-\x7f]/.test(text)
    ? text
        .normalize('NFKD')
        .replace(/[\u0300-\u036f]/g, '')
        .replace(OTHER_LETTERS, (c) => PLAIN_LETTERS[c]!)
    : text;

/** The words a query is searched for: no stop words, at most 32 from its first 500 characters. */
export const queryWords = (query: string): string[] => words(query.slice(0, 500)).filter((w) => !isStopWord(w)).slice(0, 32);

/**
 * Whether a query has anything to search for: a word that is not a stop word, or letters or digits
 * of a script `words` does not split (Chinese, say: the local index finds nothing, but Hugging
 * Face search may). `the of and` or `?!` has nothing.
 */
export const isSearchable = (query: string): boolean =>
  queryWords(query).length > 0 || /[\p{L}\p{N}]/u.test(foldAccents(query.slice(0, 500).toLowerCase()).replace(/[a-z0-9]+/g, ''));

/** Whether a lower-case word is worth indexing (no stop words, lone characters or bare numbers). */
export const isIndexWord = (w: string): boolean => w.length >= 2 && !STOP.has(w) && !/^\d+$/.test(w);

/** Index terms of a text: words without stop words or lone characters, stemmed. */
export function tokenize(text: string): string[] {
  const out: string[] = [];
  for (const w of words(text)) if (isIndexWord(w)) out.push(stem(w));
  return out;
}
