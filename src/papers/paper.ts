// The one shape a paper has inside paperboy, whatever source it came from.
import { isOldStyleId } from './arxiv-id.ts';

/** A paper, keyed by its arXiv id without the version suffix (`2406.12345`, `hep-th/9901001`). */
export interface Paper {
  id: string;
  title: string;
  summary: string;
  authors: string[];
  /** ISO date-time the paper was published on arXiv, when known. */
  publishedAt?: string;
  /** Hugging Face upvotes (0 when unknown). They grow for about a week. */
  upvotes: number;
  /** `ai_keywords` from Hugging Face, when sent. */
  keywords: string[];
  /** `ai_summary` from Hugging Face, when sent. */
  aiSummary?: string;
  githubRepo?: string;
  projectPage?: string;
  thumbnail?: string;
  numComments?: number;
  /** Days (YYYY-MM-DD) on which the paper appeared in the Hugging Face daily listing, sorted. */
  listedOn: string[];
  /** Where the record came from. */
  source: 'hf' | 'arxiv';
  /** ISO date-time this record was last written. */
  updatedAt: string;
}

/** What the indexes read of a paper: its text, names aside. */
export type PaperText = Pick<Paper, 'title' | 'summary' | 'keywords' | 'aiSummary'>;

/** What the full-text index reads of a paper beside the ranking corpus: what a rebuild's worker hands back of each. */
export type PaperHead = Pick<Paper, 'id' | 'title' | 'authors' | 'keywords'>;

/**
 * The canonical links of a paper: `page` is where its title links to, Hugging Face's page for a
 * new-style id and arXiv's for an old-style one (hep-th/9901001), which Hugging Face has no page for
 * (`hf` is then undefined, so no link is labelled Hugging Face and arXiv's is not given twice).
 */
export function paperLinks(paper: Pick<Paper, 'id' | 'githubRepo' | 'projectPage'>): {
  page: string;
  hf?: string;
  arxiv: string;
  pdf: string;
  code?: string;
  project?: string;
} {
  const arxiv = `https://arxiv.org/abs/${paper.id}`;
  const hf = isOldStyleId(paper.id) ? undefined : `https://huggingface.co/papers/${paper.id}`;
  return { page: hf ?? arxiv, hf, arxiv, pdf: `https://arxiv.org/pdf/${paper.id}`, code: paper.githubRepo, project: paper.projectPage };
}

/**
 * A paper's Hugging Face upvotes, or undefined when they are not known: a paper only arXiv knows
 * (source 'arxiv') holds 0 for want of a count, not because nobody upvoted it.
 */
export function knownUpvotes(paper: Pick<Paper, 'upvotes' | 'source'>): number | undefined {
  const n = Math.max(0, Math.trunc(paper.upvotes || 0));
  return paper.source === 'arxiv' && n === 0 ? undefined : n;
}

/** `1 upvote`, `12 upvotes`; undefined when the count is not known (see knownUpvotes). */
export function upvotesText(paper: Pick<Paper, 'upvotes' | 'source'>): string | undefined {
  const n = knownUpvotes(paper);
  return n === undefined ? undefined : `${n} upvote${n === 1 ? '' : 's'}`;
}
