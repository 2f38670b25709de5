/** Forum topics and unpinning all: onto the supergroup's ChatObject (durable-objects/chat/forum.ts). */

import { Errors } from "../../protocol/errors.ts";
import type { ForumTopic } from "../../protocol/rpc/forum.ts";
import { chatKeyOf } from "../chat/keys.ts";
import type { StoredTopic } from "../chat/topics.ts";
import { chatObjectOf } from "../objects.ts";
import { type HandlerTable, userIdOf } from "./context.ts";

const channel = (env: Env, id: number) => ({ key: `channel:${id}`, chat: chatObjectOf(env, `channel:${id}`) });

export function forumTopic(t: StoredTopic): ForumTopic {
  return {
    id: t.id,
    title: t.title,
    icon_color: t.iconColor,
    ...(t.iconEmojiId ? { icon_emoji_id: t.iconEmojiId } : {}),
    date: t.date,
    from_id: t.creator,
    ...(t.closed ? { closed: true } : {}),
    ...(t.hidden ? { hidden: true } : {}),
  };
}

export const forumHandlers: HandlerTable<
  | "channels.toggleForum"
  | "channels.createForumTopic"
  | "channels.editForumTopic"
  | "channels.deleteTopicHistory"
  | "channels.getForumTopics"
  | "messages.unpinAllMessages"
> = {
  async "channels.toggleForum"(ctx, p) {
    const { key, chat } = channel(ctx.env, p.channel_id);
    return chat.toggleForum(key, userIdOf(ctx), p.enabled);
  },
  async "channels.createForumTopic"(ctx, p) {
    const { key, chat } = channel(ctx.env, p.channel_id);
    const r = await chat.createTopic(key, userIdOf(ctx), {
      title: p.title,
      ...(p.icon_color !== undefined ? { icon_color: p.icon_color } : {}),
      ...(p.icon_emoji_id ? { icon_emoji_id: p.icon_emoji_id } : {}),
    });
    return { topic: forumTopic(r.topic), updates: r.updates };
  },
  async "channels.editForumTopic"(ctx, p) {
    const { key, chat } = channel(ctx.env, p.channel_id);
    const r = await chat.editTopic(key, userIdOf(ctx), p.topic_id, {
      title: p.title,
      icon_emoji_id: p.icon_emoji_id,
      closed: p.closed,
      hidden: p.hidden,
    });
    return { topic: forumTopic(r.topic), updates: r.updates };
  },
  async "channels.deleteTopicHistory"(ctx, p) {
    const { key, chat } = channel(ctx.env, p.channel_id);
    return chat.deleteTopic(key, userIdOf(ctx), p.top_msg_id);
  },
  async "channels.getForumTopics"(ctx, p) {
    const { key, chat } = channel(ctx.env, p.channel_id);
    const r = await chat.topics(key, userIdOf(ctx), p.limit);
    return { topics: r.topics.map(forumTopic), count: r.count };
  },
  async "messages.unpinAllMessages"(ctx, p) {
    if (p.peer._ === "user" && p.top_msg_id !== undefined) throw Errors.badRequest("CHANNEL_FORUM_MISSING");
    const uid = userIdOf(ctx);
    const key = chatKeyOf(uid, p.peer);
    return chatObjectOf(ctx.env, key).unpinAll(key, uid, p.top_msg_id);
  },
};
