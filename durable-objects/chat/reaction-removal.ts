/**
 * Admins removing other people's reactions (the Bot API's deleteMessageReaction and
 * deleteAllMessageReactions): from one message, or from the user's most recent reacted messages.
 * Members see the new counts; bots that follow reactions hear that the user's reactions changed.
 */
import { requireAdmin } from "../../core/chat/access.ts";
import { parseChatKey, peerOf } from "../../core/chat/keys.ts";
import { Errors } from "../../protocol/errors.ts";
import type { Update } from "../../protocol/model/update.ts";
import type { BotEvents } from "./bot-events.ts";
import type { Change, Changes } from "./changes.ts";
import type { Membership } from "./members.ts";
import type { ChatScope } from "./scope.ts";
import * as store from "./store.ts";
import type { ChatViews } from "./views.ts";

/** Telegram removes up to 10000 recent reactions at once. */
const MAX_REMOVED = 10_000;

export async function deleteReactions(
  scope: ChatScope,
  parts: { members: Membership; changes: Changes; views: ChatViews; bots: BotEvents },
  key: string,
  actor: number,
  target: number,
  msgId: number | null,
): Promise<{ updates: Update[] }> {
  const sql = scope.sql;
  const { m, me } = await parts.members.enter(key, actor);
  requireAdmin(me);
  if (msgId !== null && !store.visibleMessage(sql, actor, msgId)) throw Errors.badRequest("MESSAGE_ID_INVALID");
  const ids = msgId !== null ? [msgId] : store.reactedBy(sql, target, MAX_REMOVED);
  const before = new Map<number, string[]>();
  for (const r of store.reactionRows(sql, ids))
    if (r.user_id === target) before.set(r.msg_id, [...(before.get(r.msg_id) ?? []), r.reaction]);
  if (before.size === 0) return { updates: [] };
  const updates = await parts.changes.changeMany(m, actor, () =>
    [...before.keys()].map((id): Change => {
      store.setReactions(sql, id, target, []);
      const reactions = { ...(parts.views.neutral(id).reactions ?? { results: [] }), min: true };
      return {
        group: { _: "updateMessageReactions", peer: peerOf(key, actor), msg_id: id, reactions },
        channel: (pts) => ({
          _: "updateChannelMessageReactions",
          channel_id: parseChatKey(key).id,
          msg_id: id,
          reactions,
          pts,
          pts_count: 1,
        }),
      };
    }),
  );
  for (const [id, old] of before) await parts.bots.reactionChanged(m, target, id, old, []);
  return { updates };
}
