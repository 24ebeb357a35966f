// Text hygiene for anything shown to people: strip control sequences, collapse whitespace, cut cleanly.

/** ANSI/VT escape sequences (CSI, OSC, single-char ESC) and C0/C1 control characters. */
const ANSI = /\u001b\[[0-?]*[ -/]*[@-~]|\u001b\][^\u0007\u001b]*(?:\u0007|\u001b\\)?|\u001b[@-Z\\-_]?|\u009b[0-?]*[ -/]*[@-~]/g;
const CONTROL = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f\u200e\u200f\u202a-\u202e\u2066-\u2069]/g;
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;
/** Characters left dangling by a cut: spaces, and punctuation that reads badly before an ellipsis. */
const TRAILING = /[\s,;:(\[{\-–—/&|]+$/u;

const graphemes = new Intl.Segmenter('en', { granularity: 'grapheme' });
const sentences = new Intl.Segmenter('en', { granularity: 'sentence' });

/**
 * Remove terminal escape sequences, control characters and bidi overrides; keeps `\n` and `\t`
 * (and turns `\r\n`/`\r` into `\n`). Lone surrogates become U+FFFD.
 */
export function stripControl(text: string): string {
  return String(text ?? '')
    .replace(LONE_SURROGATE, '\uFFFD')
    .replace(/\r\n?/g, '\n')
    .replace(ANSI, '')
    .replace(CONTROL, '');
}

/** At most `max` UTF-16 units of `text` (its start), never half of a character outside the BMP (an emoji). */
export function head(text: string, max: number): string {
  if (text.length <= max) return text;
  const code = text.charCodeAt(max - 1);
  return text.slice(0, code >= 0xd800 && code <= 0xdbff ? max - 1 : max);
}

/** {@link stripControl}, then every run of whitespace (newlines too) becomes one space; trimmed. */
export function cleanLine(text: string): string {
  return stripControl(text).replace(/\s+/gu, ' ').trim();
}

/** {@link stripControl} for multi-line text: trailing spaces dropped, at most one blank line in a row. */
export function cleanBlock(text: string): string {
  return stripControl(text)
    .replace(/[^\S\n]+$/gmu, '')
    .replace(/\n{3,}/g, '\n\n')
    .trim();
}

/** Options for {@link cutText}. */
export interface CutOptions {
  /** Most characters (UTF-16 code units, as the chat platforms count) in the result, after `escape`. */
  maxChars: number;
  /** Most sentences kept. */
  maxSentences?: number;
  /** Escaping applied to the cut text; the limit holds for the escaped result. */
  escape?: (s: string) => string;
  /** Appended when anything was cut (default `…`). */
  ellipsis?: string;
  /** Keep newlines (multi-line text) instead of collapsing all whitespace. */
  multiline?: boolean;
}

/** Longest prefix of `text` of at most `max` code units that ends on a grapheme boundary. */
function graphemePrefix(text: string, max: number): string {
  if (text.length <= max) return text;
  // Segment only a window: any position holding an ASCII character is a grapheme boundary, so start there.
  let start = Math.max(0, max - 1);
  while (start > 0 && start > max - 512 && text.charCodeAt(start) > 0x7e) start--;
  if (text.charCodeAt(start) > 0x7e) start = 0;
  let end = start;
  for (const { index } of graphemes.segment(text.slice(start, max + 16))) {
    if (start + index > max) break;
    end = start + index;
  }
  return text.slice(0, end);
}

/** The first `n` sentences of `text`, or undefined when it has no more than `n`. */
function firstSentences(text: string, n: number): string | undefined {
  let count = 0;
  for (const { index, segment } of sentences.segment(text)) {
    if (count === n) return text.slice(0, index).trimEnd();
    if (segment.trim()) count++;
  }
  return undefined;
}

/** Cut cleaned `text` to `budget` raw characters: whole sentences first, then a word boundary. */
function cutRaw(text: string, budget: number, maxSentences: number | undefined, ellipsis: string): string {
  let out = text;
  let cut = false;
  if (maxSentences !== undefined && maxSentences > 0) {
    // Sentences beyond the budget never matter: segment only what could be kept.
    const head = firstSentences(text.slice(0, budget * 2 + 64), maxSentences);
    if (head !== undefined && head.length < text.length) {
      out = head;
      cut = true;
    }
  }
  if (out.length > budget || (cut && out.length + 1 + ellipsis.length > budget)) {
    const room = Math.max(0, budget - ellipsis.length);
    const prefix = graphemePrefix(out, room);
    const space = prefix.search(/\s\S*$/u);
    const atWord = space >= room * 0.6 ? prefix.slice(0, space) : prefix;
    out = atWord.replace(TRAILING, '');
    return out ? out + ellipsis : graphemePrefix(ellipsis, budget);
  }
  return cut ? `${out} ${ellipsis}` : out;
}

/**
 * Cut text cleanly: at most `maxSentences` sentences and `maxChars` characters, ending on a
 * sentence or word boundary with an ellipsis; never inside a surrogate pair or grapheme cluster,
 * and (cutting before escaping) never inside an escape sequence. Whitespace is collapsed.
 */
export function cutText(text: string, opts: CutOptions): string {
  const ellipsis = opts.ellipsis ?? '…';
  const escape = opts.escape ?? ((s: string) => s);
  const max = Math.max(0, Math.floor(opts.maxChars));
  const tidy = opts.multiline ? cleanBlock : cleanLine;
  // A 100 kB abstract cut to 700 characters: clean only a generous prefix when that is surely enough.
  const raw = String(text ?? '');
  const head = raw.length > max * 3 + 1024 ? tidy(raw.slice(0, max * 3 + 1024)) : undefined;
  const clean = head !== undefined && head.length > max + 64 ? head : tidy(raw);
  let budget = max;
  for (;;) {
    const escaped = escape(cutRaw(clean, budget, opts.maxSentences, ellipsis));
    if (escaped.length <= max) return escaped;
    if (budget <= 0) return '';
    // Escaping grew the text: shrink the raw budget in proportion and try again.
    budget = Math.min(budget - 1, Math.floor((budget * max) / escaped.length));
  }
}

/** `A, B, C et al.` — the first `n` non-empty author names (cleaned), or all when there are no more. */
export function firstAuthors(authors: readonly string[], n = 3): string {
  const names = (authors ?? []).map((a) => cleanLine(String(a ?? ''))).filter(Boolean);
  if (names.length <= n) return names.join(', ');
  return `${names.slice(0, Math.max(1, n)).join(', ')} et al.`;
}

/** The raw piece of `rest` to send next: at most `budget` characters, ending on a line, word or grapheme boundary. */
function nextPiece(rest: string, budget: number): string {
  if (rest.length <= budget) return rest;
  const prefix = graphemePrefix(rest, budget);
  const line = prefix.lastIndexOf('\n');
  if (line >= budget * 0.5) return prefix.slice(0, line + 1);
  const space = prefix.search(/\s\S*$/u);
  if (space >= budget * 0.5) return prefix.slice(0, space + 1);
  return prefix || graphemePrefix(rest, 8) || rest.slice(0, 1);
}

/**
 * Split multi-line text into pieces that each fit `maxChars` after `escape`, at line, then word,
 * then grapheme boundaries, losing nothing but the whitespace at the joins. Control sequences are stripped.
 */
export function splitText(text: string, maxChars: number, escape: (s: string) => string = (s) => s): string[] {
  const out: string[] = [];
  let rest = cleanBlock(text);
  while (rest) {
    let budget = maxChars;
    let piece = nextPiece(rest, budget);
    let escaped = escape(piece.trim());
    while (escaped.length > maxChars && budget > 1) {
      budget = Math.max(1, Math.min(budget - 1, Math.floor((budget * maxChars) / escaped.length)));
      piece = nextPiece(rest, budget);
      escaped = escape(piece.trim());
    }
    // A single grapheme that cannot fit even alone is dropped rather than looping forever.
    if (escaped && escaped.length <= maxChars) out.push(escaped);
    rest = rest.slice(piece.length).replace(/^\s+/u, '');
  }
  return out;
}
