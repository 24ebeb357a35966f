// Per-paper term counts: weights and title counts per term in first-seen order, through growth, and cleared for the next paper.
import { describe, expect, it } from 'vitest';
import { TermCounts } from '../../src/rank/term-counts.ts';
import { WordTable } from '../../src/rank/word-table.ts';
import { words } from '../../src/search/text.ts';

const snapshot = (c: TermCounts) => ({ terms: [...c.terms.subarray(0, c.n)], tf: [...c.tf.subarray(0, c.n)], ttf: [...c.ttf.subarray(0, c.n)], len: c.len, tlen: c.tlen });

describe('TermCounts', () => {
  it('counts weighted and title occurrences per term, in first-seen order', () => {
    const c = new TermCounts();
    c.add(42, 3, true);
    c.add(7, 1, false);
    c.add(42, 1, false);
    expect(snapshot(c)).toEqual({ terms: [42, 7], tf: [4, 1], ttf: [1, 0], len: 5, tlen: 1 });
    c.clear();
    c.add(7, 2, false);
    expect(snapshot(c)).toEqual({ terms: [7], tf: [2], ttf: [0], len: 2, tlen: 0 });
  });

  it('keeps every term when a paper has thousands', () => {
    const c = new TermCounts();
    for (let r = 0; r < 2; r++) for (let t = 0; t < 5000; t++) c.add(t * 31, 1, t % 2 === 0);
    expect(c.n).toBe(5000);
    expect([...c.tf.subarray(0, c.n)].every((x) => x === 2)).toBe(true);
    expect(c.terms[4999]).toBe(4999 * 31);
    expect(c.tlen).toBe(5000);
  });

  it('scans a text through the word table, asking for unseen words once each and counting unknown ones for length', () => {
    const table = new WordTable();
    table.add('attention', 0);
    table.add('the', -1);
    const asked: string[] = [];
    const c = new TermCounts();
    c.scan('The Attention of the attention-head; zzz', 2, false, table, (w) => (asked.push(w), w === 'head' ? 1 : -1));
    expect(asked).toEqual(['of', 'head', 'zzz']);
    // attention ×2, head ×1; `of` is a stop word (no length), `zzz` an unknown index word (length only).
    expect(snapshot(c)).toEqual({ terms: [0, 1], tf: [4, 2], ttf: [0, 0], len: 8, tlen: 0 });
  });

  it('reads the words `words` reads, whatever the text holds: accents, other scripts, emoji, a 100 kB abstract', () => {
    const texts = [
      'Über naïve Søren: ﬁne-tuning Œuvre façade',
      'α-helix 3×3 conv; 注意力attention机制 Transformer',
      '🔥attention🔥 is all — you need…',
      'İstanbul ǅemal ＦＵＬＬＷＩＤＴＨ words, данные нейросети',
      `${'lorem ipsum dolor '.repeat(6000)}é${'tail '.repeat(100)}`,
      'plain ASCII & <b>markup</b> 2024',
    ];
    for (const text of texts) {
      const asked: string[] = [];
      new TermCounts().scan(text, 1, false, new WordTable(), (w) => (asked.push(w), -1));
      expect(asked).toEqual(words(text));
    }
  });
});
