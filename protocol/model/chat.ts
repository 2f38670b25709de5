/**
 * Groups and channels, and the dialog list. As in Telegram, a private chat is
 * not a Chat: it is addressed by the other User (`Peer` "user").
 */
import * as v from "valibot";
import { Peer } from "./peer.ts";

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
});
export type AdminRights = v.InferOutput<typeof AdminRights>;

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
    about: v.optional(v.string()),
    creator: v.optional(v.boolean()),
    admin_rights: v.optional(AdminRights),
    left: v.optional(v.boolean()),
  }),
]);
export type Chat = v.InferOutput<typeof Chat>;

export const ChatParticipant = v.object({
  user_id: v.number(),
  date: v.number(),
  role: v.picklist(["creator", "admin", "member"]),
});
export type ChatParticipant = v.InferOutput<typeof ChatParticipant>;

export const Dialog = v.object({
  peer: Peer,
  /** Id of the last message in the chat (0 if none). */
  top_message: v.number(),
  read_inbox_max_id: v.number(),
  read_outbox_max_id: v.number(),
  unread_count: v.number(),
  /** Channels only: the channel pts this dialog is at (for updates.getChannelDifference). */
  pts: v.optional(v.number()),
});
export type Dialog = v.InferOutput<typeof Dialog>;
