// What people paste, and the canonical arXiv id paperboy makes of it.
import { describe, expect, it } from 'vitest';
import { parsePaperRef, stripVersion } from '../../src/papers/arxiv-id.ts';
import { paperLinks } from '../../src/papers/paper.ts';

const accepted: [string, string][] = [
  ['2406.12345', '2406.12345'],
  ['2406.12345v2', '2406.12345'],
  ['  2406.12345v12  ', '2406.12345'],
  ['arXiv:2406.12345', '2406.12345'],
  ['arxiv: 2406.12345v3', '2406.12345'],
  ['ARXIV:2406.12345', '2406.12345'],
  // Pasted from a sentence.
  ['https://arxiv.org/abs/2406.12345.', '2406.12345'],
  ['(arXiv:2406.12345v2),', '2406.12345'],
  ['“2406.12345”', '2406.12345'],
  // As arXiv shows a paper for citing.
  ['arXiv:2406.12345 [cs.LG]', '2406.12345'],
  ['arXiv:2406.12345v2 [stat.ML]', '2406.12345'],
  ['arXiv:hep-th/9901001 [hep-th]', 'hep-th/9901001'],
  ['1207.0580', '1207.0580'],
  ['0704.0001', '0704.0001'],
  ['1412.6980v9', '1412.6980'],
  ['1501.00001', '1501.00001'],
  ['https://arxiv.org/abs/2406.12345', '2406.12345'],
  ['https://arxiv.org/abs/2406.12345v2', '2406.12345'],
  ['http://arxiv.org/abs/2406.12345', '2406.12345'],
  ['https://www.arxiv.org/abs/2406.12345/', '2406.12345'],
  ['arxiv.org/abs/2406.12345', '2406.12345'],
  ['https://export.arxiv.org/abs/2406.12345', '2406.12345'],
  ['https://arxiv.org/abs/2406.12345?context=cs', '2406.12345'],
  ['https://arxiv.org/abs/2406.12345#comments', '2406.12345'],
  ['https://arxiv.org/pdf/2406.12345.pdf', '2406.12345'],
  ['https://arxiv.org/pdf/2406.12345v3.pdf', '2406.12345'],
  ['https://arxiv.org/pdf/2406.12345', '2406.12345'],
  ['https://arxiv.org/pdf/2406.12345v1', '2406.12345'],
  ['https://arxiv.org/html/2406.12345v1', '2406.12345'],
  ['https://huggingface.co/papers/2406.12345', '2406.12345'],
  ['https://huggingface.co/papers/2406.12345v2', '2406.12345'],
  ['huggingface.co/papers/2406.12345', '2406.12345'],
  ['https://hf.co/papers/2406.12345', '2406.12345'],
  ['https://huggingface.co/papers/2406.12345#community', '2406.12345'],
  ['hep-th/9901001', 'hep-th/9901001'],
  ['hep-th/9901001v2', 'hep-th/9901001'],
  ['arXiv:hep-th/9901001', 'hep-th/9901001'],
  ['cond-mat/0102536', 'cond-mat/0102536'],
  ['math.GT/0309136', 'math/0309136'],
  ['math.GT/0309136v1', 'math/0309136'],
  ['https://arxiv.org/abs/hep-th/9901001', 'hep-th/9901001'],
  ['https://arxiv.org/abs/hep-th/9901001v3', 'hep-th/9901001'],
  ['https://arxiv.org/pdf/hep-th/9901001.pdf', 'hep-th/9901001'],
  ['https://arxiv.org/pdf/hep-th/9901001v2.pdf', 'hep-th/9901001'],
  ['https://arxiv.org/abs/math.GT/0309136', 'math/0309136'],
  ['<https://arxiv.org/abs/2406.12345>', '2406.12345'],
  ['<https://arxiv.org/abs/2406.12345|arxiv.org/abs/2406.12345>', '2406.12345'],
];

const rejected = [
  '',
  '   ',
  'hello world',
  '2406.1234', // 4 digits after 2014
  '1207.05801', // 5 digits before 2015
  '2413.12345', // month 13
  '2400.12345',
  '0612.1234', // before new-style ids existed
  '2406.123456',
  '2406.12345x',
  '2406.12345 and more',
  '2406.12345v',
  'arXiv:',
  'hep-th/990100',
  'hep-th/9913001', // month 13
  'https://example.com/abs/2406.12345',
  'https://arxiv.org/list/cs.LG/recent',
  'https://arxiv.org.evil.com/abs/2406.12345',
  'https://evil.com/?u=https://arxiv.org/abs/2406.12345',
  'https://huggingface.co/models/2406.12345',
  'https://huggingface.co/papers/',
  'javascript:alert(1)',
  '../../etc/passwd',
  '2406.12345'.repeat(100),
];

describe('parsePaperRef', () => {
  it.each(accepted)('reads %j as %s', (input, id) => {
    expect(parsePaperRef(input)).toBe(id);
  });

  it.each(rejected.map((r) => [r]))('rejects %j', (input) => {
    expect(parsePaperRef(input)).toBeUndefined();
  });

  it('never throws on non-strings', () => {
    expect(parsePaperRef(undefined as unknown as string)).toBeUndefined();
    expect(parsePaperRef(2406.12345 as unknown as string)).toBeUndefined();
  });
});

describe('stripVersion', () => {
  it.each([
    ['2406.12345v2', '2406.12345'],
    ['2406.12345', '2406.12345'],
    ['hep-th/9901001v10', 'hep-th/9901001'],
  ])('%s → %s', (input, out) => {
    expect(stripVersion(input)).toBe(out);
  });
});

describe('paperLinks', () => {
  it('links a new-style paper to Hugging Face, and an old-style one (which Hugging Face has no page for) to arXiv only', () => {
    expect(paperLinks({ id: '2406.12345' })).toMatchObject({ page: 'https://huggingface.co/papers/2406.12345', hf: 'https://huggingface.co/papers/2406.12345' });
    const old = paperLinks({ id: 'hep-th/9901001' });
    expect(old).toMatchObject({ page: 'https://arxiv.org/abs/hep-th/9901001', arxiv: 'https://arxiv.org/abs/hep-th/9901001' });
    expect(old.hf).toBeUndefined();
  });
});

describe('references as people paste them', () => {
  it.each([
    'https://www.alphaxiv.org/abs/2406.12345',
    'https://alphaxiv.org/abs/2406.12345v2',
    'https://www.alphaxiv.org/overview/2406.12345',
    'https://ar5iv.labs.arxiv.org/html/2406.12345',
    'https://ar5iv.org/abs/2406.12345',
    '`2406.12345`',
    'arXiv 2406.12345',
    '[2406.12345]',
    '{2406.12345}',
    '<2406.12345>',
    'https://arxiv.org/abs/2406.12345v2]',
    '[paper](https://arxiv.org/abs/2406.12345)',
    '2406.12345\u200b',
    '\u200bhttps://arxiv.org/abs/2406.12345',
    '2406.12345…',
    'arXiv:2406.12345 [cs.LG]',
    'arXiv:2406.12345 [cs.LG].',
    '(arXiv:2406.12345 [cs.LG])',
    '"arXiv:2406.12345v2 [cs.CL]";',
  ])('reads %s as 2406.12345', (ref) => {
    expect(parsePaperRef(ref)).toBe('2406.12345');
  });

  it.each(['https://alphaxiv.org/abs/2406.1234', '2406.12345 and 2406.54321', 'arXiv 2406.12345 extra', 'https://evil.example/abs/2406.12345', 'alphaxiv.org.evil/abs/2406.12345'])(
    'still refuses %s',
    (ref) => {
      expect(parsePaperRef(ref)).toBeUndefined();
    },
  );
});
