/** deleteMessageReaction and deleteAllMessageReactions (admins), onto messages.deleteReactions. */
import * as v from "valibot";
import { ChatId, int } from "../../../protocol/bot-api/params.ts";
import { type BotContext, botMethod } from "../context.ts";
import { badRequest } from "../errors.ts";
import { resolveChat } from "./messages.ts";

/** Reactions "added by a chat" (anonymous admins, channels) do not exist here: only users react. */
function actor(p: { user_id?: number | undefined; actor_chat_id?: number | undefined }): number {
  if (p.user_id !== undefined) return p.user_id;
  if (p.actor_chat_id !== undefined) throw badRequest("USER_ID_INVALID");
  throw badRequest("user_id or actor_chat_id must be specified");
}

async function remove(ctx: BotContext, chatId: number | string, userId: number, msgId?: number) {
  await ctx.call("messages.deleteReactions", {
    peer: await resolveChat(ctx, chatId),
    user_id: userId,
    ...(msgId !== undefined ? { msg_id: msgId } : {}),
  });
  return true;
}

const Actor = { user_id: v.optional(int("user_id")), actor_chat_id: v.optional(int("actor_chat_id")) };

export const reactionMethods = {
  deletemessagereaction: botMethod(v.object({ chat_id: ChatId, message_id: int("message_id"), ...Actor }), (ctx, p) =>
    remove(ctx, p.chat_id, actor(p), p.message_id),
  ),
  deleteallmessagereactions: botMethod(v.object({ chat_id: ChatId, ...Actor }), (ctx, p) =>
    remove(ctx, p.chat_id, actor(p)),
  ),
};
