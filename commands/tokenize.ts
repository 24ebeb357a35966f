// Split command text into words, keeping "quoted phrases" together.

/** Words of a command line; double or typographic quotes group words; quotes are dropped. */
export function tokenize(text: string): string[] {
  const tokens: string[] = [];
  const re = /"([^"]*)"|“([^”]*)”|(\S+)/g;
  for (const m of text.matchAll(re)) {
    const token = m[1] ?? m[2] ?? m[3] ?? '';
    if (token.trim()) tokens.push(token.trim());
  }
  return tokens;
}
