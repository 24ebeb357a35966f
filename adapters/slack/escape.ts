// Slack text escaping: nothing from a paper can mention anyone or spoof a link in mrkdwn.

import { safeHttpUrl } from '../../src/text/safe-url.ts';

/** Broadcast words Slack (or a reader) could take as a mention when typed as `@word`. */
const BROADCAST = /@(channel|here|everyone)/giu;

/** U+2060 WORD JOINER: invisible, and breaks `@channel` into two tokens. */
const JOINER = '\u2060';

/**
 * Escape text for Slack (mrkdwn and plain_text alike): `&`, `<`, `>` become entities, so no
 * `<!channel>`, `<@U…>`, `<!subteam^…>` or `<url|label>` can form; `@channel`, `@here` and
 * `@everyone` get a word joiner after the `@` as a second guard.
 */
export function escapeSlack(text: string): string {
  return String(text ?? '')
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(BROADCAST, `@${JOINER}$1`);
}

/**
 * A URL safe to put inside `<…|…>`: http(s) only, normalised by the URL parser, with `|`, `<`,
 * `>` and whitespace percent-encoded; undefined for anything else (`javascript:`, junk, longer than `maxLength`, default 3000).
 */
export function safeSlackUrl(raw: string | undefined, { httpsOnly = false, maxLength = 3000 } = {}): string | undefined {
  return safeHttpUrl(raw, { httpsOnly, maxLength, encode: /[|<>\s"`]/gu });
}

/**
 * `<url|label>` with the label escaped; just the escaped label when the URL is not safe.
 * The label may not be empty (Slack would show the raw URL), so it falls back to the URL's host.
 */
export function slackLink(url: string | undefined, label: string, maxUrl = 3000): string {
  const safe = safeSlackUrl(url, { maxLength: maxUrl });
  const text = escapeSlack(label.trim());
  if (!safe) return text;
  return `<${safe}|${text || escapeSlack(new URL(safe).host)}>`;
}

/**
 * Text as a person typed it, from text Slack sent (a slash command's): Slack sends `&`, `<` and `>`
 * as entities, and a link, mention or channel it recognised as markup: `<https://…|label>` becomes
 * its URL (what `/paper show` needs), `<@U1|ana>` `@ana`, `<#C1|general>` `#general`, `<!here>`
 * `@here`. A literal `<` is always an entity, so every `<…>` left is markup.
 */
export function readSlackText(text: string): string {
  return text
    .replace(/<([^<>|]*)(?:\|([^<>]*))?>/g, (_, target: string, label: string | undefined) => {
      if (/^https?:\/\//i.test(target)) return target;
      const sigil = target[0];
      if (sigil === '@' || sigil === '#') return label ? `${sigil}${label.replace(/^[@#]/, '')}` : target;
      if (sigil === '!') return label ?? `@${target.slice(1).split('^')[0]}`;
      return label ?? target;
    })
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&amp;/g, '&');
}
