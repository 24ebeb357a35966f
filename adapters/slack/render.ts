// Neutral views → Slack `chat.postMessage` arguments (Block Kit), escaped and within Slack's limits.
import type { DigestView, FileView, ListView, PaperCard, TextView, View } from '../../src/views.ts';
import { paperLinks, upvotesText } from '../../src/papers/paper.ts';
import { cutText, firstAuthors, splitText } from '../../src/text/cut.ts';
import { escapeSlack, safeSlackUrl, slackLink } from './escape.ts';

/** Slack's Block Kit and message limits the renderer keeps under, whatever the input. */
export const SLACK_LIMITS = {
  blocks: 50,
  sectionText: 3000,
  headerText: 150,
  buttonValue: 2000,
  buttonText: 75,
  altText: 2000,
  contextElements: 10,
  text: 4000,
} as const;

/** A Block Kit text object. */
export interface SlackText {
  type: 'plain_text' | 'mrkdwn';
  text: string;
  emoji?: boolean;
  verbatim?: boolean;
}
/** A button element. */
export interface SlackButton {
  type: 'button';
  text: SlackText;
  action_id: string;
  value: string;
  style?: 'primary' | 'danger';
}
/** An image element (section accessory). */
export interface SlackImage {
  type: 'image';
  image_url: string;
  alt_text: string;
}
/** The blocks paperboy sends. */
export type SlackBlock =
  | { type: 'header'; text: SlackText }
  | { type: 'section'; text: SlackText; accessory?: SlackButton | SlackImage }
  | { type: 'context'; elements: SlackText[] }
  | { type: 'actions'; elements: SlackButton[] }
  | { type: 'divider' };

/** The arguments of one `chat.postMessage` call. */
export interface SlackMessage {
  channel: string;
  /** Notification and fallback text (mrkdwn, escaped). */
  text: string;
  blocks: SlackBlock[];
  unfurl_links: false;
  unfurl_media: false;
}

/** Action ids of paperboy's buttons; the value is always the paper id. */
export const SLACK_ACTIONS = { save: 'paperboy_save', dismiss: 'paperboy_dismiss', share: 'paperboy_share' } as const;

const esc = (s: string, maxChars: number, maxSentences?: number): string =>
  cutText(s, { maxChars, maxSentences, escape: escapeSlack });
const mrkdwn = (text: string): SlackText => ({ type: 'mrkdwn', text: text || ' ', verbatim: true });
const plain = (s: string, max: number): SlackText => ({ type: 'plain_text', text: esc(s, max) || ' ', emoji: true });
const section = (text: string, accessory?: SlackButton | SlackImage): SlackBlock =>
  accessory ? { type: 'section', text: mrkdwn(text), accessory } : { type: 'section', text: mrkdwn(text) };
const context = (text: string): SlackBlock => ({ type: 'context', elements: [mrkdwn(text)] });

/**
 * Digest cards already rendered, by paper, then by rank and reason (all a card shows besides the
 * paper): a fan-out renders the same few papers for every channel (with the same reason when
 * channels share topics), and cutting and escaping a card is most of what sending it costs this
 * thread. Papers are never changed in place (a refreshed paper is a new object), so a paper's
 * identity stands for its contents, and its renders go when it does.
 */
const renderedCards = new WeakMap<PaperCard['paper'], Map<string, { text: string; blocks: SlackBlock[] }>>();
function digestMessage(card: PaperCard, channel: string): SlackMessage {
  let byPlace = renderedCards.get(card.paper);
  if (!byPlace) renderedCards.set(card.paper, (byPlace = new Map()));
  const { text, blocks } = renderedOnce(byPlace, `${card.rank ?? ''}|${card.why ?? ''}`, () => ({
    text: esc(`${card.rank ? `${card.rank}. ` : ''}${card.paper.title}`, 300),
    blocks: paperBlocks(card, false),
  }));
  return message(channel, text, [...blocks]);
}

/** What `cache` holds for `key`, made by `make` the first time (the cache forgets everything past 256 entries). */
function renderedOnce<T>(cache: Map<string, T>, key: string, make: () => T): T {
  let out = cache.get(key);
  if (out === undefined) {
    if (cache.size >= 256) cache.clear();
    cache.set(key, (out = make()));
  }
  return out;
}

function button(label: string, actionId: string, paperId: string, style?: 'primary'): SlackButton | undefined {
  if (!paperId || paperId.length > SLACK_LIMITS.buttonValue) return undefined;
  const b: SlackButton = { type: 'button', text: plain(label, SLACK_LIMITS.buttonText), action_id: actionId, value: paperId };
  return style ? { ...b, style } : b;
}

function message(channel: string, text: string, blocks: SlackBlock[]): SlackMessage {
  return { channel, text: text || ' ', blocks, unfurl_links: false, unfurl_media: false };
}

/** `*3. <hf|Title>*` then `authors · ▲ 12 upvotes`. */
function titleLines({ paper, rank }: PaperCard): string {
  const title = slackLink(paperLinks(paper).page, cutText(paper.title, { maxChars: 300 }) || cutText(paper.id, { maxChars: 100 }), 1000);
  const upvotes = upvotesText(paper);
  const byline = [esc(firstAuthors(paper.authors, 3), 300), upvotes ? `▲ ${upvotes}` : ''];
  return `*${rank ? `${rank}. ` : ''}${title}*\n${byline.filter(Boolean).join(' · ')}`;
}

function linkLine(card: PaperCard): string {
  const l = paperLinks(card.paper);
  const pairs: [string | undefined, string][] = [[l.hf, 'Hugging Face'], [l.arxiv, 'arXiv'], [l.pdf, 'PDF'], [l.code, 'Code'], [l.project, 'Project page']];
  const ok = (u: string | undefined): boolean => Boolean(safeSlackUrl(u, { maxLength: 500 }));
  return pairs.filter(([u]) => ok(u)).map(([u, label]) => slackLink(u, label)).join(' · ');
}

/** One paper: title, authors, upvotes, why, abstract, links, thumbnail, Save / Not for us (full view: Save / Share). */
function paperBlocks(card: PaperCard, full: boolean): SlackBlock[] {
  const { paper } = card;
  const thumb = safeSlackUrl(paper.thumbnail, { httpsOnly: true });
  const image: SlackImage | undefined = thumb
    ? { type: 'image', image_url: thumb, alt_text: esc(paper.title, 200) || 'thumbnail' }
    : undefined;
  const blocks: SlackBlock[] = [section(titleLines(card), image)];
  if (card.why) blocks.push(context(`:bulb: ${esc(card.why, 500)}`));
  if (full && paper.aiSummary) blocks.push(section(`*TL;DR* ${esc(paper.aiSummary, 1000)}`));
  const abstract = full ? esc(paper.summary, 2900) : esc(paper.summary, 700, 3);
  if (abstract) blocks.push(section(abstract));
  if (full && paper.keywords.length) blocks.push(context(`Keywords: ${esc(paper.keywords.join(', '), 1000)}`));
  const links = linkLine(card);
  if (links) blocks.push(context(links));
  const buttons = [
    button('🔖 Save', SLACK_ACTIONS.save, paper.id, 'primary'),
    full ? button('Share', SLACK_ACTIONS.share, paper.id) : button('Not for us', SLACK_ACTIONS.dismiss, paper.id),
  ].filter((b): b is SlackButton => Boolean(b));
  if (buttons.length) blocks.push({ type: 'actions', elements: buttons });
  return blocks;
}

function renderDigest(view: DigestView, channel: string): SlackMessage[] {
  const date = cutText(view.date, { maxChars: 40 });
  const count = `${view.cards.length} paper${view.cards.length === 1 ? '' : 's'}`;
  const topics = view.topics.length ? `Topics: ${esc(view.topics.join(', '), 1500)}` : 'The most upvoted papers of the day';
  const header: SlackBlock[] = [
    { type: 'header', text: plain(`📰 Hugging Face Daily Papers · ${date}`, SLACK_LIMITS.headerText) },
    context(`${topics} · ${count}`),
  ];
  if (!view.cards.length) header.push(section(esc(view.emptyText ?? 'No papers for this day.', SLACK_LIMITS.sectionText)));
  const head = message(channel, esc(`Hugging Face Daily Papers · ${date}: ${count}`, 300), header);
  return [head, ...view.cards.map((card) => digestMessage(card, channel))];
}

function renderList(view: ListView, channel: string): SlackMessage[] {
  const blocks: SlackBlock[] = [{ type: 'header', text: plain(view.title, SLACK_LIMITS.headerText) }];
  if (!view.cards.length) blocks.push(section(esc(view.emptyText ?? 'Nothing to show.', SLACK_LIMITS.sectionText)));
  const room = SLACK_LIMITS.blocks - blocks.length - (view.note ? 1 : 0);
  const shown = view.cards.length > room ? view.cards.slice(0, room - 1) : view.cards;
  for (const card of shown) {
    const why = card.why ? `\n_${esc(card.why, 300)}_` : '';
    blocks.push(section(`${titleLines(card)}${why}`, button('Share', SLACK_ACTIONS.share, card.paper.id)));
  }
  if (shown.length < view.cards.length) blocks.push(context(`…and ${view.cards.length - shown.length} more`));
  if (view.note) blocks.push(context(esc(view.note, SLACK_LIMITS.sectionText)));
  return [message(channel, esc(view.title, 300), blocks)];
}

/** Text views already rendered, by tone and text: a fan-out posts the same header to every channel. */
const renderedTexts = new Map<string, { text: string; blocks: SlackBlock[] }[]>();
function renderText(view: TextView, channel: string): SlackMessage[] {
  const rendered = renderedOnce(renderedTexts, `${view.tone ?? ''}|${view.text}`, () => {
    const icon = view.tone === 'error' ? ':warning: ' : view.tone === 'success' ? ':white_check_mark: ' : '';
    const pieces = splitText(view.text, SLACK_LIMITS.sectionText - icon.length, escapeSlack);
    if (!pieces.length) pieces.push(' ');
    const sections = pieces.map((p, i) => section(i === 0 ? icon + p : p));
    const text = esc(view.text, 300);
    const out: { text: string; blocks: SlackBlock[] }[] = [];
    for (let i = 0; i < sections.length; i += SLACK_LIMITS.blocks) out.push({ text, blocks: sections.slice(i, i + SLACK_LIMITS.blocks) });
    return out;
  });
  return rendered.map((r) => message(channel, r.text, [...r.blocks]));
}

function renderFile(view: FileView, channel: string): SlackMessage[] {
  const kb = (Buffer.byteLength(view.content, 'utf8') / 1024).toFixed(1);
  const name = esc(view.filename, 200);
  const about = [`:page_facing_up: *${name}* (${kb} kB)`, view.comment ? esc(view.comment, 2000) : ''].filter(Boolean);
  return [message(channel, `${name}${view.comment ? ` — ${esc(view.comment, 300)}` : ''}`, [section(about.join(' — '))])];
}

/**
 * Render a view as the `chat.postMessage` calls that show it: a digest is a header message then
 * exactly one message per paper; a paper, list, text or file view is one message (text longer than
 * 50 sections goes on in further messages). Every string from a paper is escaped and cut.
 */
export function renderSlack(view: View, { channel }: { channel: string }): SlackMessage[] {
  switch (view.kind) {
    case 'digest':
      return renderDigest(view, channel);
    case 'list':
      return renderList(view, channel);
    case 'paper':
      if (view.inDigest) return [digestMessage(view.card, channel)];
      return [message(channel, esc(view.card.paper.title, 300), paperBlocks(view.card, true))];
    case 'text':
      return renderText(view, channel);
    case 'file':
      return renderFile(view, channel);
  }
}
