// Which author, if any, a query names: every word but stop words in one name, initials standing for names.
import { describe, expect, it } from 'vitest';
import { namedAuthor } from '../../src/search/named-author.ts';
import { words } from '../../src/search/text.ts';

const named = (query: string, authors: string[]) => namedAuthor(words(query), authors);

describe('namedAuthor', () => {
  it('finds the one author whose name holds every word of the query, counting the words that stand for it', () => {
    expect(named('Max Welling', ['Ada Lovelace', 'Max Welling'])).toEqual({ name: 'Max Welling', words: 2 });
    expect(named('de freitas', ['Nando de Freitas'])).toEqual({ name: 'Nando de Freitas', words: 2 });
    expect(named('Kaiming He', ['Kaiming He'])).toEqual({ name: 'Kaiming He', words: 2 });
    expect(named('welling', ['Max Welling'])).toEqual({ name: 'Max Welling', words: 1 });
    expect(named('Søren', ['Søren Hauberg'])).toEqual({ name: 'Søren Hauberg', words: 1 });
  });

  it('lets a single letter on either side stand for an initial, but not initials alone', () => {
    expect(named('G Hinton', ['Geoffrey E. Hinton'])?.name).toBe('Geoffrey E. Hinton');
    expect(named('Geoffrey Hinton', ['G. Hinton'])?.name).toBe('G. Hinton');
    expect(named('G E', ['Geoffrey E. Hinton'])).toBeUndefined();
    expect(named('Gary Hinton', ['Geoffrey Hinton'])).toBeUndefined();
  });

  it('names nobody when the words are spread over several authors or are not all in a name', () => {
    expect(named('hinton lecun', ['Yann LeCun', 'Geoffrey Hinton'])).toBeUndefined();
    expect(named('max welling diffusion', ['Max Welling'])).toBeUndefined();
    expect(named('the of', ['The Of'])).toBeUndefined();
  });
});
