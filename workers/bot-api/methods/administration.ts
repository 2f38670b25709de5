/** Chat administration by a bot: setChatTitle — onto messages.editChatTitle / channels.editTitle. */
import * as v from "valibot";
import { ChatId } from "../../../protocol/bot-api/params.ts";
import { botMethod } from "../context.ts";
import { badRequest } from "../errors.ts";
import { resolveChat } from "./messages.ts";

export const administrationMethods = {
  setchattitle: botMethod(v.object({ chat_id: ChatId, title: v.string() }), async (ctx, p) => {
    const peer = await resolveChat(ctx, p.chat_id);
    if (peer._ === "user") throw badRequest("chat title can't be changed in private chats");
    const title = p.title.trim();
    if (!title) throw badRequest("chat title can't be empty");
    try {
      if (peer._ === "chat") await ctx.call("messages.editChatTitle", { chat_id: peer.id, title });
      else await ctx.call("channels.editTitle", { channel_id: peer.id, title });
    } catch (e) {
      // tdlib's wording for a bot without the right to change the chat's info.
      if ((e as { text?: string }).text === "CHAT_ADMIN_REQUIRED")
        throw badRequest("not enough rights to change chat title");
      throw e;
    }
    return true;
  }),
};
