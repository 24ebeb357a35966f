// Turn what people paste (ids, arXiv and Hugging Face links) into one canonical arXiv id.

// New style (2007-04 on): YYMM.NNNN until 2014-12, YYMM.NNNNN from 2015-01.
const NEW_ID = String.raw`(\d{2})(\d{2})\.(\d{4,5})`;
// Old style: archive[.SUBJECT-CLASS]/YYMMNNN, e.g. hep-th/9901001, math.GT/0309136.
const OLD_ID = String.raw`([a-z]+(?:-[a-z]+)*)(?:\.[a-z]{2,}(?:-[a-z]+)?)?\/(\d{2})(\d{2})(\d{3})`;
const ID = String.raw`(?:${NEW_ID}|${OLD_ID})(?:v\d{1,3})?`;
const TAIL = String.raw`\/?(?:[?#]\S*)?`;

const FORMS = [
  // 2406.12345, arXiv:2406.12345v2, arxiv: hep-th/9901001, and as arXiv writes it for citing: arXiv:2406.12345 [cs.LG]
  // (and `arXiv 2406.12345`, as a sentence writes it).
  new RegExp(String.raw`^(?:arxiv\s*:\s*|arxiv\s+)?${ID}(?:\s*\[[a-z-]+(?:\.[a-z-]+)?\])?$`, 'i'),
  // https://arxiv.org/abs/…, /pdf/….pdf, /pdf/… (with version), /html/…; scheme and www optional.
  new RegExp(String.raw`^(?:https?:\/\/)?(?:www\.|export\.)?arxiv\.org\/(?:abs|pdf|html)\/${ID}(?:\.pdf)?${TAIL}$`, 'i'),
  // https://huggingface.co/papers/…, hf.co/papers/…
  new RegExp(String.raw`^(?:https?:\/\/)?(?:www\.)?(?:huggingface\.co|hf\.co)\/papers\/${ID}${TAIL}$`, 'i'),
  // Readers of arXiv papers: alphaxiv.org/abs/…, ar5iv.labs.arxiv.org/html/…
  new RegExp(String.raw`^(?:https?:\/\/)?(?:www\.)?alphaxiv\.org\/(?:abs|overview|pdf)\/${ID}(?:\.pdf)?${TAIL}$`, 'i'),
  new RegExp(String.raw`^(?:https?:\/\/)?(?:www\.)?ar5iv(?:\.labs\.arxiv)?\.org\/(?:abs|html)\/${ID}${TAIL}$`, 'i'),
];

/** Characters that do not show: a zero-width space copied with a link, a word joiner, a BOM. */
const INVISIBLE = /[\u200b-\u200d\u2060\ufeff]/g;

/** What may be written around a reference in a sentence or a chat message: quotes, brackets, backticks, punctuation. */
const LEADING = /^[("'«“‘`[{<]+/;
const TRAILING = /[.,;:!?)}\]>'"»”’`…]+$/;
const TRAILING_BUT_BRACKET = /[.,;:!?)}>'"»”’`…]+$/;

const validMonth = (mm: string): boolean => Number(mm) >= 1 && Number(mm) <= 12;

function fromMatch(m: RegExpExecArray): string | undefined {
  const [, yy, mm, num, archive, oyy, omm, onum] = m;
  if (yy !== undefined && mm !== undefined && num !== undefined) {
    if (!validMonth(mm)) return undefined;
    const yymm = Number(yy + mm);
    if (yymm < 704) return undefined; // new-style ids start in April 2007
    // 4-digit numbers end with 1412; 5-digit ones start with 1501.
    if ((num.length === 4) !== yymm <= 1412) return undefined;
    return `${yy}${mm}.${num}`;
  }
  if (archive !== undefined && oyy !== undefined && omm !== undefined && onum !== undefined) {
    if (!validMonth(omm)) return undefined;
    // The subject class (math.GT) is not part of the identifier: arXiv files math.GT/0309136 as math/0309136.
    return `${archive.toLowerCase()}/${oyy}${omm}${onum}`;
  }
  return undefined;
}

/**
 * The canonical arXiv id (no version suffix) in `text`, or undefined when `text` is not a paper reference.
 * Accepts `2406.12345`, `2406.12345v2`, `arXiv:2406.12345` (also with its category, `[cs.LG]`), arXiv abs/pdf/html links, Hugging Face paper
 * links, and old-style ids such as `hep-th/9901001` or `math.GT/0309136v2` (returned as `math/0309136`).
 * alphaxiv and ar5iv links too. Slack's `<url>` / `<url|label>` wrapping and a Markdown link are unwrapped first, and
 * quotes, brackets, backticks and punctuation around the reference are dropped.
 */
export function parsePaperRef(text: string): string | undefined {
  if (typeof text !== 'string' || text.length > 500) return undefined;
  let t = text.replace(INVISIBLE, '').trim();
  const slack = /^<([^|>\s]+)(?:\|[^>]*)?>$/.exec(t);
  if (slack) t = slack[1]!;
  // A Markdown link: `[the paper](https://arxiv.org/abs/2406.12345)`.
  const markdown = /^\[[^\]]*\]\(([^)\s]+)\)$/.exec(t);
  if (markdown) t = markdown[1]!;
  // As written (`arXiv:2406.12345 [cs.LG]` ends in a bracket), then without what a sentence put around it:
  // `(see https://arxiv.org/abs/2406.12345).`, `` `2406.12345` ``, `[2406.12345]`.
  const bare = t.replace(LEADING, '');
  // A closing bracket may be the citation's own (`arXiv:2406.12345 [cs.LG].`): tried kept, then dropped.
  for (const candidate of new Set([t, bare.replace(TRAILING_BUT_BRACKET, ''), bare.replace(TRAILING, '')])) {
    for (const form of FORMS) {
      const m = form.exec(candidate);
      if (m) return fromMatch(m);
    }
  }
  return undefined;
}

/** Whether a canonical id is old-style (`hep-th/9901001`): Hugging Face has no page for those. */
export const isOldStyleId = (id: string): boolean => id.includes('/');

/** `2406.12345v2` → `2406.12345`; an id without a version is returned unchanged. */
export function stripVersion(id: string): string {
  return id.replace(/v\d+$/i, '');
}
