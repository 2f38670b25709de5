/**
 * Groups and channels, and the dialog list. As in Telegram, a private chat is
 * not a Chat: it is addressed by the other User (`Peer` "user").
 */
import * as v from "valibot";
import { Peer } from "./peer.ts";
import { ProfilePhoto } from "./user.ts";

export const ChatTitle = v.pipe(
  v.string(),
  v.trim(),
  v.minLength(1, "CHAT_TITLE_EMPTY"),
  v.maxLength(128, "CHAT_TITLE_INVALID"),
);

/** What the viewing member may do beyond posting. */
export const AdminRights = v.object({
  change_info: v.boolean(),
  delete_messages: v.boolean(),
  invite_users: v.boolean(),
  pin_messages: v.boolean(),
  add_admins: v.boolean(),
  /** Telegram's chatAdminRights beyond the five every admin view carries; absent means not granted. */
  ban_users: v.optional(v.boolean()),
  manage_topics: v.optional(v.boolean()),
  post_messages: v.optional(v.boolean()),
  edit_messages: v.optional(v.boolean()),
  manage_call: v.optional(v.boolean()),
  anonymous: v.optional(v.boolean()),
  /** Telegram's "other": can_manage_chat. */
  other: v.optional(v.boolean()),
});
export type AdminRights = v.InferOutput<typeof AdminRights>;

/**
 * Telegram's chatBannedRights: each flag set FORBIDS the action. `send_messages`
 * forbids every message, `send_plain` text only, `send_media` every file and the
 * per-kind flags one kind. `until_date` (unix seconds) 0 means forever.
 */
export const ChatBannedRights = v.object({
  /** Banned: removed from the chat and kept out of it (channels and supergroups). */
  view_messages: v.optional(v.boolean()),
  send_messages: v.optional(v.boolean()),
  send_plain: v.optional(v.boolean()),
  send_media: v.optional(v.boolean()),
  send_photos: v.optional(v.boolean()),
  send_videos: v.optional(v.boolean()),
  send_roundvideos: v.optional(v.boolean()),
  send_audios: v.optional(v.boolean()),
  send_voices: v.optional(v.boolean()),
  send_docs: v.optional(v.boolean()),
  send_stickers: v.optional(v.boolean()),
  send_gifs: v.optional(v.boolean()),
  send_polls: v.optional(v.boolean()),
  embed_links: v.optional(v.boolean()),
  invite_users: v.optional(v.boolean()),
  pin_messages: v.optional(v.boolean()),
  change_info: v.optional(v.boolean()),
  until_date: v.optional(v.pipe(v.number(), v.integer("UNTIL_DATE_INVALID"), v.minValue(0, "UNTIL_DATE_INVALID")), 0),
});
export type ChatBannedRights = v.InferOutput<typeof ChatBannedRights>;

export const Chat = v.variant("_", [
  /** A basic group (up to 200 members); every member's updates go through their own pts. */
  v.object({
    _: v.literal("chat"),
    id: v.number(),
    title: v.string(),
    participants_count: v.number(),
    date: v.number(),
    creator: v.optional(v.boolean()),
    /** The viewer is an admin. */
    admin: v.optional(v.boolean()),
    /** The viewer is no longer a member. */
    left: v.optional(v.boolean()),
    about: v.optional(v.string()),
    /** The chat's photo (messages.editChatPhoto), readable by anyone signed in. */
    photo: v.optional(ProfilePhoto),
    /** What every non-admin member may not do (messages.editChatDefaultBannedRights). */
    default_banned_rights: v.optional(ChatBannedRights),
  }),
  /** A channel (broadcast) or supergroup (`megagroup`); it has its own pts. */
  v.object({
    _: v.literal("channel"),
    id: v.number(),
    title: v.string(),
    participants_count: v.number(),
    date: v.number(),
    broadcast: v.optional(v.boolean()),
    megagroup: v.optional(v.boolean()),
    /** Anyone may join by id. */
    public: v.optional(v.boolean()),
    /** A supergroup whose messages are organised in forum topics (channels.toggleForum). */
    forum: v.optional(v.boolean()),
    about: v.optional(v.string()),
    photo: v.optional(ProfilePhoto),
    creator: v.optional(v.boolean()),
    admin_rights: v.optional(AdminRights),
    left: v.optional(v.boolean()),
    default_banned_rights: v.optional(ChatBannedRights),
    /** The viewer's own restrictions (channels.editBanned), while they last. */
    banned_rights: v.optional(ChatBannedRights),
  }),
]);
export type Chat = v.InferOutput<typeof Chat>;

export const ChatParticipant = v.object({
  user_id: v.number(),
  date: v.number(),
  role: v.picklist(["creator", "admin", "member"]),
  /** An admin's rights, and the custom title (Telegram's rank) an admin or the creator carries. */
  admin_rights: v.optional(AdminRights),
  rank: v.optional(v.string()),
  /** A restricted member's rights (supergroups), while they last. */
  banned_rights: v.optional(ChatBannedRights),
});
export type ChatParticipant = v.InferOutput<typeof ChatParticipant>;

/** A chat's notification settings for one user (Telegram's PeerNotifySettings); absent fields are the defaults. */
export const PeerNotifySettings = v.object({
  /** Unix seconds until which the chat is muted; MUTE_FOREVER is "until unmuted". */
  mute_until: v.optional(v.number()),
  /** Notifications arrive without sound. */
  silent: v.optional(v.boolean()),
});
export type PeerNotifySettings = v.InferOutput<typeof PeerNotifySettings>;

/** Telegram's "muted forever": the largest 32-bit date. */
export const MUTE_FOREVER = 2147483647;

/** Folder ids: the main chat list and the archive. */
export const MAIN_FOLDER = 0;
export const ARCHIVE_FOLDER = 1;

export const Dialog = v.object({
  peer: Peer,
  /** Id of the last message in the chat (0 if none). */
  top_message: v.number(),
  read_inbox_max_id: v.number(),
  read_outbox_max_id: v.number(),
  unread_count: v.number(),
  /** Channels only: the channel pts this dialog is at (for updates.getChannelDifference). */
  pts: v.optional(v.number()),
  /** Pinned in its folder (pinned dialogs come first, in pin order). */
  pinned: v.optional(v.boolean()),
  /** ARCHIVE_FOLDER when archived; absent in the main list. */
  folder_id: v.optional(v.number()),
  /** Present when the user changed the defaults (muted, silent). */
  notify_settings: v.optional(PeerNotifySettings),
});
export type Dialog = v.InferOutput<typeof Dialog>;
