// Papers vectorised by one corpus (a rebuild's worker) and added to another come out as `add` would have made them.
import { describe, expect, it } from 'vitest';
import { Corpus, type TermMap } from '../../src/rank/corpus.ts';
import { BinaryWriter } from '../../src/search/binary-codec.ts';
import type { Paper } from '../../src/papers/paper.ts';
import { fixturePapers } from '../search/helpers.ts';

/** What a corpus holds, but its version (which counts calls that changed it). */
const bytes = (c: Corpus): Buffer => {
  const w = new BinaryWriter();
  c.writeTo(w);
  return w.bytes().subarray(0, -8);
};

/** Add papers to `into` through a separate vectorising corpus, in batches. */
const viaVectors = (into: Corpus, papers: Paper[], batch = 7): void => {
  const worker = new Corpus();
  const map: TermMap = { ids: new Int32Array(0) };
  for (let i = 0; i < papers.length; i += batch) {
    const part = papers.slice(i, i + batch);
    into.addVectors(part, worker.vectorize(part), map);
  }
};

const odd: Paper[] = [
  { ...fixturePapers()[0]!, id: '9999.00001', title: 'Naïve Bayes für Übersetzung: ŝtono', summary: 'Représentation learning, representationlearningwithoutspaces and GPT-4 ×3.', keywords: ['naïve bayes', 'x'], aiSummary: 'It is naïve.' },
  { ...fixturePapers()[0]!, id: '9999.00002', title: 'A', summary: '', keywords: [] },
];

describe('Corpus.vectorize / addVectors', () => {
  it('builds the same corpus as add, byte for byte, whatever the batches', () => {
    const papers = [...fixturePapers(), ...odd];
    const direct = new Corpus();
    direct.add(papers);
    for (const batch of [1, 7, 1000]) {
      const built = new Corpus();
      viaVectors(built, papers, batch);
      expect(built.size).toBe(direct.size);
      expect(bytes(built).equals(bytes(direct))).toBe(true);
    }
  });

  it('comes out the same when room is made first for the papers to come (reserve), whatever the estimate', () => {
    const papers = [...fixturePapers(), ...odd];
    const direct = new Corpus();
    direct.add(papers);
    for (const expected of [papers.length, 3, 5000]) {
      const reserved = new Corpus();
      reserved.add(papers.slice(0, 5));
      reserved.reserve(expected - 5);
      viaVectors(reserved, papers.slice(5));
      expect(bytes(reserved).equals(bytes(direct))).toBe(true);
    }
    const empty = new Corpus();
    empty.reserve(NaN);
    empty.reserve(-1);
    empty.add(papers);
    expect(bytes(empty).equals(bytes(direct))).toBe(true);
  });

  it('maps term ids when the corpus already holds words, and replaces changed papers', () => {
    const papers = fixturePapers();
    const head = papers.slice(0, 40);
    const changed = { ...papers[3]!, summary: `${papers[3]!.summary} Quantum annealing.` };
    const direct = new Corpus();
    direct.add(papers.slice(40));
    direct.add([...head, changed]);
    const built = new Corpus();
    built.add(papers.slice(40));
    viaVectors(built, [...head, changed]);
    expect(bytes(built).equals(bytes(direct))).toBe(true);
    expect(built.doc(changed.id)!.terms).toContain(built.termId('anneal'));
  });

  it('tells the listener each new index word once, as add does', () => {
    const heard = (fill: (c: Corpus) => void): string[] => {
      const c = new Corpus();
      const words: string[] = [];
      c.onNewWord = (w) => words.push(w);
      fill(c);
      return words;
    };
    const papers = [...fixturePapers().slice(0, 30), ...odd];
    expect(heard((c) => viaVectors(c, papers))).toEqual(heard((c) => c.add(papers)));
  });
});
