/** messages.*: sending, editing, deleting, reading and listing messages (Telegram's names). */
import * as v from "valibot";
import { Chat, Dialog } from "../model/chat.ts";
import { InputMediaRef } from "../model/media.ts";
import {
  MAX_CAPTION_LENGTH,
  MAX_MESSAGE_LENGTH,
  Message,
  MessageEntities,
  MessageReplyHeader,
  ReplyMarkup,
} from "../model/message.ts";
import { InputMedia } from "../model/message-media.ts";
import { Peer } from "../model/peer.ts";
import { SendMessageAction, Update } from "../model/update.ts";
import { User } from "../model/user.ts";
import {
  CANNOT_POST,
  FLOOD_WAIT,
  Limit,
  MEDIA_REF,
  method,
  NOT_IN_CHANNEL,
  NOT_IN_CHAT,
  NonNegative,
  SEND_FORBIDDEN,
} from "./define.ts";

/** A client-chosen 64-bit id (decimal string) that makes a send idempotent across retries and reconnects. */
export const RandomId = v.pipe(v.string(), v.regex(/^-?\d{1,20}$/, "RANDOM_ID_INVALID"));
export const MsgId = v.pipe(v.number(), v.integer("MESSAGE_ID_INVALID"), v.minValue(1, "MESSAGE_ID_INVALID"));
const MsgIds = v.pipe(v.array(MsgId), v.minLength(1, "MESSAGE_IDS_EMPTY"), v.maxLength(100, "MESSAGE_IDS_TOO_MUCH"));

export const MessageText = v.pipe(
  v.string("MESSAGE_EMPTY"),
  v.check((s) => s.trim().length > 0, "MESSAGE_EMPTY"),
  v.maxLength(MAX_MESSAGE_LENGTH, "MESSAGE_TOO_LONG"),
);
const Caption = v.pipe(v.string(), v.maxLength(MAX_CAPTION_LENGTH, "MEDIA_CAPTION_TOO_LONG"));

/** What a mutation returns: the updates it caused for the caller (already in their pts sequence). */
export const AffectedUpdates = v.object({ updates: v.array(Update) });
export const SentMessage = v.object({ message: Message, updates: v.array(Update) });

/** A page of messages with the users and chats they mention. */
export const MessagesSlice = v.object({
  messages: v.array(Message),
  /** Messages in the chat visible to the caller (for paging UIs). */
  count: v.number(),
  users: v.array(User),
  chats: v.array(Chat),
});

export const messagesMethods = {
  "messages.sendMessage": method({
    params: v.object({
      peer: Peer,
      message: MessageText,
      entities: v.optional(MessageEntities),
      reply_to: v.optional(MessageReplyHeader),
      random_id: RandomId,
      reply_markup: v.optional(ReplyMarkup),
    }),
    result: SentMessage,
    auth: true,
    errors: [
      ...CANNOT_POST,
      "403 CHAT_SEND_PLAIN_FORBIDDEN",
      "400 ENTITY_BOUNDS_INVALID",
      "400 REPLY_MESSAGE_ID_INVALID",
      FLOOD_WAIT,
    ],
  }),
  /** A file message: the caller's own upload, or any sticker set's sticker. */
  "messages.sendMedia": method({
    params: v.object({
      peer: Peer,
      /** An uploaded file's reference, or a location, venue, contact, dice or poll (message-media.ts). */
      media: InputMedia,
      message: v.optional(Caption, ""),
      entities: v.optional(MessageEntities),
      reply_to: v.optional(MessageReplyHeader),
      random_id: RandomId,
      reply_markup: v.optional(ReplyMarkup),
    }),
    result: SentMessage,
    auth: true,
    errors: [
      ...CANNOT_POST,
      ...SEND_FORBIDDEN,
      ...MEDIA_REF,
      "400 ENTITY_BOUNDS_INVALID",
      "400 REPLY_MESSAGE_ID_INVALID",
      "400 POLL_CLOSE_INVALID",
      "400 BROADCAST_PUBLIC_VOTERS_FORBIDDEN",
      "400 QUIZ_CORRECT_ANSWER_INVALID",
      "400 QUIZ_CORRECT_ANSWERS_EMPTY",
      "400 QUIZ_CORRECT_ANSWERS_TOO_MUCH",
      FLOOD_WAIT,
    ],
  }),
  "messages.editMessage": method({
    params: v.object({
      peer: Peer,
      id: MsgId,
      /** New text (or caption for media). Omit to keep it. */
      message: v.optional(v.pipe(v.string(), v.maxLength(MAX_MESSAGE_LENGTH, "MESSAGE_TOO_LONG"))),
      entities: v.optional(MessageEntities),
      /** Bots: replace the inline keyboard; null removes it. */
      reply_markup: v.optional(v.nullable(ReplyMarkup)),
      /** Replaces the message's file (an uploaded file's reference); a text message may gain one. */
      media: v.optional(InputMediaRef),
    }),
    result: SentMessage,
    auth: true,
    errors: [
      ...CANNOT_POST,
      ...SEND_FORBIDDEN,
      ...MEDIA_REF,
      "400 MESSAGE_NOT_MODIFIED",
      "400 ENTITY_BOUNDS_INVALID",
      "400 MEDIA_CAPTION_TOO_LONG",
      "400 MESSAGE_ID_INVALID",
      "403 MESSAGE_AUTHOR_REQUIRED",
      "400 MESSAGE_EMPTY",
      "400 MESSAGE_EDIT_INVALID",
      "400 GROUPED_MEDIA_INVALID",
    ],
  }),
  "messages.deleteMessages": method({
    params: v.object({
      peer: Peer,
      id: MsgIds,
      /** true: delete for everyone; false: only from the caller's history. */
      revoke: v.optional(v.boolean(), false),
    }),
    result: AffectedUpdates,
    auth: true,
    errors: [NOT_IN_CHAT, NOT_IN_CHANNEL, "400 MESSAGE_ID_INVALID", "403 MESSAGE_DELETE_FORBIDDEN"],
  }),
  "messages.forwardMessages": method({
    params: v.pipe(
      v.object({
        from_peer: Peer,
        to_peer: Peer,
        id: MsgIds,
        /** One per forwarded message, same order. */
        random_id: v.pipe(v.array(RandomId), v.minLength(1), v.maxLength(100)),
      }),
      v.check((p) => p.id.length === p.random_id.length, "RANDOM_ID_INVALID"),
    ),
    result: v.object({ messages: v.array(Message), updates: v.array(Update) }),
    auth: true,
    errors: [...CANNOT_POST, ...SEND_FORBIDDEN, "400 MESSAGE_ID_INVALID", "400 MEDIA_INVALID", FLOOD_WAIT],
  }),
  "messages.sendReaction": method({
    params: v.object({
      peer: Peer,
      msg_id: MsgId,
      /** The caller's reactions (emoji), replacing earlier ones; empty removes. */
      reaction: v.pipe(
        v.array(v.pipe(v.string(), v.minLength(1, "REACTION_INVALID"), v.maxLength(16, "REACTION_INVALID"))),
        v.maxLength(3, "REACTIONS_TOO_MANY"),
      ),
    }),
    result: AffectedUpdates,
    auth: true,
    errors: [NOT_IN_CHAT, NOT_IN_CHANNEL, "400 MESSAGE_ID_INVALID"],
  }),
  "messages.updatePinnedMessage": method({
    params: v.object({ peer: Peer, id: MsgId, unpin: v.optional(v.boolean(), false) }),
    result: AffectedUpdates,
    auth: true,
    errors: [NOT_IN_CHAT, NOT_IN_CHANNEL, "403 CHAT_ADMIN_REQUIRED", "400 MESSAGE_ID_INVALID"],
  }),
  "messages.readHistory": method({
    /** Marks everything up to max_id read (0: everything). */
    params: v.object({ peer: Peer, max_id: v.optional(NonNegative, 0) }),
    result: AffectedUpdates,
    auth: true,
    errors: [NOT_IN_CHAT, NOT_IN_CHANNEL],
  }),
  "messages.setTyping": method({
    params: v.object({ peer: Peer, action: SendMessageAction }),
    result: v.literal(true),
    auth: true,
    errors: [NOT_IN_CHAT, NOT_IN_CHANNEL, "403 CHAT_WRITE_FORBIDDEN"],
  }),
  "messages.getHistory": method({
    /**
     * Telegram's paging: messages with id < offset_id (0: from the newest),
     * shifted by add_offset (negative pages towards newer), newest first.
     */
    params: v.object({
      peer: Peer,
      offset_id: v.optional(NonNegative, 0),
      add_offset: v.optional(
        v.pipe(
          v.number(),
          v.integer("OFFSET_INVALID"),
          v.minValue(-100, "OFFSET_INVALID"),
          v.maxValue(10_000, "OFFSET_INVALID"),
        ),
        0,
      ),
      limit: Limit(100, 20),
      /** Only ids < max_id (0: no bound). */
      max_id: v.optional(NonNegative, 0),
      /** Only ids > min_id. */
      min_id: v.optional(NonNegative, 0),
    }),
    result: MessagesSlice,
    auth: true,
    errors: [NOT_IN_CHAT, NOT_IN_CHANNEL],
  }),
  "messages.getMessages": method({
    params: v.object({ peer: Peer, id: MsgIds }),
    result: MessagesSlice,
    auth: true,
    errors: [NOT_IN_CHAT, NOT_IN_CHANNEL],
  }),
  "messages.search": method({
    /**
     * In one chat when `peer` is given, otherwise across all of the caller's chats; newest first.
     * `filter: "pinned"` keeps pinned messages only (then `q` may be empty: every pinned message).
     */
    params: v.pipe(
      v.object({
        peer: v.optional(Peer),
        q: v.optional(v.pipe(v.string(), v.trim(), v.maxLength(256, "SEARCH_QUERY_INVALID")), ""),
        filter: v.optional(v.picklist(["pinned"], "SEARCH_FILTER_INVALID")),
        offset_id: v.optional(NonNegative, 0),
        limit: Limit(100, 20),
      }),
      v.check((p) => p.q.length > 0 || p.filter === "pinned", "SEARCH_QUERY_EMPTY"),
    ),
    result: MessagesSlice,
    auth: true,
    errors: [NOT_IN_CHAT, NOT_IN_CHANNEL],
  }),
  "messages.getDialogs": method({
    /**
     * Pinned dialogs first (first page only, in pin order), then by last message, newest first. Pass the
     * last unpinned dialog's top message date to page. `folder_id` 0 lists the main list, 1 the archive;
     * without it, both (archived ones carry folder_id 1).
     */
    params: v.object({
      offset_date: v.optional(NonNegative, 0),
      limit: Limit(100, 50),
      folder_id: v.optional(v.picklist([0, 1], "FOLDER_ID_INVALID")),
    }),
    result: v.object({
      dialogs: v.array(Dialog),
      messages: v.array(Message),
      users: v.array(User),
      chats: v.array(Chat),
    }),
    auth: true,
  }),
};
