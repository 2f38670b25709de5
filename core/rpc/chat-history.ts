/** messages.deleteHistory: a private chat or basic group cleared from the caller's list, a page a call. */
import { Errors } from "../../protocol/errors.ts";
import { DELETE_HISTORY_PAGE } from "../../protocol/rpc/chat-history.ts";
import { userObjectOf } from "../objects.ts";
import { chatOf } from "./chat-refs.ts";
import { type HandlerTable, userIdOf } from "./context.ts";

export const chatHistoryHandlers: HandlerTable<"messages.deleteHistory"> = {
  async "messages.deleteHistory"(ctx, p) {
    // A channel's history is the channel's, not a member's to delete.
    if (p.peer._ === "channel") throw Errors.badRequest("PEER_ID_INVALID");
    const uid = userIdOf(ctx);
    const { key, chat } = chatOf(ctx.env, uid, p.peer);
    const { messages } = await chat.history(key, uid, {
      offset_id: 0,
      add_offset: 0,
      limit: DELETE_HISTORY_PAGE,
      max_id: 0,
      min_id: 0,
    });
    const ids = messages.map((m) => m.id);
    const { updates } = ids.length > 0 ? await chat.deleteMessages(key, uid, ids, p.revoke) : { updates: [] };
    const more = ids.length === DELETE_HISTORY_PAGE;
    // The last page: the dialog goes too (a new message in the chat brings it back).
    if (!more) await userObjectOf(ctx.env, uid).removeDialog(key);
    return { updates, offset: more ? 1 : 0 };
  },
};
