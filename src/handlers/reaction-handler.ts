// Reactions and Save / Not-for-us buttons: save or unsave a paper for a person, or dismiss it for a channel.
import type { App } from '../app-services.ts';
import type { Reaction } from '../chat.ts';
import type { Logger } from '../logger.ts';
import type { Save } from '../store/stores.ts';
import { text, type TextView } from '../views.ts';
import { head } from '../text/cut.ts';
import { parsePaperRef } from '../papers/arxiv-id.ts';
import { COMMAND_NAME } from '../../commands/command.ts';

/** Unicode forms of the emoji names people are likely to configure (Slack sends names, Discord unicode). */
const UNICODE: Record<string, string[]> = {
  bookmark: ['🔖'],
  '-1': ['👎'],
  thumbsdown: ['👎'],
  '+1': ['👍'],
  thumbsup: ['👍'],
  star: ['⭐'],
  heart: ['❤️', '❤'],
  pushpin: ['📌'],
  books: ['📚'],
};

/** Emoji skin tone modifiers (U+1F3FB–U+1F3FF). */
const SKIN_TONES = /[\u{1F3FB}-\u{1F3FF}]/gu;

const SAVE_ACTIONS = ['paperboy:save', 'paperboy_save'];
const DISMISS_ACTIONS = ['paperboy:dismiss', 'paperboy_dismiss'];

/** Every spelling of an emoji setting: `bookmark`, `:bookmark:`, `🔖`, and its other names (`+1` is `thumbsup`). */
export function emojiForms(setting: string): Set<string> {
  const name = setting.replace(/^:|:$/g, '');
  const forms = new Set([name, ...(UNICODE[name] ?? [])]);
  for (const [n, chars] of Object.entries(UNICODE)) {
    if (!chars.some((c) => forms.has(c))) continue;
    forms.add(n);
    for (const c of chars) forms.add(c);
  }
  return forms;
}

/**
 * The emoji of a setting as a person should see it in a message: its character when paperboy knows it
 * (Discord shows `:bookmark:` in a bot's message as those letters), else as set (a workspace's own emoji).
 */
export function emojiGlyph(setting: string): string {
  const name = setting.replace(/^:|:$/g, '');
  if (UNICODE[name]) return UNICODE[name][0]!;
  return /^[\w+-]+$/.test(name) ? `:${name}:` : name;
}

/** What a person is told when they press a button of paperboy's that this version does not know (an old message's). */
export function unknownButtonText(saveEmoji: string): string {
  return `That button no longer works (it may be from an older paperboy). React with ${emojiGlyph(saveEmoji)} to save a paper, or run /${COMMAND_NAME} help.`;
}

/** How long an event id is remembered: Slack delivers an event again up to three times, the last about 5 minutes later. */
const EVENT_MEMORY_MS = 15 * 60_000;

/** Build `handleReaction`; `onSignal` hears every change to a channel's saves (ranking profiles). */
export function createReactionHandler(
  app: Pick<App, 'config' | 'stores' | 'clock'>,
  logger: Logger,
  onSignal?: (save: Save, added: boolean) => void,
): (r: Reaction) => Promise<TextView | undefined> {
  const saveForms = emojiForms(app.config.saveEmoji);
  const dismissForms = emojiForms(app.config.dismissEmoji);
  // A toned reaction is the plain one: Slack names it `-1::skin-tone-3`, Discord sends 👎🏽 (the emoji and a modifier).
  const normalise = (e: string) => e.replace(/^:|:$/g, '').replace(/::skin-tone-\d$/, '').replace(SKIN_TONES, '');

  return async (r) => {
    const emoji = normalise(r.emoji);
    const isButton = SAVE_ACTIONS.includes(emoji) || DISMISS_ACTIONS.includes(emoji);
    const kind: Save['kind'] | undefined =
      SAVE_ACTIONS.includes(emoji) || saveForms.has(emoji) ? 'save' : DISMISS_ACTIONS.includes(emoji) || dismissForms.has(emoji) ? 'dismiss' : undefined;
    if (!kind) return undefined;
    const log = logger.child({ platform: r.platform, channel: r.channelId, user: r.userId, kind });
    try {
      // A button's id comes back from the platform as sent, or forged: only an arXiv id is saved (or counted against).
      if (r.paperId !== undefined && parsePaperRef(r.paperId) !== r.paperId) return text(unknownButtonText(app.config.saveEmoji), 'error');
      const paperId = r.paperId ?? (await app.stores.deliveries.paperForMessage(r.platform, r.channelId, r.messageId));
      if (!paperId) {
        log.debug({ message: r.messageId }, 'reaction on a message that shows no paper');
        return undefined;
      }
      // Remembered only for reactions that count (any other emoji costs no store write); a store that cannot tell lets it through.
      if (r.eventId && !(await app.stores.meta.setIfAbsent(`event:${r.platform}:${r.eventId}`, '1', EVENT_MEMORY_MS).catch(() => true))) {
        log.debug({ event: r.eventId }, 'event delivered again; handled already');
        return undefined;
      }
      const save: Save = { platform: r.platform, channelId: r.channelId, userId: r.userId, paperId, kind, at: app.clock.now().toISOString() };
      // Saved before, in another channel: still counted for this channel's ranking, but not new to the person.
      const savedBefore = isButton && kind === 'save' && r.added && (await app.stores.saves.byUser(r.platform, r.userId)).some((s) => s.paperId === paperId && s.kind === 'save');
      const changed = r.added ? await app.stores.saves.add(save) : await app.stores.saves.remove(save);
      if (changed) onSignal?.(save, r.added);
      log.info({ paper: paperId, added: r.added, changed }, 'reaction recorded');
      if (!isButton) return undefined;
      const paper = await app.stores.papers.get(paperId);
      const title = paper ? `“${paper.title.length > 120 ? `${head(paper.title, 120)}…` : paper.title}”` : paperId;
      if (kind === 'dismiss') return text(`Noted: papers like ${title} will rank lower here.`, 'success');
      return text(changed && !savedBefore ? `Saved ${title}. See /paper saved.` : `${title} was already in your saved papers.`, 'success');
    } catch (err) {
      log.error({ err }, 'reaction failed');
      return isButton ? text('Could not save that just now; please try again.', 'error') : undefined;
    }
  };
}
