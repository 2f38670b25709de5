/**
 * Forum topics by a bot, in supergroups that are forums (a supergroup becomes one by the Edgegram
 * RPC channels.toggleForum; the Bot API has no method for it) — onto channels.*ForumTopic* /
 * channels.deleteTopicHistory; and unpinning all of a chat's or a topic's messages.
 */

import type { ForumTopic } from "@grammyjs/types";
import * as v from "valibot";
import { ChatId, int, str } from "../../../protocol/bot-api/params.ts";
import type { ForumTopic as CoreTopic } from "../../../protocol/rpc/forum.ts";
import { type BotContext, botMethod } from "../context.ts";
import { badRequest } from "../errors.ts";
import { resolveChat } from "./messages.ts";

const GENERAL = 1;

async function forumOf(ctx: BotContext, chatId: number | string): Promise<number> {
  const peer = await resolveChat(ctx, chatId);
  if (peer._ !== "channel") throw badRequest("the chat is not a forum");
  return peer.id;
}

/** Runs a core call, the bot hearing Telegram's words when it lacks the right. */
async function asManager<T>(run: () => Promise<T>, refusal: string): Promise<T> {
  try {
    return await run();
  } catch (e) {
    if ((e as { text?: string }).text === "CHAT_ADMIN_REQUIRED") throw badRequest(refusal);
    throw e;
  }
}

const tgTopic = (t: CoreTopic): ForumTopic => ({
  message_thread_id: t.id,
  name: t.title,
  icon_color: t.icon_color,
  ...(t.icon_emoji_id ? { icon_custom_emoji_id: t.icon_emoji_id } : {}),
});

type Edit = { title?: string; icon_emoji_id?: string; closed?: boolean; hidden?: boolean };

async function editTopic(ctx: BotContext, chatId: number | string, topicId: number, edit: Edit, refusal: string) {
  const channelId = await forumOf(ctx, chatId);
  await asManager(
    () => ctx.call("channels.editForumTopic", { channel_id: channelId, topic_id: topicId, ...edit }),
    refusal,
  );
  return true;
}

const EDIT = "not enough rights to edit the topic";
const CLOSE = "not enough rights to close or open the topic";
const PINS = "not enough rights to manage pinned messages in the chat";
const Thread = { chat_id: ChatId, message_thread_id: int("message_thread_id") };
const General = { chat_id: ChatId };

async function unpinAll(ctx: BotContext, chatId: number | string, topicId?: number) {
  const peer = await resolveChat(ctx, chatId);
  if (topicId !== undefined && peer._ !== "channel") throw badRequest("the chat is not a forum");
  await asManager(
    () => ctx.call("messages.unpinAllMessages", { peer, ...(topicId !== undefined ? { top_msg_id: topicId } : {}) }),
    PINS,
  );
  return true;
}

export const topicMethods = {
  createforumtopic: botMethod(
    v.object({
      chat_id: ChatId,
      name: str(),
      icon_color: v.optional(int("icon_color")),
      icon_custom_emoji_id: v.optional(str()),
    }),
    async (ctx, p) => {
      const channelId = await forumOf(ctx, p.chat_id);
      const { topic } = await asManager(
        () =>
          ctx.call("channels.createForumTopic", {
            channel_id: channelId,
            title: p.name,
            ...(p.icon_color !== undefined ? { icon_color: p.icon_color } : {}),
            ...(p.icon_custom_emoji_id ? { icon_emoji_id: p.icon_custom_emoji_id } : {}),
          }),
        "not enough rights to create a topic",
      );
      return tgTopic(topic);
    },
  ),
  editforumtopic: botMethod(
    v.object({ ...Thread, name: v.optional(str()), icon_custom_emoji_id: v.optional(str()) }),
    (ctx, p) =>
      editTopic(
        ctx,
        p.chat_id,
        p.message_thread_id,
        {
          ...(p.name !== undefined ? { title: p.name } : {}),
          ...(p.icon_custom_emoji_id !== undefined ? { icon_emoji_id: p.icon_custom_emoji_id } : {}),
        },
        EDIT,
      ),
  ),
  closeforumtopic: botMethod(v.object(Thread), (ctx, p) =>
    editTopic(ctx, p.chat_id, p.message_thread_id, { closed: true }, CLOSE),
  ),
  reopenforumtopic: botMethod(v.object(Thread), (ctx, p) =>
    editTopic(ctx, p.chat_id, p.message_thread_id, { closed: false }, CLOSE),
  ),
  deleteforumtopic: botMethod(v.object(Thread), async (ctx, p) => {
    const channelId = await forumOf(ctx, p.chat_id);
    await asManager(
      () => ctx.call("channels.deleteTopicHistory", { channel_id: channelId, top_msg_id: p.message_thread_id }),
      "not enough rights to delete the topic",
    );
    return true;
  }),
  unpinallforumtopicmessages: botMethod(v.object(Thread), (ctx, p) => unpinAll(ctx, p.chat_id, p.message_thread_id)),
  editgeneralforumtopic: botMethod(v.object({ ...General, name: str() }), (ctx, p) =>
    editTopic(ctx, p.chat_id, GENERAL, { title: p.name }, EDIT),
  ),
  closegeneralforumtopic: botMethod(v.object(General), (ctx, p) =>
    editTopic(ctx, p.chat_id, GENERAL, { closed: true }, CLOSE),
  ),
  reopengeneralforumtopic: botMethod(v.object(General), (ctx, p) =>
    editTopic(ctx, p.chat_id, GENERAL, { closed: false }, CLOSE),
  ),
  hidegeneralforumtopic: botMethod(v.object(General), (ctx, p) =>
    editTopic(ctx, p.chat_id, GENERAL, { hidden: true }, EDIT),
  ),
  unhidegeneralforumtopic: botMethod(v.object(General), (ctx, p) =>
    editTopic(ctx, p.chat_id, GENERAL, { hidden: false }, EDIT),
  ),
  unpinallgeneralforumtopicmessages: botMethod(v.object(General), (ctx, p) => unpinAll(ctx, p.chat_id, GENERAL)),
  unpinallchatmessages: botMethod(v.object({ chat_id: ChatId }), (ctx, p) => unpinAll(ctx, p.chat_id)),
  /** Edgegram has no custom emoji yet: no sticker may be a topic's icon. */
  getforumtopiciconstickers: botMethod(v.object({}), async (ctx) => {
    await ctx.authorized();
    return [];
  }),
};
