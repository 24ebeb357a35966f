// Turns neutral views into the Discord messages paperboy sends: rendered bodies plus file attachments.
import type { RawFile, RESTPostAPIChannelMessageJSONBody } from 'discord.js';
import type { View } from '../../src/views.ts';
import { renderDiscord } from './render.ts';

/** One message to send: its JSON body and any files that go with it. */
export interface OutgoingMessage {
  body: RESTPostAPIChannelMessageJSONBody;
  files?: RawFile[];
}

/** Button ids the renderer gives a paper's Save, Not-for-us and Share buttons (render.ts, `buttonId`). */
export const BUTTON_ID = /^paperboy:(save|dismiss|share):(.{1,100})$/;

/**
 * The messages for a list of views, in order: the renderer's create-message bodies, and for a
 * FileView its file attached to the (first) message that describes it.
 */
export function toOutgoing(views: readonly View[]): OutgoingMessage[] {
  return views.flatMap((view): OutgoingMessage[] => {
    const bodies: OutgoingMessage[] = renderDiscord(view).map((body) => ({ body: withoutPings(body) }));
    if (view.kind !== 'file' || !bodies[0]) return bodies;
    bodies[0] = {
      body: { ...bodies[0].body, attachments: [{ id: 0, filename: view.filename }] },
      files: [{ name: view.filename, data: Buffer.from(view.content, 'utf8'), contentType: view.mimeType }],
    };
    return bodies;
  });
}

/** The paper a message shows, read from its Save button; undefined unless exactly one paper. */
export function paperIdOf(body: RESTPostAPIChannelMessageJSONBody): string | undefined {
  const ids = new Set<string>();
  const visit = (node: unknown): void => {
    if (Array.isArray(node)) return node.forEach(visit);
    if (typeof node !== 'object' || node === null) return;
    const { custom_id: customId, components } = node as { custom_id?: unknown; components?: unknown };
    const m = typeof customId === 'string' ? BUTTON_ID.exec(customId) : null;
    if (m?.[1] === 'save') ids.add(m[2]!);
    visit(components);
  };
  visit(body.components);
  return ids.size === 1 ? [...ids][0] : undefined;
}

/** Whatever the renderer did, a message paperboy sends never pings anyone. */
function withoutPings(body: RESTPostAPIChannelMessageJSONBody): RESTPostAPIChannelMessageJSONBody {
  return { ...body, allowed_mentions: { parse: [] } };
}
