/**
 * Moving and stopping a live location in a chat (messages.editLiveLocation): the sender only, until
 * the period ends (core/chat/live-locations.ts); members get it as an edit, like any other.
 */
import { type LiveLocationPatch, movedLocation, requireLive } from "../../core/chat/live-locations.ts";
import { Errors } from "../../protocol/errors.ts";
import type { Message } from "../../protocol/model/message.ts";
import type { MessageMedia } from "../../protocol/model/message-media.ts";
import type { Update } from "../../protocol/model/update.ts";
import type { Changes } from "./changes.ts";
import type { Membership } from "./members.ts";
import type { ChatScope } from "./scope.ts";
import * as store from "./store.ts";
import type { ChatViews } from "./views.ts";

export async function editLiveLocation(
  scope: ChatScope,
  parts: { members: Membership; changes: Changes; views: ChatViews },
  key: string,
  userId: number,
  id: number,
  patch: LiveLocationPatch,
): Promise<{ message: Message; updates: Update[] }> {
  const { m } = await parts.members.enter(key, userId);
  const row = store.visibleMessage(scope.sql, userId, id);
  if (!row || row.action) throw Errors.badRequest("MESSAGE_ID_INVALID");
  if (row.from_id !== userId) throw Errors.forbidden("MESSAGE_AUTHOR_REQUIRED");
  const now = store.unixNow();
  const live = requireLive(row.media ? (JSON.parse(row.media) as MessageMedia) : null, row.date, now);
  const moved = movedLocation(live, patch);
  const updates = await parts.changes.change(m, userId, () => {
    store.setMedia(scope.sql, id, moved);
    const message = parts.views.neutral(id);
    return {
      group: { _: "updateEditMessage", message },
      channel: (pts) => ({ _: "updateEditChannelMessage", message, pts, pts_count: 1 }),
    };
  });
  return { message: parts.views.message(id, userId), updates };
}
