/** Invite links to a group or channel (Telegram's exportedChatInvite / chatInvite) and what a link shows before joining. */
import * as v from "valibot";
import { Chat } from "./chat.ts";

export const ExportedChatInvite = v.object({
  /** `https://<host>/+<hash>`: the host is the server's PUBLIC_HOST. */
  link: v.string(),
  hash: v.string(),
  /** The admin who made the link. */
  admin_id: v.number(),
  date: v.number(),
  title: v.optional(v.string()),
  /** Unix time after which the link no longer works; absent: never expires. */
  expire_date: v.optional(v.number()),
  /** How many may join through it; absent: no limit. */
  usage_limit: v.optional(v.number()),
  /** How many joined through it. */
  usage: v.number(),
  /** Join requests waiting for an admin. */
  requested: v.number(),
  /** Joining files a request an admin approves or declines. */
  request_needed: v.boolean(),
  revoked: v.boolean(),
  /** The chat's primary link (messages.exportChatInvite with legacy_revoke_permanent). */
  permanent: v.boolean(),
});
export type ExportedChatInvite = v.InferOutput<typeof ExportedChatInvite>;

/** messages.checkChatInvite: the chat itself for a member, else what a stranger may see before joining. */
export const ChatInvite = v.variant("_", [
  v.object({ _: v.literal("chatInviteAlready"), chat: Chat }),
  v.object({
    _: v.literal("chatInvite"),
    title: v.string(),
    about: v.optional(v.string()),
    participants_count: v.number(),
    channel: v.boolean(),
    broadcast: v.boolean(),
    megagroup: v.boolean(),
    request_needed: v.boolean(),
  }),
]);
export type ChatInvite = v.InferOutput<typeof ChatInvite>;
