/** Invite links (ChatInviteLink) and join requests (chat_join_request) in Bot API shape. */
import type { ChatInviteLink, ChatJoinRequest } from "@grammyjs/types";
import type { ExportedChatInvite } from "../model/invite.ts";
import type { Update } from "../model/update.ts";
import { type Directory, tgChatOf, tgUser } from "./convert.ts";

/**
 * A link as `viewer` (the bot) sees it: a link another admin made shows only the start of its hash,
 * followed by "...", as Telegram does.
 */
export function tgInviteLink(i: ExportedChatInvite, dir: Directory, viewer: number): ChatInviteLink {
  const creator = dir.users.get(i.admin_id);
  const link =
    i.admin_id === viewer ? i.link : `${i.link.slice(0, i.link.length - i.hash.length)}${i.hash.slice(0, 8)}...`;
  return {
    invite_link: link,
    creator: creator ? tgUser(creator) : { id: i.admin_id, is_bot: false, first_name: "" },
    creates_join_request: i.request_needed,
    is_primary: i.permanent,
    is_revoked: i.revoked,
    ...(i.title ? { name: i.title } : {}),
    ...(i.expire_date ? { expire_date: i.expire_date } : {}),
    ...(i.usage_limit ? { member_limit: i.usage_limit } : {}),
    ...(i.request_needed ? { pending_join_request_count: i.requested } : {}),
  };
}

/** A user's request to join, for the chat's admin bots. */
export function tgJoinRequest(
  u: Extract<Update, { _: "updateBotChatInviteRequester" }>,
  dir: Directory,
  viewer: number,
): ChatJoinRequest {
  const from = dir.users.get(u.user_id);
  return {
    chat: tgChatOf(u.peer, dir) as ChatJoinRequest["chat"],
    from: from ? tgUser(from) : { id: u.user_id, is_bot: false, first_name: "" },
    user_chat_id: u.user_id,
    date: u.date,
    ...(u.about ? { bio: u.about } : {}),
    invite_link: tgInviteLink(u.invite, dir, viewer),
  };
}
