// One check for every link paperboy renders: http(s) only, no credentials, dangerous characters encoded.

/**
 * The normalised href of an http(s) URL with the characters in `encode` percent-encoded (`(` and `)`
 * too, which encodeURIComponent leaves alone); undefined for anything else (`javascript:`, junk, user
 * info, longer than `maxLength`).
 */
export function safeHttpUrl(
  raw: string | undefined,
  { httpsOnly = false, maxLength = 2048, encode = /[<>|\s"`]/gu }: { httpsOnly?: boolean; maxLength?: number; encode?: RegExp } = {},
): string | undefined {
  if (!raw) return undefined;
  let url: URL;
  try {
    url = new URL(String(raw).trim());
  } catch {
    return undefined;
  }
  if (url.protocol !== 'https:' && (httpsOnly || url.protocol !== 'http:')) return undefined;
  if (url.username || url.password) return undefined;
  const href = url.href.replace(encode, (c) => (c === '(' ? '%28' : c === ')' ? '%29' : encodeURIComponent(c)));
  return href.length <= maxLength ? href : undefined;
}
