/**
 * Messages as the API returns them: text with Telegram-style entities, an
 * optional reply header, media, reactions and a bot keyboard. Message ids are
 * per chat (each chat numbers its own messages from 1).
 */
import * as v from "valibot";
import { DecimalId } from "./ids.ts";
import { MessageMedia } from "./message-media.ts";
import { Peer } from "./peer.ts";
import { ProfilePhoto } from "./user.ts";

export const MAX_MESSAGE_LENGTH = 4096;
export const MAX_CAPTION_LENGTH = 1024;
export const MAX_ENTITIES = 100;

const Offset = v.pipe(v.number(), v.integer("ENTITY_BOUNDS_INVALID"), v.minValue(0, "ENTITY_BOUNDS_INVALID"));
const Length = v.pipe(v.number(), v.integer("ENTITY_BOUNDS_INVALID"), v.minValue(1, "ENTITY_BOUNDS_INVALID"));
const Span = { offset: Offset, length: Length };
const HttpUrl = v.pipe(
  v.string(),
  v.maxLength(2048, "ENTITY_URL_INVALID"),
  v.regex(/^(https?|tg):\/\/\S+$/i, "ENTITY_URL_INVALID"),
);

/** Formatting and links inside a message's text; offsets and lengths count UTF-16 code units, as Telegram's. */
export const MessageEntity = v.variant("_", [
  v.object({ _: v.literal("messageEntityBold"), ...Span }),
  v.object({ _: v.literal("messageEntityItalic"), ...Span }),
  v.object({ _: v.literal("messageEntityUnderline"), ...Span }),
  v.object({ _: v.literal("messageEntityStrike"), ...Span }),
  v.object({ _: v.literal("messageEntitySpoiler"), ...Span }),
  v.object({ _: v.literal("messageEntityCode"), ...Span }),
  v.object({ _: v.literal("messageEntityPre"), ...Span, language: v.optional(v.pipe(v.string(), v.maxLength(32))) }),
  v.object({ _: v.literal("messageEntityBlockquote"), ...Span }),
  v.object({ _: v.literal("messageEntityUrl"), ...Span }),
  v.object({ _: v.literal("messageEntityTextUrl"), ...Span, url: HttpUrl }),
  v.object({ _: v.literal("messageEntityEmail"), ...Span }),
  v.object({ _: v.literal("messageEntityPhone"), ...Span }),
  v.object({ _: v.literal("messageEntityMention"), ...Span }),
  v.object({ _: v.literal("messageEntityMentionName"), ...Span, user_id: v.number() }),
  v.object({ _: v.literal("messageEntityHashtag"), ...Span }),
  v.object({ _: v.literal("messageEntityCashtag"), ...Span }),
  v.object({ _: v.literal("messageEntityBotCommand"), ...Span }),
]);
export type MessageEntity = v.InferOutput<typeof MessageEntity>;

export const MessageEntities = v.pipe(v.array(MessageEntity), v.maxLength(MAX_ENTITIES, "ENTITIES_TOO_LONG"));

/** An inline keyboard button: either sends `callback_data` to the bot or opens `url`. */
export const KeyboardButton = v.union([
  v.object({
    text: v.pipe(v.string(), v.minLength(1, "BUTTON_TEXT_INVALID"), v.maxLength(64, "BUTTON_TEXT_INVALID")),
    callback_data: v.pipe(v.string(), v.minLength(1, "BUTTON_DATA_INVALID"), v.maxLength(64, "BUTTON_DATA_INVALID")),
  }),
  v.object({
    text: v.pipe(v.string(), v.minLength(1, "BUTTON_TEXT_INVALID"), v.maxLength(64, "BUTTON_TEXT_INVALID")),
    url: HttpUrl,
  }),
]);
export type KeyboardButton = v.InferOutput<typeof KeyboardButton>;

/** A bot's inline keyboard: rows of buttons attached under a message. */
export const ReplyMarkup = v.object({
  _: v.literal("replyInlineMarkup"),
  rows: v.pipe(
    v.array(
      v.pipe(v.array(KeyboardButton), v.minLength(1, "REPLY_MARKUP_INVALID"), v.maxLength(8, "REPLY_MARKUP_INVALID")),
    ),
    v.maxLength(100, "REPLY_MARKUP_INVALID"),
  ),
});
export type ReplyMarkup = v.InferOutput<typeof ReplyMarkup>;

/**
 * What a message answers. In a forum, a message in a topic carries `forum_topic`; `reply_to_msg_id`
 * is then the topic's id (its creation message) unless it replies to another message of the topic,
 * whose id `reply_to_top_id` then is. Sending with only the topic's id as `reply_to_msg_id` (or with
 * `reply_to_top_id`) posts into the topic, as in Telegram.
 */
export const MessageReplyHeader = v.object({
  reply_to_msg_id: v.number(),
  reply_to_top_id: v.optional(v.number()),
  forum_topic: v.optional(v.boolean()),
});
export type MessageReplyHeader = v.InferOutput<typeof MessageReplyHeader>;

export const MessageFwdHeader = v.object({
  /** The original author (user id); for channel posts, the channel in `from_peer`. */
  from_id: v.optional(v.number()),
  from_peer: v.optional(Peer),
  date: v.number(),
});
export type MessageFwdHeader = v.InferOutput<typeof MessageFwdHeader>;

export const ReactionCount = v.object({
  reaction: v.string(),
  count: v.number(),
  /** Set when the viewing user chose this reaction. */
  chosen: v.optional(v.boolean()),
});
export const MessageReactions = v.object({
  results: v.array(ReactionCount),
  /** Counts only, as pushed to every member: a client keeps the `chosen` marks it already knows. */
  min: v.optional(v.boolean()),
});
export type MessageReactions = v.InferOutput<typeof MessageReactions>;

/** What a service message records (group created, member added …). */
export const MessageAction = v.variant("_", [
  v.object({ _: v.literal("messageActionChatCreate"), title: v.string(), users: v.array(v.number()) }),
  v.object({ _: v.literal("messageActionChannelCreate"), title: v.string() }),
  v.object({ _: v.literal("messageActionChatAddUser"), users: v.array(v.number()) }),
  v.object({ _: v.literal("messageActionChatDeleteUser"), user_id: v.number() }),
  v.object({ _: v.literal("messageActionChatJoinedByLink") }),
  v.object({ _: v.literal("messageActionChatEditTitle"), title: v.string() }),
  v.object({ _: v.literal("messageActionPinMessage") }),
  v.object({ _: v.literal("messageActionChatEditPhoto"), photo: ProfilePhoto }),
  v.object({ _: v.literal("messageActionChatDeletePhoto") }),
  /** A forum topic was created: this message's id is the topic's id. */
  v.object({
    _: v.literal("messageActionTopicCreate"),
    title: v.string(),
    icon_color: v.number(),
    icon_emoji_id: v.optional(v.string()),
  }),
  /** A forum topic was renamed, given another icon, closed or reopened, hidden or shown. */
  v.object({
    _: v.literal("messageActionTopicEdit"),
    title: v.optional(v.string()),
    icon_emoji_id: v.optional(v.string()),
    closed: v.optional(v.boolean()),
    hidden: v.optional(v.boolean()),
  }),
]);
export type MessageAction = v.InferOutput<typeof MessageAction>;

export const Message = v.object({
  /** Per-chat id, increasing by one within the chat. */
  id: v.number(),
  /** The chat the message is in, as the viewer addresses it (a private chat by the other user). */
  peer_id: Peer,
  /** The author; absent on channel posts (which speak as the channel). */
  from_id: v.optional(v.number()),
  /** Unix seconds. */
  date: v.number(),
  message: v.string(),
  /** Sent by the viewer. */
  out: v.optional(v.boolean()),
  /** A channel post. */
  post: v.optional(v.boolean()),
  entities: v.optional(v.array(MessageEntity)),
  reply_to: v.optional(MessageReplyHeader),
  fwd_from: v.optional(MessageFwdHeader),
  /** A file (MediaRef) or a location, venue, contact, dice or poll (message-media.ts). */
  media: v.optional(MessageMedia),
  reply_markup: v.optional(ReplyMarkup),
  reactions: v.optional(MessageReactions),
  pinned: v.optional(v.boolean()),
  edit_date: v.optional(v.number()),
  /** Set on service messages; `message` is then empty. */
  action: v.optional(MessageAction),
  views: v.optional(v.number()),
  /** Messages of one album (messages.sendMultiMedia) share this id. */
  grouped_id: v.optional(DecimalId),
  /** Posted through a bot's inline mode ("via @bot"). */
  via_bot_id: v.optional(v.number()),
});
export type Message = v.InferOutput<typeof Message>;
