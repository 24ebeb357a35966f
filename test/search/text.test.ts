// Tokenising and stemming: the words that index and queries share.
import { describe, expect, it } from 'vitest';
import { stem, tokenize, words } from '../../src/search/text.ts';

describe('stem (Porter)', () => {
  it('conflates the forms of a word', () => {
    expect(stem('interpretability')).toBe(stem('interpretable'));
    expect(stem('interpretation')).toBe('interpret');
    expect(stem('models')).toBe('model');
    expect(stem('pruning')).toBe(stem('pruned'));
    expect(stem('attention')).toBe(stem('attentions'));
    expect(stem('connectivity')).toBe(stem('connective'));
  });

  it('keeps short words, numbers and non-letters as they are', () => {
    expect(stem('is')).toBe('is');
    expect(stem('gpt4')).toBe('gpt4');
    expect(stem('rnn')).toBe('rnn');
  });

  it('stems as Snowball English (Porter2) does, its exceptional forms included', () => {
    const expected: Record<string, string> = {
      consignment: 'consign', knackeries: 'knackeri', generously: 'generous', communities: 'communiti', generalization: 'general',
      skies: 'sky', dying: 'die', lying: 'lie', news: 'news', innings: 'inning', succeeded: 'succeed', exceeding: 'exceed', proceed: 'proceed',
    };
    for (const [word, root] of Object.entries(expected)) expect(stem(word), word).toBe(root);
  });
});

describe('tokenize', () => {
  it('drops stop words, lone letters and bare numbers, splits hyphens', () => {
    expect(tokenize('The Self-Supervised learning of a 3 models')).toEqual(['self', 'supervis', 'learn', 'model']);
  });

  it('folds accents and case', () => {
    expect(words('Réseaux NEURONAUX')).toEqual(['reseaux', 'neuronaux']);
    // Letters with no accent to take off are spelt as in ASCII, not split words.
    expect(words('Søren Łukasz Straße Ærøskøbing Œuvre Ørsted Paweł')).toEqual(['soren', 'lukasz', 'strasse', 'aeroskobing', 'oeuvre', 'orsted', 'pawel']);
  });

  it('never throws on hostile text', () => {
    expect(tokenize('<@everyone> ``` \u0000 😀 '.repeat(1000)).every((t) => typeof t === 'string')).toBe(true);
    expect(tokenize('')).toEqual([]);
  });
});
