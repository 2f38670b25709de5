/**
 * Forum topics in supergroups (Telegram's channels.toggleForum, channels.*ForumTopic*,
 * channels.deleteTopicHistory) and unpinning all of a chat's or a topic's messages.
 */
import * as v from "valibot";
import { Chat } from "../model/chat.ts";
import { Peer } from "../model/peer.ts";
import { Update } from "../model/update.ts";
import { FLOOD_WAIT, method, NOT_IN_CHANNEL, NOT_IN_CHAT } from "./define.ts";

const ChannelId = v.pipe(v.number(), v.integer("CHANNEL_INVALID"), v.minValue(1, "CHANNEL_INVALID"));
const TopicId = v.pipe(v.number(), v.integer("TOPIC_ID_INVALID"), v.minValue(1, "TOPIC_ID_INVALID"));
/** A custom emoji's id (decimal); "" removes a topic's custom icon. */
const EmojiId = v.pipe(v.string(), v.regex(/^(\d{1,19})?$/, "DOCUMENT_INVALID"));
const Title = v.pipe(v.string(), v.maxLength(1024, "TOPIC_TITLE_TOO_LONG"));

/** A topic as members see it; its id is its creation message's id (General: 1). */
export const ForumTopic = v.object({
  id: v.number(),
  title: v.string(),
  /** RGB; one of the six Telegram offers. */
  icon_color: v.number(),
  icon_emoji_id: v.optional(v.string()),
  date: v.number(),
  /** Who created it. */
  from_id: v.number(),
  closed: v.optional(v.boolean()),
  hidden: v.optional(v.boolean()),
});
export type ForumTopic = v.InferOutput<typeof ForumTopic>;

const TopicUpdates = v.object({ topic: ForumTopic, updates: v.array(Update) });
const NOT_FORUM = "400 CHANNEL_FORUM_MISSING";
const NO_TOPIC = "400 TOPIC_ID_INVALID";

export const forumMethods = {
  /** Turns a supergroup's topics on or off (admins who may change its info); General (id 1) is made the first time. */
  "channels.toggleForum": method({
    params: v.object({ channel_id: ChannelId, enabled: v.boolean() }),
    result: v.object({ chat: Chat, updates: v.array(Update) }),
    auth: true,
    errors: [NOT_IN_CHANNEL, "400 CHANNEL_INVALID", "403 CHAT_ADMIN_REQUIRED", "400 CHAT_NOT_MODIFIED"],
  }),
  /** A new topic, announced by its creation message (admins who may manage topics). */
  "channels.createForumTopic": method({
    params: v.object({
      channel_id: ChannelId,
      title: Title,
      icon_color: v.optional(v.pipe(v.number(), v.integer("TOPIC_ICON_COLOR_INVALID"))),
      icon_emoji_id: v.optional(EmojiId),
    }),
    result: TopicUpdates,
    auth: true,
    errors: [
      NOT_IN_CHANNEL,
      NOT_FORUM,
      "403 CHAT_ADMIN_REQUIRED",
      "400 TOPIC_TITLE_EMPTY",
      "400 TOPIC_TITLE_TOO_LONG",
      "400 TOPIC_ICON_COLOR_INVALID",
      "400 DOCUMENT_INVALID",
      FLOOD_WAIT,
    ],
  }),
  /**
   * Renames or re-icons a topic, closes or reopens it, hides or shows General (hiding also closes
   * it). Managers of topics, or an admin for a topic they created (not hiding).
   */
  "channels.editForumTopic": method({
    params: v.object({
      channel_id: ChannelId,
      topic_id: TopicId,
      title: v.optional(Title),
      icon_emoji_id: v.optional(EmojiId),
      closed: v.optional(v.boolean()),
      hidden: v.optional(v.boolean()),
    }),
    result: TopicUpdates,
    auth: true,
    errors: [
      NOT_IN_CHANNEL,
      NOT_FORUM,
      NO_TOPIC,
      "403 CHAT_ADMIN_REQUIRED",
      "400 TOPIC_NOT_MODIFIED",
      "400 TOPIC_TITLE_EMPTY",
      "400 TOPIC_TITLE_TOO_LONG",
      "400 GENERAL_MODIFY_ICON_FORBIDDEN",
      "400 DOCUMENT_INVALID",
      FLOOD_WAIT,
    ],
  }),
  /** Deletes a topic and every message in it (not General). Managers of topics. */
  "channels.deleteTopicHistory": method({
    params: v.object({ channel_id: ChannelId, top_msg_id: TopicId }),
    result: v.object({ updates: v.array(Update) }),
    auth: true,
    errors: [NOT_IN_CHANNEL, NOT_FORUM, NO_TOPIC, "403 CHAT_ADMIN_REQUIRED", "403 MESSAGE_DELETE_FORBIDDEN"],
  }),
  /** A forum's topics, newest first, General last. */
  "channels.getForumTopics": method({
    params: v.object({
      channel_id: ChannelId,
      limit: v.optional(
        v.pipe(
          v.number(),
          v.integer("LIMIT_INVALID"),
          v.minValue(1, "LIMIT_INVALID"),
          v.maxValue(100, "LIMIT_INVALID"),
        ),
        100,
      ),
    }),
    result: v.object({ topics: v.array(ForumTopic), count: v.number() }),
    auth: true,
    errors: [NOT_IN_CHANNEL, NOT_FORUM],
  }),
  /** Unpins every pinned message of a chat, or of one forum topic (`top_msg_id`; General is 1). */
  "messages.unpinAllMessages": method({
    params: v.object({ peer: Peer, top_msg_id: v.optional(TopicId) }),
    result: v.object({ updates: v.array(Update) }),
    auth: true,
    errors: [NOT_IN_CHAT, NOT_IN_CHANNEL, "403 CHAT_ADMIN_REQUIRED", NOT_FORUM, NO_TOPIC],
  }),
};
