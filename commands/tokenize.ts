// Split command text into words, keeping "quoted phrases" together.

/** A word of a command line; `quoted` when it was written in quotes (then it is never a keyword). */
export interface Token {
  text: string;
  quoted: boolean;
}

/** Words of a command line; double or typographic quotes group words (the quotes are dropped, the token marked). */
export function tokenize(text: string): Token[] {
  const tokens: Token[] = [];
  const re = /"([^"]*)"|“([^”]*)”|(\S+)/g;
  for (const m of text.matchAll(re)) {
    const quoted = m[3] === undefined;
    const token = (m[1] ?? m[2] ?? m[3] ?? '').trim();
    if (token) tokens.push({ text: token, quoted });
  }
  return tokens;
}
