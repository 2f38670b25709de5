/**
 * Between the internal model and Bot API shapes (@grammyjs/types): peers ↔
 * chat ids (users positive, groups -id, channels -100…id), messages, users,
 * chats, entities and inline keyboards, and internal updates → Bot API updates.
 */
import type {
  InlineKeyboardMarkup,
  ReactionTypeEmoji,
  Chat as TgChat,
  MessageEntity as TgEntity,
  Message as TgMessage,
  Update as TgUpdate,
  User as TgUser,
} from "@grammyjs/types";
import type { Chat } from "../model/chat.ts";
import type { MediaRef } from "../model/media.ts";
import type { Message, MessageEntity, ReplyMarkup } from "../model/message.ts";
import { isFileMedia } from "../model/message-media.ts";
import type { Peer } from "../model/peer.ts";
import type { Update } from "../model/update.ts";
import type { ProfilePhoto, User } from "../model/user.ts";
import { contentFields, tgPoll, tgPollAnswer } from "./convert-content.ts";
import { tgJoinRequest } from "./invite-links.ts";
import { tgMemberUpdate } from "./members.ts";

const CHANNEL_BASE = 1_000_000_000_000;

export function chatIdOf(peer: Peer): number {
  if (peer._ === "user") return peer.id;
  if (peer._ === "chat") return -peer.id;
  return -(CHANNEL_BASE + peer.id);
}

export function peerOf(chatId: number): Peer | null {
  if (!Number.isSafeInteger(chatId) || chatId === 0) return null;
  if (chatId > 0) return { _: "user", id: chatId };
  if (chatId < -CHANNEL_BASE) return { _: "channel", id: -chatId - CHANNEL_BASE };
  return { _: "chat", id: -chatId };
}

export function tgUser(u: User): TgUser {
  const out: TgUser = { id: u.id, is_bot: u.bot === true, first_name: u.first_name };
  if (u.last_name) out.last_name = u.last_name;
  if (u.username) out.username = u.username;
  return out;
}

export function tgPrivateChat(u: User): TgChat.PrivateChat {
  const out: TgChat.PrivateChat = { id: u.id, type: "private", first_name: u.first_name };
  if (u.last_name) out.last_name = u.last_name;
  if (u.username) out.username = u.username;
  return out;
}

export function tgChat(c: Chat): TgChat {
  if (c._ === "chat") return { id: -c.id, type: "group", title: c.title };
  const id = chatIdOf({ _: "channel", id: c.id });
  if (c.broadcast) return { id, type: "channel", title: c.title };
  return { id, type: "supergroup", title: c.title, ...(c.forum ? { is_forum: true as const } : {}) };
}

const ENTITY_TYPES: Record<string, TgEntity["type"]> = {
  messageEntityBold: "bold",
  messageEntityItalic: "italic",
  messageEntityUnderline: "underline",
  messageEntityStrike: "strikethrough",
  messageEntitySpoiler: "spoiler",
  messageEntityCode: "code",
  messageEntityPre: "pre",
  messageEntityBlockquote: "blockquote",
  messageEntityUrl: "url",
  messageEntityTextUrl: "text_link",
  messageEntityEmail: "email",
  messageEntityPhone: "phone_number",
  messageEntityMention: "mention",
  messageEntityMentionName: "text_mention",
  messageEntityHashtag: "hashtag",
  messageEntityCashtag: "cashtag",
  messageEntityBotCommand: "bot_command",
};
const INTERNAL_TYPES = Object.fromEntries(Object.entries(ENTITY_TYPES).map(([k, t]) => [t, k])) as Record<
  string,
  MessageEntity["_"]
>;

export function tgEntities(entities: MessageEntity[], users: Map<number, User>): TgEntity[] {
  return entities.map((e) => {
    const type = ENTITY_TYPES[e._] ?? "bold";
    const base = { offset: e.offset, length: e.length };
    if (e._ === "messageEntityTextUrl") return { type: "text_link", ...base, url: e.url };
    if (e._ === "messageEntityPre")
      return e.language ? { type: "pre", ...base, language: e.language } : { type: "pre", ...base };
    if (e._ === "messageEntityMentionName") {
      const u = users.get(e.user_id);
      return { type: "text_mention", ...base, user: u ? tgUser(u) : { id: e.user_id, is_bot: false, first_name: "" } };
    }
    return { type, ...base } as TgEntity;
  });
}

/** Bot API entities → internal ones; types without an internal equivalent are dropped. */
export function internalEntities(entities: TgEntity[]): MessageEntity[] {
  const out: MessageEntity[] = [];
  for (const e of entities) {
    const kind = INTERNAL_TYPES[e.type];
    if (!kind) continue;
    const base = { offset: e.offset, length: e.length };
    if (e.type === "text_link") out.push({ _: "messageEntityTextUrl", ...base, url: e.url });
    else if (e.type === "pre")
      out.push({ _: "messageEntityPre", ...base, ...(e.language ? { language: e.language } : {}) });
    else if (e.type === "text_mention") out.push({ _: "messageEntityMentionName", ...base, user_id: e.user.id });
    else out.push({ _: kind, ...base } as MessageEntity);
  }
  return out;
}

const COMMAND = /(^|\s)(\/[a-zA-Z0-9_]{1,32}(?:@[a-zA-Z0-9_]{3,32})?)(?=$|\s)/g;

/** Telegram's server marks bot commands itself; clients send them as plain text. */
export function withCommandEntities(text: string, entities: MessageEntity[]): MessageEntity[] {
  if (!text.includes("/") || entities.some((e) => e._ === "messageEntityBotCommand")) return entities;
  const found: MessageEntity[] = [];
  for (const m of text.matchAll(COMMAND)) {
    const offset = (m.index ?? 0) + (m[1] as string).length;
    found.push({ _: "messageEntityBotCommand", offset, length: (m[2] as string).length });
  }
  return found.length ? [...found, ...entities].sort((a, b) => a.offset - b.offset) : entities;
}

export function tgKeyboard(m: ReplyMarkup): InlineKeyboardMarkup {
  return {
    inline_keyboard: m.rows.map((row) =>
      row.map((b) =>
        "callback_data" in b ? { text: b.text, callback_data: b.callback_data } : { text: b.text, url: b.url },
      ),
    ),
  };
}

/** file_id carries what the media service needs to authorize a read: media id, access hash, and a stored thumbnail's size. */
export interface FileRef {
  media_id: string;
  access_hash: string;
  thumb_size?: "s" | "m" | "x";
}
export const fileIdOf = (m: FileRef) => `${m.media_id}.${m.access_hash}${m.thumb_size ? `.${m.thumb_size}` : ""}`;
export function parseFileId(fileId: string): FileRef | null {
  const m = /^([A-Za-z0-9_-]{16,64})\.([A-Za-z0-9_-]{16,128})(?:\.([smx]))?$/.exec(fileId);
  if (!m) return null;
  return {
    media_id: m[1] as string,
    access_hash: m[2] as string,
    ...(m[3] ? { thumb_size: m[3] as "s" | "m" | "x" } : {}),
  };
}

/** A photo as Telegram gives it: the stored thumbnails smaller than the original, ascending, then the original. */
function photoSizes(media: MediaRef & { w: number; h: number }) {
  const ref = { media_id: media.media_id, access_hash: media.access_hash };
  const stored = media.thumbnails.filter(
    (t): t is typeof t & { type: "s" | "m" | "x" } => t.type !== "i" && Math.max(t.w, t.h) < Math.max(media.w, media.h),
  );
  return [
    ...stored
      .sort((a, b) => a.w * a.h - b.w * b.h)
      .map((t) => ({
        file_id: fileIdOf({ ...ref, thumb_size: t.type }),
        file_unique_id: `${media.media_id}_${t.type}`,
        file_size: t.size,
        width: t.w,
        height: t.h,
      })),
    { file_id: fileIdOf(ref), file_unique_id: media.media_id, file_size: media.size, width: media.w, height: media.h },
  ];
}

/** A profile photo as getUserProfilePhotos lists it: its sizes, or the original alone when they are unknown. */
export function tgProfilePhoto(p: ProfilePhoto) {
  const ref = { media_id: p.media_id, access_hash: p.access_hash };
  if (p.sizes) return photoSizes({ ...ref, mime_type: "image/jpeg", ...p.sizes });
  return [{ file_id: fileIdOf(ref), file_unique_id: p.media_id, width: 0, height: 0 }];
}

/** A chat's photo as the Bot API's ChatPhoto: its smallest stored size and the original. */
export function tgChatPhoto(p: ProfilePhoto) {
  const sizes = tgProfilePhoto(p);
  const small = sizes[0] as { file_id: string; file_unique_id: string };
  const big = sizes.at(-1) as { file_id: string; file_unique_id: string };
  return {
    small_file_id: small.file_id,
    small_file_unique_id: small.file_unique_id,
    big_file_id: big.file_id,
    big_file_unique_id: big.file_unique_id,
  };
}

function mediaFields(media: MediaRef): Partial<TgMessage> {
  const file = { file_id: fileIdOf(media), file_unique_id: media.media_id, file_size: media.size };
  if (media.mime_type.startsWith("image/") && media.mime_type !== "image/gif" && media.w && media.h) {
    return { photo: photoSizes({ ...media, w: media.w, h: media.h }) };
  }
  const doc = { ...file, mime_type: media.mime_type, ...(media.name ? { file_name: media.name } : {}) };
  if (media.mime_type.startsWith("video/") && media.w && media.h)
    return { video: { ...doc, width: media.w, height: media.h, duration: 0 } };
  const audio = media.audio;
  if (audio?.voice) return { voice: { ...file, mime_type: media.mime_type, duration: audio.duration } };
  if (media.mime_type.startsWith("audio/") || audio) {
    const track = {
      ...(audio?.title ? { title: audio.title } : {}),
      ...(audio?.performer ? { performer: audio.performer } : {}),
    };
    return { audio: { ...doc, duration: audio?.duration ?? 0, ...track } };
  }
  return { document: doc };
}

/** What converting needs beyond the message: its users and chats, as the bot sees them. */
export interface Directory {
  users: Map<number, User>;
  chats: Map<string, Chat>;
}

const chatKey = (p: Peer) => `${p._}:${p.id}`;

export function tgChatOf(peer: Peer, dir: Directory): TgChat {
  if (peer._ === "user") {
    const u = dir.users.get(peer.id);
    return u ? tgPrivateChat(u) : { id: peer.id, type: "private", first_name: "" };
  }
  const c = dir.chats.get(chatKey(peer));
  if (c) return tgChat(c);
  return peer._ === "chat"
    ? { id: chatIdOf(peer), type: "group", title: "" }
    : { id: chatIdOf(peer), type: "supergroup", title: "" };
}

/** An internal message (as the bot sees it) in Bot API shape. */
export function tgMessage(m: Message, dir: Directory, replyTo?: Message): TgMessage {
  const chat = tgChatOf(m.peer_id, dir);
  const out: Record<string, unknown> = { message_id: m.id, date: m.date, chat };
  if (m.from_id !== undefined) {
    const u = dir.users.get(m.from_id);
    out.from = u ? tgUser(u) : { id: m.from_id, is_bot: false, first_name: "" };
  } else if (chat.type !== "private") out.sender_chat = chat;
  const entities = withCommandEntities(m.message, m.entities ?? []);
  if (m.media && !isFileMedia(m.media)) Object.assign(out, contentFields(m.media));
  else if (m.media) {
    Object.assign(out, mediaFields(m.media));
    if (m.message) out.caption = m.message;
    if (entities.length) out.caption_entities = tgEntities(entities, dir.users);
  } else if (m.message) {
    out.text = m.message;
    if (entities.length) out.entities = tgEntities(entities, dir.users);
  }
  if (m.edit_date) out.edit_date = m.edit_date;
  if (m.grouped_id) out.media_group_id = m.grouped_id;
  const via = m.via_bot_id !== undefined ? dir.users.get(m.via_bot_id) : undefined;
  if (via) out.via_bot = tgUser(via);
  if (m.reply_markup) out.reply_markup = tgKeyboard(m.reply_markup);
  // A message in a forum topic: its thread is the topic's id (a topic's creation message is its own).
  if (m.reply_to?.forum_topic) {
    out.message_thread_id = m.reply_to.reply_to_top_id ?? m.reply_to.reply_to_msg_id;
    out.is_topic_message = true;
  } else if (m.action?._ === "messageActionTopicCreate") {
    out.message_thread_id = m.id;
    out.is_topic_message = true;
  }
  if (replyTo) out.reply_to_message = tgMessage(replyTo, dir);
  else if (m.reply_to)
    out.reply_to_message = { message_id: m.reply_to.reply_to_msg_id, date: 0, chat } satisfies Partial<TgMessage>;
  if (m.fwd_from) {
    const from = m.fwd_from.from_id !== undefined ? dir.users.get(m.fwd_from.from_id) : undefined;
    out.forward_origin = from
      ? { type: "user", date: m.fwd_from.date, sender_user: tgUser(from) }
      : { type: "hidden_user", date: m.fwd_from.date, sender_user_name: "" };
  }
  if (m.action) Object.assign(out, actionFields(m.action, dir, m.from_id));
  return out as unknown as TgMessage;
}

function actionFields(a: NonNullable<Message["action"]>, dir: Directory, from?: number): Record<string, unknown> {
  const user = (id: number) => {
    const u = dir.users.get(id);
    return u ? tgUser(u) : { id, is_bot: false, first_name: "" };
  };
  switch (a._) {
    case "messageActionChatCreate":
      return { group_chat_created: true };
    case "messageActionChannelCreate":
      return { channel_chat_created: true };
    case "messageActionChatAddUser":
      return { new_chat_members: a.users.map(user) };
    case "messageActionChatDeleteUser":
      return { left_chat_member: user(a.user_id) };
    // Joined by an invite link: the sender is who joined, as Telegram's new_chat_members shows.
    case "messageActionChatJoinedByLink":
      return { new_chat_members: from === undefined ? [] : [user(from)] };
    case "messageActionChatEditTitle":
      return { new_chat_title: a.title };
    case "messageActionChatEditPhoto":
      return { new_chat_photo: tgProfilePhoto(a.photo) };
    case "messageActionChatDeletePhoto":
      return { delete_chat_photo: true };
    case "messageActionTopicCreate":
      return {
        forum_topic_created: {
          name: a.title,
          icon_color: a.icon_color,
          ...(a.icon_emoji_id ? { icon_custom_emoji_id: a.icon_emoji_id } : {}),
        },
      };
    case "messageActionTopicEdit":
      return topicEditFields(a);
    default:
      return {};
  }
}

/** A topic's change as the Bot API's service message fields (General's hiding has its own). */
function topicEditFields(a: Extract<NonNullable<Message["action"]>, { _: "messageActionTopicEdit" }>) {
  if (a.hidden !== undefined)
    return a.hidden ? { general_forum_topic_hidden: {} } : { general_forum_topic_unhidden: {} };
  if (a.closed !== undefined) return a.closed ? { forum_topic_closed: {} } : { forum_topic_reopened: {} };
  return {
    forum_topic_edited: {
      ...(a.title !== undefined ? { name: a.title } : {}),
      ...(a.icon_emoji_id !== undefined ? { icon_custom_emoji_id: a.icon_emoji_id } : {}),
    },
  };
}

/** The peers and users an update mentions, for the caller to look up before converting. */
export function mentions(u: Update): { users: number[]; peers: Peer[] } {
  if (u._ === "updateChatParticipant")
    return { users: [u.actor_id, u.user_id, ...(u.invite ? [u.invite.admin_id] : [])], peers: [u.peer] };
  if (u._ === "updateBotMessageReaction") return { users: [u.actor_id], peers: [u.peer] };
  if (u._ === "updateBotChatInviteRequester") return { users: [u.user_id, u.invite.admin_id], peers: [u.peer] };
  if (u._ === "updateMessagePollVote") return { users: [u.peer.id], peers: [] };
  if (!("message" in u)) return { users: [], peers: "peer" in u ? [u.peer] : [] };
  const m = u.message;
  const users = [m.from_id, m.fwd_from?.from_id, m.peer_id._ === "user" ? m.peer_id.id : undefined, m.via_bot_id];
  for (const e of m.entities ?? []) if (e._ === "messageEntityMentionName") users.push(e.user_id);
  if (m.action && "users" in m.action) users.push(...m.action.users);
  if (m.action && "user_id" in m.action) users.push(m.action.user_id);
  return { users: users.filter((x): x is number => x !== undefined), peers: [m.peer_id] };
}

/** Updates that never become a Bot API update: the bot's own messages (and their edits) and pin service messages. */
export function skippedForBots(u: Update): boolean {
  switch (u._) {
    case "updateNewMessage":
    case "updateNewChannelMessage":
      return u.message.out === true || u.message.action?._ === "messageActionPinMessage";
    case "updateEditMessage":
    case "updateEditChannelMessage":
      return u.message.out === true;
    default:
      return false;
  }
}

/** Internal updates for the bot → Bot API update bodies (without update_id). Messages the bot sent are skipped. */
export function tgUpdates(updates: Update[], dir: Directory, me?: User): Omit<TgUpdate, "update_id">[] {
  const self = me ? tgUser(me) : { id: 0, is_bot: true, first_name: "" };
  const out: Omit<TgUpdate, "update_id">[] = [];
  for (const u of updates) {
    switch (u._) {
      case "updateNewMessage":
      case "updateNewChannelMessage": {
        if (skippedForBots(u)) break;
        const msg = tgMessage(u.message, dir);
        out.push(
          (msg.chat.type === "channel" ? { channel_post: msg } : { message: msg }) as Omit<TgUpdate, "update_id">,
        );
        break;
      }
      case "updateEditMessage":
      case "updateEditChannelMessage": {
        if (skippedForBots(u)) break;
        const msg = tgMessage(u.message, dir);
        out.push(
          (msg.chat.type === "channel" ? { edited_channel_post: msg } : { edited_message: msg }) as Omit<
            TgUpdate,
            "update_id"
          >,
        );
        break;
      }
      case "updateMessageReactions": {
        out.push({
          message_reaction_count: {
            chat: tgChatOf(u.peer, dir),
            message_id: u.msg_id,
            date: Math.floor(Date.now() / 1000),
            reactions: u.reactions.results.map((r) => ({
              type: { type: "emoji", emoji: r.reaction } as never,
              total_count: r.count,
            })),
          },
        });
        break;
      }
      case "updateMessagePoll":
        // Every member gets `min` counts; only the poll's author gets full results, so only its bot sees `poll`.
        if (!u.results.min) out.push({ poll: tgPoll(u.poll, u.results) });
        break;
      case "updateMessagePollVote": {
        const voter = dir.users.get(u.peer.id);
        out.push({
          poll_answer: tgPollAnswer(
            u.poll_id,
            voter ? tgUser(voter) : { id: u.peer.id, is_bot: false, first_name: "" },
            u.options,
          ),
        });
        break;
      }
      // my_chat_member and chat_member come from updateChatParticipant (members.ts), not from updateChat.
      case "updateChatParticipant":
        out.push(tgMemberUpdate(u, dir, self.id));
        break;
      case "updateBotChatInviteRequester":
        out.push({ chat_join_request: tgJoinRequest(u, dir, self.id) });
        break;
      case "updateBotMessageReaction": {
        const actor = dir.users.get(u.actor_id);
        const emoji = (list: string[]) => list.map((e) => ({ type: "emoji", emoji: e }) as ReactionTypeEmoji);
        out.push({
          message_reaction: {
            chat: tgChatOf(u.peer, dir),
            message_id: u.msg_id,
            user: actor ? tgUser(actor) : { id: u.actor_id, is_bot: false, first_name: "" },
            date: u.date,
            old_reaction: emoji(u.old_reactions),
            new_reaction: emoji(u.new_reactions),
          },
        });
        break;
      }
      default:
        break;
    }
  }
  return out;
}
