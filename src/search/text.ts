// Tokenising and stemming shared by the search index and the rankers (Porter's 1980 stemmer).

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

const VOWEL = /[aeiou]/;

/** True when letter i of w is a consonant in Porter's sense (y after a consonant is a vowel). */
function cons(w: string, i: number): boolean {
  const c = w[i];
  if (c === 'a' || c === 'e' || c === 'i' || c === 'o' || c === 'u') return false;
  if (c === 'y') return i === 0 || !cons(w, i - 1);
  return true;
}

/** Porter's m: the number of vowel-consonant sequences in w. */
function measure(w: string): number {
  let m = 0;
  let i = 0;
  const n = w.length;
  while (i < n && cons(w, i)) i++;
  while (i < n) {
    while (i < n && !cons(w, i)) i++;
    if (i >= n) break;
    while (i < n && cons(w, i)) i++;
    m++;
  }
  return m;
}

const hasVowel = (w: string): boolean => [...w].some((_, i) => !cons(w, i));
const doubleCons = (w: string): boolean => w.length > 1 && w.at(-1) === w.at(-2) && cons(w, w.length - 1);
/** consonant-vowel-consonant ending, the last not w, x or y. */
const cvc = (w: string): boolean => {
  const n = w.length;
  return n >= 3 && cons(w, n - 3) && !cons(w, n - 2) && cons(w, n - 1) && !/[wxy]/.test(w[n - 1]!);
};

type Rule = [suffix: string, replacement: string];
const STEP2: Rule[] = [
  ['ational', 'ate'], ['tional', 'tion'], ['enci', 'ence'], ['anci', 'ance'], ['izer', 'ize'], ['bli', 'ble'],
  ['alli', 'al'], ['entli', 'ent'], ['eli', 'e'], ['ousli', 'ous'], ['ization', 'ize'], ['ation', 'ate'],
  ['ator', 'ate'], ['alism', 'al'], ['iveness', 'ive'], ['fulness', 'ful'], ['ousness', 'ous'], ['aliti', 'al'],
  ['iviti', 'ive'], ['biliti', 'ble'], ['logi', 'log'],
];
const STEP3: Rule[] = [['icate', 'ic'], ['ative', ''], ['alize', 'al'], ['iciti', 'ic'], ['ical', 'ic'], ['ful', ''], ['ness', '']];
const STEP4 = ['al', 'ance', 'ence', 'er', 'ic', 'able', 'ible', 'ant', 'ement', 'ment', 'ent', 'ion', 'ou', 'ism', 'ate', 'iti', 'ous', 'ive', 'ize'];

/** Apply the first rule whose suffix ends w, when the stem before it has measure > min. */
function applyRules(w: string, rules: Rule[], min: number): string {
  for (const [suf, rep] of rules) {
    if (w.endsWith(suf)) {
      const stem = w.slice(0, -suf.length);
      return measure(stem) > min ? stem + rep : w;
    }
  }
  return w;
}

const cache = new Map<string, string>();

/** Porter stem of a lower-case word (`interpretability` → `interpret`, `models` → `model`). Memoised. */
export function stem(word: string): string {
  const hit = cache.get(word);
  if (hit !== undefined) return hit;
  const out = porter(word);
  if (cache.size > 20_000) cache.clear(); // the corpus keeps its own word → term map
  cache.set(word, out);
  return out;
}

function porter(word: string): string {
  if (word.length <= 2 || !/^[a-z]+$/.test(word)) return word;
  let w = word;
  // Step 1a: plurals.
  if (w.endsWith('sses')) w = w.slice(0, -2);
  else if (w.endsWith('ies')) w = w.slice(0, -2);
  else if (w.endsWith('s') && !w.endsWith('ss')) w = w.slice(0, -1);
  // Step 1b: -eed, -ed, -ing.
  if (w.endsWith('eed')) {
    if (measure(w.slice(0, -3)) > 0) w = w.slice(0, -1);
  } else {
    const suf = w.endsWith('ed') ? 'ed' : w.endsWith('ing') ? 'ing' : '';
    if (suf && hasVowel(w.slice(0, -suf.length))) {
      w = w.slice(0, -suf.length);
      if (w.endsWith('at') || w.endsWith('bl') || w.endsWith('iz')) w += 'e';
      else if (doubleCons(w) && !/[lsz]$/.test(w)) w = w.slice(0, -1);
      else if (measure(w) === 1 && cvc(w)) w += 'e';
    }
  }
  // Step 1c: y → i after a vowel-bearing stem.
  if (w.endsWith('y') && VOWEL.test(w.slice(0, -1))) w = `${w.slice(0, -1)}i`;
  w = applyRules(w, STEP2, 0);
  w = applyRules(w, STEP3, 0);
  // Step 4: drop suffixes when the stem has measure > 1.
  for (const suf of STEP4) {
    if (!w.endsWith(suf)) continue;
    const s = w.slice(0, -suf.length);
    if (measure(s) > 1 && (suf !== 'ion' || /[st]$/.test(s))) w = s;
    break;
  }
  // Step 5: final e and ll.
  if (w.endsWith('e')) {
    const s = w.slice(0, -1);
    const m = measure(s);
    if (m > 1 || (m === 1 && !cvc(s))) w = s;
  }
  if (measure(w) > 1 && w.endsWith('ll')) w = w.slice(0, -1);
  return w;
}

/** Lower-case words of a text (letters and digits; hyphens and apostrophes split words). */
export function words(text: string): string[] {
  let t = text.toLowerCase();
  if (/[^\x00-\x7f]/.test(t)) t = t.normalize('NFKD').replace(/[\u0300-\u036f]/g, '');
  return t.match(/[a-z0-9]+/g) ?? [];
}

/** Whether a lower-case word is worth indexing (no stop words, lone characters or bare numbers). */
export const isIndexWord = (w: string): boolean => w.length >= 2 && !STOP.has(w) && !/^\d+$/.test(w);

/** Index terms of a text: words without stop words or lone characters, stemmed. */
export function tokenize(text: string): string[] {
  const out: string[] = [];
  for (const w of words(text)) if (isIndexWord(w)) out.push(stem(w));
  return out;
}
