// The full-text index (MiniSearch) over titles, keywords and authors, plus a dictionary of every word for typo and prefix tolerance.
import MiniSearch, { type Options } from 'minisearch';
import type { PaperHead, PaperText } from '../papers/paper.ts';
import { AuthorIndex } from './author-index.ts';
import type { BinaryReader, BinaryWriter } from './binary-codec.ts';
import { isIndexWord, isStopWord, queryWords, words } from './text.ts';
import { WordDictionary } from './word-dictionary.ts';

/** One index hit: the paper id, MiniSearch's BM25+ score and the indexed words that matched. */
export interface IndexHit {
  id: string;
  score: number;
  /** Indexed words that matched (after prefix/typo tolerance), e.g. `attention` for `attentoin`. */
  terms: string[];
  /** The query words that found something. */
  queryTerms: string[];
}

/** Field boosts: a title word says more about a paper than a keyword or an author name. */
export const FIELD_BOOSTS = { title: 3, keywords: 2, authors: 1.5 } as const;

type Doc = { id: string; title: string; keywords: string };

const PLAIN = /^[a-z0-9]+$/;
const DIGITS = /^\d+$/;
const ASCII_WORD = /^[A-Za-z][A-Za-z0-9]+$/;
/** What may hold a number once `words` has folded it (`²⁰²⁴` → `2024`). */
const ANY_DIGIT = /[0-9]|[^\x00-\x7f]/;

/** Index terms: lower-case words, no stop words. Unstemmed, so typo distance works on real words. */
const processTerm = (term: string): string | null => {
  const lower = term.toLowerCase();
  const w = PLAIN.test(lower) ? lower : words(term)[0];
  return w && !isStopWord(w) ? w : null;
};

/**
 * What may hold a term MiniSearch keeps without `textWords`: a digit, a letter standing alone, or a
 * character beyond ASCII. A title and keywords without any give MiniSearch nothing to index.
 */
const MAY_HOLD_TERM = new RegExp(`${ANY_DIGIT.source}|(?:^|[^A-Za-z0-9])[A-Za-z](?![A-Za-z0-9])`);

/** MiniSearch's options; without `textWords`, it indexes only the terms the ranking corpus does not (numbers, single letters). */
const minisearchOptions = (textWords: boolean): Options<Doc> => ({
  fields: ['title', 'keywords'],
  storeFields: [],
  tokenize: (text) => text.split(/[^\p{L}\p{N}]+/u),
  processTerm: textWords
    ? processTerm
    : (term) => {
        // An ASCII word of 2+ characters that starts with a letter is an index word or a stop word: never kept.
        if (ASCII_WORD.test(term)) return null;
        const w = processTerm(term);
        return w && !isIndexWord(w) ? w : null;
      },
  searchOptions: { boost: { title: FIELD_BOOSTS.title, keywords: FIELD_BOOSTS.keywords }, fuzzy: false, prefix: false },
  autoVacuum: { minDirtCount: 1000, minDirtFactor: 0.1, batchSize: 1000, batchWait: 10 },
});

/** Typo tolerance grows with the word: none up to 4 letters, 1 edit up to 7, then 2. */
export const editsFor = (word: string): number => (word.length <= 4 ? 0 : word.length <= 7 ? 1 : 2);

/**
 * A full-text index of papers by id. MiniSearch holds titles, keywords and authors (tolerant to
 * typos and cut words); abstracts go to the ranking corpus's compact postings instead, because
 * MiniSearch's per-term maps cost about 6 kB a paper with abstracts (over 600 MB at 100,000
 * papers). A dictionary of every word seen, abstracts included, maps misspelt or cut-short query
 * words to real ones. No paper is stored.
 */
export class SearchIndex {
  private readonly msOptions: Options<Doc>;
  private ms: MiniSearch<Doc>;
  /** Author names apart from MiniSearch: exact name words are all a name search needs, and cost far less. */
  private readonly authors = new AuthorIndex((name) => words(name).filter((w) => !isStopWord(w)));
  /** word → number of papers it was seen in (an upper bound once papers are replaced). */
  private counts = new Map<string, number>();
  /** The same words, for fuzzy and prefix look-ups. */
  private dictionary = new WordDictionary();
  private readonly countOf: (word: string) => number;
  private readonly external: boolean;
  private readonly abstractWords: boolean;
  private readonly textWords: boolean;

  /**
   * @param opts.abstractWords whether `add` puts abstract, title and keyword words in the dictionary itself
   *   (default true); the search service turns it off and feeds the dictionary from the corpus, which reads
   *   them anyway (`add` then adds only author names and numbers).
   * @param opts.countOf how common a word is, to order variants (default: papers seen here).
   * @param opts.textWords whether MiniSearch indexes title and keyword words (default true). The search
   *   service turns it off: the ranking corpus indexes those words already (with a title field), and
   *   MiniSearch then holds only what the corpus does not, numbers and single letters (`GPT-4`, `3D`),
   *   about 80 MB less at 100,000 papers.
   */
  constructor(opts: { abstractWords?: boolean; countOf?: (word: string) => number; textWords?: boolean } = {}) {
    this.textWords = opts.textWords ?? true;
    this.msOptions = minisearchOptions(this.textWords);
    this.ms = new MiniSearch<Doc>(this.msOptions);
    this.abstractWords = opts.abstractWords ?? true;
    this.countOf = opts.countOf ?? ((w) => this.counts.get(w) ?? 0);
    this.external = !!opts.countOf;
  }

  /** Number of papers indexed (every paper is in the author index, if only with no authors). */
  get size(): number {
    return this.authors.size;
  }

  /**
   * Index papers; a paper already indexed is replaced. Without `textWords`, MiniSearch gets only the
   * papers whose title or keywords hold a term for it (a quarter of them): each paper costs it as much
   * as its own bookkeeping whether or not it has terms, and none of them would match.
   */
  add(papers: Iterable<PaperHead & Partial<PaperText>>): void {
    const batch = new Map<string, Doc>();
    for (const p of papers) {
      if (this.ms.has(p.id) && !batch.has(p.id)) this.ms.discard(p.id);
      const keywords = p.keywords.join(' ; ');
      if (this.textWords || MAY_HOLD_TERM.test(p.title) || MAY_HOLD_TERM.test(keywords)) batch.set(p.id, { id: p.id, title: p.title, keywords });
      else batch.delete(p.id);
      if (this.abstractWords) {
        this.authors.add(p.id, p.authors);
        for (const w of new Set(words(`${p.title} ${p.summary ?? ''} ${p.keywords.join(' ')} ${p.aiSummary ?? ''} ${p.authors.join(' ')}`))) this.addWord(w);
      } else {
        // The corpus tells the dictionary every title and keyword word it indexes; numbers and names it does not index
        // (a name word once, when the author index first holds it).
        this.authors.add(p.id, p.authors, this.onNameWord);
        if (ANY_DIGIT.test(p.title) || ANY_DIGIT.test(keywords)) for (const w of words(`${p.title} ${keywords}`)) if (DIGITS.test(w)) this.addWord(w);
      }
    }
    this.ms.addAll([...batch.values()]);
  }

  /** Give back what a bulk load needed only (the author index's memo of names). */
  trim(): void {
    this.authors.trim();
  }

  /** Write the index (for a snapshot; `readFrom` reads it back). */
  writeTo(w: BinaryWriter): void {
    w.array(Buffer.from(JSON.stringify(this.ms), 'utf8'));
    this.authors.writeTo(w);
    const d = this.dictionary.state();
    w.array(d.chars);
    w.array(d.starts);
    w.strings([...this.counts.keys()]);
    w.array(Int32Array.from(this.counts.values()));
  }

  /** Read what `writeTo` wrote; the returned function puts it in place of what the index holds. */
  readFrom(r: BinaryReader): () => void {
    const json = r.array(Uint8Array);
    const ms = MiniSearch.loadJSON<Doc>(Buffer.from(json.buffer, json.byteOffset, json.length).toString('utf8'), this.msOptions);
    const authors = this.authors.readFrom(r);
    const dictionary = WordDictionary.from({ chars: r.array(Uint8Array), starts: r.array(Int32Array) });
    const words = r.strings();
    const counts = r.array(Int32Array);
    if (words.length !== counts.length) throw new Error('search index snapshot is inconsistent');
    return () => {
      this.ms = ms;
      authors();
      this.dictionary = dictionary;
      this.counts = new Map(words.map((w, i) => [w, counts[i]!]));
    };
  }

  /** Whether a paper is indexed. */
  has(id: string): boolean {
    return this.authors.holds(id);
  }

  /**
   * Papers whose title, keywords or authors match query words, best first. Misspelt or cut-short
   * words are first replaced by the real words they stand for (`variants`), which is much cheaper
   * at 100,000 papers than MiniSearch's own fuzzy search; `exact` turns that off.
   */
  search(query: string, opts: { limit?: number; exact?: boolean; fields?: (keyof typeof FIELD_BOOSTS)[] } = {}): IndexHit[] {
    const typed = queryWords(query);
    if (!typed.length) return [];
    const q = opts.exact ? typed.join(' ') : this.correct(typed).join(' ');
    const limit = opts.limit ?? 20;
    const fields = opts.fields ?? (Object.keys(FIELD_BOOSTS) as (keyof typeof FIELD_BOOSTS)[]);
    const text = fields.filter((f) => f !== 'authors');
    const byId = new Map<string, IndexHit>();
    if (text.length) {
      for (const h of this.ms.search(q, { fuzzy: false, prefix: false, fields: text })) {
        byId.set(String(h.id), { id: String(h.id), score: h.score, terms: h.terms, queryTerms: h.queryTerms });
      }
    }
    if (fields.includes('authors')) {
      const qw = q.split(' ');
      // Enough name hits that merging with the text hits cannot miss a paper matching both.
      for (const h of this.authors.search(qw, FIELD_BOOSTS.authors, limit + byId.size)) {
        const had = byId.get(h.id);
        // As MiniSearch scores: the sum over fields and words, times the number of query words matched.
        const queryTerms = had ? [...new Set([...had.queryTerms, ...h.terms])] : h.terms;
        const raw = (had ? had.score / had.queryTerms.length : 0) + h.score;
        byId.set(h.id, { id: h.id, score: raw * queryTerms.length, terms: had ? [...new Set([...had.terms, ...h.terms])] : h.terms, queryTerms });
      }
    }
    return [...byId.values()].sort((a, b) => b.score - a.score).slice(0, limit);
  }

  private readonly onNameWord = (w: string): void => this.addWord(w);

  /** Put a word in the typo dictionary (counting one more paper for it, unless counts come from elsewhere). */
  addWord(w: string): void {
    if (w.length <= 2 || isStopWord(w)) return;
    if (this.external) {
      this.dictionary.add(w);
      return;
    }
    const n = this.counts.get(w);
    if (n === undefined) this.dictionary.add(w);
    this.counts.set(w, (n ?? 0) + 1);
  }

  /** Words as typed, with unknown ones replaced by their variants (kept when there are none). */
  correct(typed: string[]): string[] {
    return typed.flatMap((w) => {
      if (w.length <= 2 || this.knows(w)) return [w];
      const v = this.variants(w, 2);
      return v.length ? v : [w];
    });
  }

  /** Known words made by swapping two neighbouring letters of `word`. */
  private swaps(word: string): string[] {
    const out: string[] = [];
    for (let i = 0; i + 1 < word.length; i++) {
      if (word[i] === word[i + 1]) continue;
      const w = word.slice(0, i) + word[i + 1] + word[i] + word.slice(i + 2);
      if (this.knows(w)) out.push(w);
    }
    return out;
  }

  /** Whether a word was seen in any paper. */
  knows(word: string): boolean {
    return this.external ? this.dictionary.has(word) : this.counts.has(word);
  }

  /**
   * Real words a query word may stand for when it is misspelt or cut short (`attentoin` → `attention`,
   * `interp` → `interpretability`): the closest first, then the most common. Empty when nothing is close.
   */
  variants(word: string, max = 3): string[] {
    const found = new Map<string, { d: number; n: number }>();
    const edits = editsFor(word);
    const count = this.countOf;
    if (edits) {
      // Swapped neighbours (`learnign`) are the commonest slip: one edit, as Damerau counts them.
      // When one edit (either kind) finds words, the far dearer two-edit walk is skipped.
      for (const w of this.swaps(word)) found.set(w, { d: 1, n: count(w) });
      for (const [w, d] of this.dictionary.fuzzy(word, Math.min(edits, 1))) if (!found.has(w) || d < found.get(w)!.d) found.set(w, { d, n: count(w) });
      found.delete(word);
      if (edits > 1 && !found.size) for (const [w, d] of this.dictionary.fuzzy(word, edits)) found.set(w, { d, n: count(w) });
    }
    if (word.length >= 3) {
      let seen = 0;
      for (const w of this.dictionary.atPrefix(word)) {
        if (!found.has(w)) found.set(w, { d: 0.5, n: count(w) });
        if (++seen >= 500) break;
      }
    }
    found.delete(word);
    return [...found].sort((a, b) => a[1].d - b[1].d || b[1].n - a[1].n).slice(0, max).map(([w]) => w);
  }
}
