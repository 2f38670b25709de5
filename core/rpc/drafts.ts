/** messages.saveDraft / getAllDrafts: the caller's cloud drafts, kept in their UserObject. */
import { chatKeyOf } from "../chat/keys.ts";
import { userObjectOf } from "../objects.ts";
import { type HandlerTable, userIdOf } from "./context.ts";

export const draftsHandlers: HandlerTable<"messages.saveDraft" | "messages.getAllDrafts"> = {
  async "messages.saveDraft"(ctx, p) {
    const uid = userIdOf(ctx);
    const draft =
      p.message === ""
        ? null
        : {
            message: p.message,
            date: Math.floor(Date.now() / 1000),
            ...(p.reply_to_msg_id ? { reply_to_msg_id: p.reply_to_msg_id } : {}),
          };
    await userObjectOf(ctx.env, uid).saveDraft(chatKeyOf(uid, p.peer), p.peer, draft, ctx.authKeyId);
    return true;
  },
  async "messages.getAllDrafts"(ctx) {
    return { drafts: await userObjectOf(ctx.env, userIdOf(ctx)).allDrafts() };
  },
};
