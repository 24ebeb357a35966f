// The CLI's JSON shape of a paper: what scripts read.
import { describe, expect, it } from 'vitest';
import { paperJson } from '../../src/cli/output.ts';
import { paper } from '../search/helpers.ts';

describe('paperJson', () => {
  it('gives upvotes as counted, and null for a paper only arXiv knows (its count is unknown, not 0)', () => {
    expect(paperJson({ paper: paper('2501.00001', 'T', 'S', { upvotes: 7 }) })).toMatchObject({ id: '2501.00001', upvotes: 7, url: 'https://huggingface.co/papers/2501.00001' });
    expect(paperJson({ paper: paper('2501.00002', 'T', 'S', { source: 'arxiv', upvotes: 0 }) }).upvotes).toBeNull();
  });
});
