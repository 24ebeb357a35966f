// Platform-neutral views: what the core answers with. Each adapter's renderer turns them into
// Block Kit, Discord embeds or terminal text, escaping and cutting to the platform's limits.
import type { Paper } from './papers/paper.ts';

/** One paper as shown to people, with why it was picked. */
export interface PaperCard {
  paper: Paper;
  /** 1-based position in a ranking, when it comes from one. */
  rank?: number;
  score?: number;
  /** A short reason a person can read: `matches “pruning” · 12 upvotes`. */
  why?: string;
}

/** A day's digest: a header, then one message per paper. */
export interface DigestView {
  kind: 'digest';
  /** The listing day the digest is for (YYYY-MM-DD). */
  date: string;
  topics: string[];
  cards: PaperCard[];
  /** Shown instead of cards when there are none. */
  emptyText?: string;
}

/** A list answer (search results, saved papers), shown in one message. */
export interface ListView {
  kind: 'list';
  title: string;
  cards: PaperCard[];
  /** Shown under the list: paging hints, a cut query, … */
  note?: string;
  emptyText?: string;
}

/** A single paper in full (`/paper show`). */
export interface PaperView {
  kind: 'paper';
  card: PaperCard;
  /**
   * One paper of a digest posted as its own message (the delivery service posts digests paper by
   * paper): drawn exactly like a digest card (short abstract, Save and Not-for-us), not in full.
   */
  inDigest?: boolean;
}

/** Plain text (help, confirmations, errors). Renderers escape it. */
export interface TextView {
  kind: 'text';
  text: string;
  /** Tone hint for renderers. */
  tone?: 'info' | 'success' | 'error';
}

/** A file to send (BibTeX or Markdown export). */
export interface FileView {
  kind: 'file';
  filename: string;
  mimeType: string;
  content: string;
  comment?: string;
}

export type View = DigestView | ListView | PaperView | TextView | FileView;

/** The core's answer to a command. */
export interface Reply {
  views: View[];
  /** Only the person who asked sees it (Slack ephemeral, Discord ephemeral flag). */
  ephemeral: boolean;
  /**
   * The channel now expects digests (a subscription made or changed): an adapter that finds, only while answering,
   * that it cannot post there says that the digests would pause.
   */
  subscribed?: boolean;
}

export const text = (t: string, tone?: TextView['tone']): TextView => ({ kind: 'text', text: t, tone });

/**
 * What a person is told when a channel they subscribed is one paperboy cannot post in (`why`: what to
 * grant or do), whether the platform said so with the command (Discord) or posting the answer showed it (Slack).
 */
export const cannotPostNotice = (why: string): string => `paperboy cannot post in this channel itself, so its digests would pause: ${why}.`;
