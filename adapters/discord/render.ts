// Neutral views → Discord create-message bodies (embeds and buttons), escaped and within Discord's limits.
import type { APIActionRowComponent, APIButtonComponent, APIEmbed, APIEmbedField, ButtonStyle, ComponentType, MessageFlags } from 'discord-api-types/v10';
import type { DigestView, FileView, ListView, PaperCard, TextView, View } from '../../src/views.ts';
import { knownUpvotes, paperLinks, type Paper } from '../../src/papers/paper.ts';
import { cutText, firstAuthors, splitText } from '../../src/text/cut.ts';
import { defuseDiscord, discordLink, escapeDiscord, safeDiscordUrl } from './escape.ts';

/** Discord's message limits the renderer keeps under, whatever the input. */
export const DISCORD_LIMITS = {
  content: 2000, embeds: 10, embedTitle: 256, embedDescription: 4096, fieldName: 256, fieldValue: 1024,
  fields: 25, footer: 2048, authorName: 256, embedTotal: 6000, customId: 100, label: 80, rowButtons: 5, rows: 5, buttonUrl: 512,
} as const;

/** A create-message JSON body (`POST /channels/{id}/messages`, or an interaction response's data). */
export interface DiscordMessage {
  content?: string;
  embeds: APIEmbed[];
  components: APIActionRowComponent<APIButtonComponent>[];
  allowed_mentions: { parse: [] };
  flags?: MessageFlags;
}

/** Options for {@link renderDiscord}. */
export interface DiscordRenderOptions {
  /** Set the EPHEMERAL flag (64) for interaction responses only the asker sees. */
  ephemeral?: boolean;
}

const ROW = 1 as ComponentType.ActionRow;
const BUTTON = 2 as ComponentType.Button;
const STYLE = { primary: 1 as ButtonStyle.Primary, secondary: 2 as ButtonStyle.Secondary, link: 5 as ButtonStyle.Link };
const COLOR = 0xffd21e; // Hugging Face yellow
const esc = (s: string, maxChars: number, maxSentences?: number): string =>
  cutText(s, { maxChars, maxSentences, escape: escapeDiscord });
const plain = (s: string, maxChars: number): string => cutText(s, { maxChars, escape: defuseDiscord });
/** `▲ 12`, or '' when the count is not known (a paper only arXiv knows). */
const upvotes = (paper: Paper): string => {
  const n = knownUpvotes(paper);
  return n === undefined ? '' : `▲ ${n}`;
};

function message(parts: Partial<DiscordMessage>): DiscordMessage {
  return { ...parts, embeds: parts.embeds ?? [], components: parts.components ?? [], allowed_mentions: { parse: [] } };
}

function rows(buttons: APIButtonComponent[]): APIActionRowComponent<APIButtonComponent>[] {
  const out: APIActionRowComponent<APIButtonComponent>[] = [];
  for (let i = 0; i < buttons.length && out.length < DISCORD_LIMITS.rows; i += DISCORD_LIMITS.rowButtons) {
    out.push({ type: ROW, components: buttons.slice(i, i + DISCORD_LIMITS.rowButtons) });
  }
  return out;
}

/** The custom_id of a paper's button (outgoing.ts's BUTTON_ID reads it back); undefined when it would not fit. */
function buttonId(action: 'save' | 'dismiss' | 'share', paperId: string): string | undefined {
  const id = `paperboy:${action}:${paperId}`;
  return paperId && id.length <= DISCORD_LIMITS.customId ? id : undefined;
}

/** A Share button for a paper (it posts the paper to the channel), when its id fits a button. */
function shareButton(paperId: string, label = 'Share'): APIButtonComponent | undefined {
  const customId = buttonId('share', paperId);
  return customId ? { type: BUTTON, style: STYLE.secondary, label, custom_id: customId } : undefined;
}

/** Link buttons (Hugging Face, arXiv, PDF, code, project) and, when the id fits, Save with Not for us (a digest's) or Share (a paper shown in full). */
function paperButtons(card: PaperCard, second: 'dismiss' | 'share'): APIActionRowComponent<APIButtonComponent>[] {
  const l = paperLinks(card.paper);
  const links = ([[l.hf, 'Hugging Face'], [l.arxiv, 'arXiv'], [l.pdf, 'PDF'], [l.code, 'Code'], [l.project, 'Project page']] as const)
    .map(([u, label]) => [safeDiscordUrl(u, { maxLength: DISCORD_LIMITS.buttonUrl }), label] as const)
    .filter((pair): pair is readonly [string, typeof pair[1]] => Boolean(pair[0]))
    .map(([url, label]): APIButtonComponent => ({ type: BUTTON, style: STYLE.link, label, url }));
  const id = card.paper.id;
  const actions: APIButtonComponent[] = [];
  // Both buttons or neither: when the longest id (dismiss) fits, the others do.
  const dismiss = buttonId('dismiss', id);
  if (dismiss) {
    actions.push({ type: BUTTON, style: STYLE.primary, label: 'Save', emoji: { name: '🔖' }, custom_id: buttonId('save', id)! });
    actions.push(second === 'dismiss' ? { type: BUTTON, style: STYLE.secondary, label: 'Not for us', custom_id: dismiss } : shareButton(id)!);
  }
  return [...rows(links), ...rows(actions)];
}

/** One paper as an embed: linked title, authors, why, abstract, upvotes, thumbnail. */
function paperEmbed(card: PaperCard, full: boolean): APIEmbed {
  const { paper } = card;
  const page = safeDiscordUrl(paperLinks(paper).page);
  const thumb = safeDiscordUrl(paper.thumbnail, { httpsOnly: true });
  const title = `${card.rank ? `${card.rank}. ` : ''}${cutText(paper.title, { maxChars: 600 }) || paper.id}`;
  const parts = [
    card.why ? `💡 *${esc(card.why, 300)}*` : '',
    full && paper.aiSummary ? `**TL;DR** ${esc(paper.aiSummary, 600)}` : '',
    full ? esc(paper.summary, 2800) : esc(paper.summary, 800, 3),
  ].filter(Boolean);
  const up = upvotes(paper);
  const fields: APIEmbedField[] = up ? [{ name: 'Upvotes', value: up, inline: true }] : [];
  if (full && paper.keywords.length) fields.push({ name: 'Keywords', value: esc(paper.keywords.join(', '), 1000), inline: false });
  const authors = full ? firstAuthors(paper.authors, 10) : firstAuthors(paper.authors, 3);
  const embed: APIEmbed = {
    title: esc(title, DISCORD_LIMITS.embedTitle),
    ...(page ? { url: page } : {}),
    color: COLOR,
    description: parts.join('\n\n') || undefined,
    ...(fields.length ? { fields } : {}),
    footer: { text: plain(`arXiv ${paper.id}`, 200) },
  };
  if (authors) embed.author = { name: plain(authors, DISCORD_LIMITS.authorName) };
  if (thumb) embed.thumbnail = { url: thumb };
  return embed;
}

function renderDigest(view: DigestView, opts: DiscordRenderOptions): DiscordMessage[] {
  const count = `${view.cards.length} paper${view.cards.length === 1 ? '' : 's'}`;
  const topics = view.topics.length ? `Topics: ${esc(view.topics.join(', '), 1000)}` : 'The most upvoted papers of the day';
  const lines = [`## 📰 Hugging Face Daily Papers · ${esc(view.date, 40)}`, `${topics} · ${count}`];
  if (!view.cards.length) lines.push(esc(view.emptyText ?? 'No papers for this day.', 800));
  const head = message({ content: lines.join('\n'), ...flags(opts) });
  return [head, ...view.cards.map((card) => message({ embeds: [paperEmbed(card, false)], components: paperButtons(card, 'dismiss'), ...flags(opts) }))];
}

/** `**1. [Title](url)** · A, B et al. · ▲ 3` and the reason on a second line. */
function listLine(card: PaperCard): string {
  const { paper } = card;
  const title = discordLink(paperLinks(paper).page, cutText(paper.title, { maxChars: 200 }) || paper.id);
  const by = [esc(firstAuthors(paper.authors, 2), 120), upvotes(paper)].filter(Boolean).join(' · ');
  const why = card.why ? `\n　*${esc(card.why, 150)}*` : '';
  return `**${card.rank ? `${card.rank}. ` : ''}${title}** · ${by}${why}`;
}

function renderList(view: ListView, opts: DiscordRenderOptions): DiscordMessage[] {
  const descriptions: string[] = [];
  let current = '';
  for (const card of view.cards) {
    const line = listLine(card); // at most ~1300 characters: title 400, URL 512, authors 120, why 300
    if (current && current.length + 2 + line.length > DISCORD_LIMITS.embedDescription) {
      descriptions.push(current);
      current = '';
    }
    current = current ? `${current}\n\n${line}` : line;
  }
  if (current || !descriptions.length) descriptions.push(current || esc(view.emptyText ?? 'Nothing to show.', 2000));
  const note = view.note ? plain(view.note, 1000) : undefined;
  // Under the last message, a Share button per paper, numbered as the list is (as many as five rows hold).
  const shares = view.cards.flatMap((card, i) => shareButton(card.paper.id, `Share ${card.rank ?? i + 1}`) ?? []);
  const components = rows(shares);
  return descriptions.map((description, i) => {
    const embed: APIEmbed = { color: COLOR, description };
    const last = i === descriptions.length - 1;
    if (note && last) embed.footer = { text: note };
    const content = i === 0 ? `**${esc(view.title, 1900)}**` : undefined;
    return message({ ...(content ? { content } : {}), embeds: [embed], ...(last && components.length ? { components } : {}), ...flags(opts) });
  });
}

function renderText(view: TextView, opts: DiscordRenderOptions): DiscordMessage[] {
  const icon = view.tone === 'error' ? '⚠️ ' : view.tone === 'success' ? '✅ ' : '';
  const pieces = splitText(view.text, DISCORD_LIMITS.content - icon.length, escapeDiscord);
  if (!pieces.length) pieces.push('\u200b');
  return pieces.map((p, i) => message({ content: i === 0 ? icon + p : p, ...flags(opts) }));
}

function renderFile(view: FileView, opts: DiscordRenderOptions): DiscordMessage[] {
  const kb = (Buffer.byteLength(view.content, 'utf8') / 1024).toFixed(1);
  const about = `📄 **${esc(view.filename, 200)}** (${kb} kB)${view.comment ? ` — ${esc(view.comment, 1500)}` : ''}`;
  return [message({ content: about, ...flags(opts) })];
}

const flags = (opts: DiscordRenderOptions): Partial<DiscordMessage> => (opts.ephemeral ? { flags: 64 as MessageFlags } : {});

/**
 * Render a view as Discord create-message bodies: a digest is a header message then exactly one
 * message per paper (one embed, link buttons, Save / Not for us); a list is one message with a
 * compact embed, split over more messages rather than cut; text is split at 2000 characters.
 * Every body carries `allowed_mentions: {parse: []}`.
 */
export function renderDiscord(view: View, opts: DiscordRenderOptions = {}): DiscordMessage[] {
  switch (view.kind) {
    case 'digest':
      return renderDigest(view, opts);
    case 'list':
      return renderList(view, opts);
    case 'paper':
      if (view.inDigest) return renderDigest({ kind: 'digest', date: '', topics: [], cards: [view.card] }, opts).slice(1);
      return [message({ embeds: [paperEmbed(view.card, true)], components: paperButtons(view.card, 'share'), ...flags(opts) })];
    case 'text':
      return renderText(view, opts);
    case 'file':
      return renderFile(view, opts);
  }
}
