// A query's names with numbers taken both ways (`gpt4` and `gpt 4`), as papers write either.
import type { PaperText } from '../papers/paper.ts';

/** The words a query is searched for, spelt both ways. */
export interface Spellings {
  /** The typed words, each joined one also split and each name followed by a number also joined (once each). */
  words: string[];
  /** Parts split off a typed word that were not typed themselves (`gpt` and `4` of `gpt4`). */
  split: Set<string>;
  /** The joined forms papers have (`llama3`, for `llama3` or `llama 3`): a paper with one has the number too. */
  joined: string[];
}

/** A word split where letters meet digits (`gpt4` → `gpt`, `4`; `qwen2vl` → `qwen`, `2vl`), or undefined when they do not. */
export function splitAtDigits(word: string): string[] | undefined {
  const parts = word.split(/(?<=[a-z])(?=[0-9])/);
  return parts.length > 1 ? parts : undefined;
}

/**
 * A query's words (lower-case, as `queryWords` gives them) with each name and number taken both ways:
 * `gpt4` as `gpt 4` (to match `GPT-4`) when no paper writes `gpt4`, `llama 3` also as `llama3` when `known` (papers have it).
 * A joined word no paper has is left out: typo correction would turn it into other words.
 */
export function spellings(typed: readonly string[], known: (word: string) => boolean): Spellings {
  const words: string[] = [];
  const split = new Set<string>();
  const joined: string[] = [];
  typed.forEach((w, i) => {
    // Split only when no paper writes the word joined: `llama3`, which papers write, split into `llama` ranked every
    // Llama paper (a Llama 2 one first) above those that write Llama3.
    const parts = splitAtDigits(w);
    if (!parts) words.push(w);
    else if (known(w)) {
      words.push(w);
      joined.push(w);
    } else {
      for (const part of parts) {
        words.push(part);
        if (!typed.includes(part)) split.add(part);
      }
    }
    const next = typed[i + 1];
    if (next && /^[a-z]+$/.test(w) && /^[0-9]/.test(next) && known(w + next)) {
      words.push(w + next);
      joined.push(w + next);
    }
  });
  return { words: [...new Set(words)], split, joined: [...new Set(joined)] };
}

/** Whether a paper's text (title, abstract, keywords, AI summary) has a lower-case ASCII word whole (`llama3`, not `llama30`). */
export function hasWord(p: PaperText, word: string): boolean {
  const whole = new RegExp(`(?<![a-z0-9])${word}(?![a-z0-9])`, 'i');
  return [p.title, p.summary, ...(p.keywords ?? []), p.aiSummary ?? ''].some((t) => whole.test(t));
}
