/**
 * A bot editing a message users posted from its inline results (the Bot API's inline_message_id):
 * the bot need not be in the chat, but the message must have come "via" it. Members get the edit.
 */
import { Errors } from "../../protocol/errors.ts";
import type { MessageEntity, ReplyMarkup } from "../../protocol/model/message.ts";
import type { Changes } from "./changes.ts";
import type { ChatScope } from "./scope.ts";
import * as store from "./store.ts";
import type { ChatViews } from "./views.ts";

export interface InlineEdit {
  text?: string | undefined;
  entities?: MessageEntity[] | undefined;
  markup?: ReplyMarkup | null | undefined;
}

export async function editViaBot(
  scope: ChatScope,
  parts: { changes: Changes; views: ChatViews },
  botId: number,
  id: number,
  edit: InlineEdit,
): Promise<void> {
  const m = store.meta(scope.sql);
  const row = m ? store.message(scope.sql, id) : null;
  if (!m || !row || row.via_bot_id !== botId) throw Errors.badRequest("MESSAGE_ID_INVALID");
  if (edit.text !== undefined && edit.text.trim() === "" && !row.media) throw Errors.badRequest("MESSAGE_EMPTY");
  const stored = (s: string | null) => (s && s !== "[]" ? s : "null");
  const sameText =
    edit.text === undefined ||
    (edit.text === row.text &&
      stored(edit.entities?.length ? JSON.stringify(edit.entities) : null) === stored(row.entities));
  const sameMarkup =
    edit.markup === undefined || stored(edit.markup ? JSON.stringify(edit.markup) : null) === stored(row.markup);
  if (sameText && sameMarkup) throw Errors.badRequest("MESSAGE_NOT_MODIFIED");
  await parts.changes.change(m, botId, () => {
    store.editMessage(scope.sql, id, {
      ...(edit.text !== undefined ? { text: edit.text, entities: edit.entities ?? [] } : {}),
      ...(edit.markup !== undefined ? { markup: edit.markup } : {}),
    });
    const message = parts.views.neutral(id);
    return {
      group: { _: "updateEditMessage", message },
      channel: (pts) => ({ _: "updateEditChannelMessage", message, pts, pts_count: 1 }),
    };
  });
}
