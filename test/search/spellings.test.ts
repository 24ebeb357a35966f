// A query's names with numbers, spelt both ways: `gpt4` also as `gpt 4`, `llama 3` also as `llama3`.
import { describe, expect, it } from 'vitest';
import { hasWord, splitAtDigits, spellings } from '../../src/search/spellings.ts';
import { paper } from './helpers.ts';

describe('spellings', () => {
  it('splits a word where letters meet digits, never where digits meet letters', () => {
    expect(splitAtDigits('gpt4')).toEqual(['gpt', '4']);
    expect(splitAtDigits('gpt4o')).toEqual(['gpt', '4o']);
    expect(splitAtDigits('qwen2vl')).toEqual(['qwen', '2vl']);
    expect(splitAtDigits('3d')).toBeUndefined();
    expect(splitAtDigits('attention')).toBeUndefined();
  });

  it('adds the split form of a joined word no paper writes, and the joined one when papers have it', () => {
    const known = (w: string) => ['llama3', 'llama', 'gpt'].includes(w);
    expect(spellings(['gpt4', 'report'], known)).toEqual({ words: ['gpt', '4', 'report'], split: new Set(['gpt', '4']), joined: [] });
    // Papers write `llama3`: not split (`llama` alone would rank every Llama paper, a Llama 2 one first).
    expect(spellings(['llama3'], known)).toEqual({ words: ['llama3'], split: new Set(), joined: ['llama3'] });
    expect(spellings(['llama', '3'], known)).toEqual({ words: ['llama', 'llama3', '3'], split: new Set(), joined: ['llama3'] });
    expect(spellings(['attention'], known).words).toEqual(['attention']);
  });

  it('finds a word whole in any of a paper\'s texts', () => {
    const p = paper('2501.00001', 'Distilling Falcon7', 'We fine-tune LLaMA3.', { keywords: ['GPT4o'] });
    expect(['falcon7', 'llama3', 'gpt4o'].map((w) => hasWord(p, w))).toEqual([true, true, true]);
    expect(['falcon', 'llama30', 'gpt4'].map((w) => hasWord(p, w))).toEqual([false, false, false]);
  });
});
