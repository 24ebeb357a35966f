// Clean cutting: limits always hold, cuts land on sentence/word/grapheme boundaries, escapes never split.
import { describe, expect, it } from 'vitest';
import { cleanLine, cutText, firstAuthors, splitText, stripControl } from '../../src/text/cut.ts';

const LONE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;
const escapeAmp = (s: string): string => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
const graphemes = (s: string): string[] => [...new Intl.Segmenter('en', { granularity: 'grapheme' }).segment(s)].map((g) => g.segment);

/** Seeded random text of words, emoji (surrogate pairs, ZWJ families, flags), `&`, `<` and sentences. */
function randomText(seed: number, words: number): string {
  let s = seed;
  const rnd = (n: number): number => ((s = (s * 1103515245 + 12345) % 2 ** 31), s % n);
  const parts = ['word', 'longerword', '👩‍👩‍👧‍👦', '🇫🇷🇩🇪', '😀', 'é', '&', '<', 'end.', 'e.g.', 'Q?', '  ', '\n', 'x'.repeat(40)];
  return Array.from({ length: words }, () => parts[rnd(parts.length)]).join(rnd(2) ? ' ' : '');
}

describe('cutText', () => {
  it('never exceeds the limit, never splits a surrogate pair, grapheme or escape, over random inputs', () => {
    for (let seed = 1; seed <= 300; seed++) {
      const text = randomText(seed, 1 + (seed % 200));
      const max = 1 + ((seed * 37) % 400);
      const out = cutText(text, { maxChars: max, maxSentences: seed % 4, escape: escapeAmp });
      expect(out.length).toBeLessThanOrEqual(max);
      expect(out).not.toMatch(LONE);
      expect(out).not.toMatch(/&(?!amp;|lt;|gt;)/);
      // Unescaped and without the ellipsis, the result is whole graphemes from the start of the cleaned text.
      const raw = out.replace(/ ?…$/, '').replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&amp;/g, '&');
      const clean = cleanLine(text);
      expect(clean.startsWith(raw)).toBe(true);
      let at = 0;
      const bounds = new Set([0, ...graphemes(clean).map((g) => (at += g.length))]);
      expect(bounds.has(raw.length)).toBe(true);
    }
  });

  it('keeps whole sentences and marks the cut', () => {
    expect(cutText('One is here. Two is here. Three.', { maxChars: 100, maxSentences: 2 })).toBe('One is here. Two is here. …');
    expect(cutText('One. Two.', { maxChars: 100, maxSentences: 2 })).toBe('One. Two.');
    expect(cutText('We use e.g. pruning. Next one.', { maxChars: 100, maxSentences: 1 })).toBe('We use e.g. pruning. …');
  });

  it('cuts on a word boundary with an ellipsis, dropping dangling punctuation', () => {
    expect(cutText('alpha beta, gamma delta', { maxChars: 14 })).toBe('alpha beta…');
    expect(cutText('short', { maxChars: 14 })).toBe('short');
  });

  it('falls back to a grapheme boundary in unbroken text and never splits emoji', () => {
    const out = cutText('👩‍👩‍👧‍👦'.repeat(50), { maxChars: 30 });
    expect(out.length).toBeLessThanOrEqual(30);
    expect(out.endsWith('…')).toBe(true);
    expect(out.slice(0, -1)).toBe('👩‍👩‍👧‍👦'.repeat(out.slice(0, -1).length / 11));
  });

  it('cuts a 100 kB abstract and collapses whitespace and control sequences', () => {
    const big = 'Sentence\u001b[31m with   words.\n'.repeat(5000);
    const out = cutText(big, { maxChars: 700, maxSentences: 3 });
    expect(out).toBe('Sentence with words. Sentence with words. Sentence with words. …');
  });

  it('returns an empty string for a zero limit or empty text', () => {
    expect(cutText('abc', { maxChars: 0 })).toBe('');
    expect(cutText('', { maxChars: 10 })).toBe('');
  });
});

describe('splitText', () => {
  it('splits into pieces within the limit and loses no word', () => {
    for (let seed = 1; seed <= 50; seed++) {
      const text = randomText(seed, 500);
      const pieces = splitText(text, 50 + seed * 5, escapeAmp);
      for (const p of pieces) expect(p.length).toBeLessThanOrEqual(50 + seed * 5);
      const back = pieces.join(' ').replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&amp;/g, '&');
      expect(back.replace(/\s+/g, '')).toBe(stripControl(text).replace(/\s+/g, ''));
    }
  });
});

describe('stripControl', () => {
  it('removes ANSI sequences, C0/C1 controls and bidi overrides but keeps newlines', () => {
    expect(stripControl('a\u001b[2J\u001b]0;title\u0007b\u0000c\u202ed\r\ne\u009b31m')).toBe('abcd\ne');
  });
});

describe('firstAuthors', () => {
  it('lists up to n authors, then et al.', () => {
    expect(firstAuthors(['A', 'B', 'C'], 3)).toBe('A, B, C');
    expect(firstAuthors(['A', 'B', 'C', 'D'], 3)).toBe('A, B, C et al.');
    expect(firstAuthors(Array.from({ length: 100 }, (_, i) => `P${i}`), 2)).toBe('P0, P1 et al.');
    expect(firstAuthors(['', '  ', 'A\nB'], 3)).toBe('A B');
    expect(firstAuthors([], 3)).toBe('');
  });
});
