/** messages.deleteReactions: admins removing a user's reactions, in the chat's object. */
import { chatOf } from "./chat-refs.ts";
import { type HandlerTable, userIdOf } from "./context.ts";

export const reactionsHandlers: HandlerTable<"messages.deleteReactions"> = {
  async "messages.deleteReactions"(ctx, p) {
    const uid = userIdOf(ctx);
    const { key, chat } = chatOf(ctx.env, uid, p.peer);
    return chat.deleteReactions(key, uid, p.user_id, p.msg_id ?? null);
  },
};
