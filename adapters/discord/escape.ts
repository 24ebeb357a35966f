// Discord markdown escaping: nothing from a paper can format, hide a link or ping anyone.

import { safeHttpUrl } from '../../src/text/safe-url.ts';

/** Inline markdown and mention syntax: emphasis, code, spoilers, masked links, mentions, `://` autolinks. */
const INLINE = /[\\*_~`|[\]()<]|:(?=\/\/)/g;
/** Syntax that only counts at the start of a line: headings, `-#` subtext, quotes, lists. */
const LINE_START = /^([^\S\n]*)(?:([#>+-])|(\d+)\.)/gmu;
/** Broadcast mentions; a zero-width space after the `@` keeps them from resolving anywhere. */
const BROADCAST = /@(everyone|here)/giu;
const ZWSP = '\u200b';

/**
 * Escape text for Discord markdown (content, embed titles, descriptions, field values): each of
 * ``\ * _ ~ ` | [ ] ( ) <`` and the `:` of `://` gets a backslash, and so do `# > - +` and the dot
 * of `1.` at the start of a line (headings, subtext, quotes, lists), so `**bold**`, `[click](http://evil)`,
 * `<@123>`, `<@&123>`, `<#1>` and `<:emoji:1>` render as plain text; `@everyone`/`@here` are broken
 * with a zero-width space (allowed_mentions `{parse: []}` is the first guard).
 */
export function escapeDiscord(text: string): string {
  return String(text ?? '')
    .replace(INLINE, '\\$&')
    .replace(LINE_START, (_m, sp: string, mark?: string, num?: string) => (mark ? `${sp}\\${mark}` : `${sp}${num}\\.`))
    .replace(BROADCAST, `@${ZWSP}$1`);
}

/**
 * Plain text for fields Discord shows without markdown (embed author name, footer, button labels):
 * no backslashes, but mention syntax still defused with zero-width spaces.
 */
export function defuseDiscord(text: string): string {
  return String(text ?? '')
    .replace(BROADCAST, `@${ZWSP}$1`)
    .replace(/<(?=[@#:a]|t:)/gu, `<${ZWSP}`);
}

/**
 * A URL safe for Discord (embed url, thumbnail, link button, masked link target): http(s) only,
 * normalised, with `(`, `)`, `<`, `>`, `|` and whitespace percent-encoded; undefined for anything else
 * or when longer than `maxLength` (link buttons take 512).
 */
export function safeDiscordUrl(raw: string | undefined, { httpsOnly = false, maxLength = 2048 } = {}): string | undefined {
  return safeHttpUrl(raw, { httpsOnly, maxLength, encode: /[()<>|\s"`]/gu });
}

/** `[label](url)` with the label escaped; just the escaped label when the URL is not safe. */
export function discordLink(url: string | undefined, label: string): string {
  const safe = safeDiscordUrl(url, { maxLength: 512 });
  const text = escapeDiscord(label.trim());
  return safe && text ? `[${text}](${safe})` : text;
}
