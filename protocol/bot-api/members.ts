/** Chat members in Bot API shape (ChatMember), from the messenger's participants; and chat_member / my_chat_member updates. */
import type { ChatMember, ChatMemberUpdated } from "@grammyjs/types";
import type { ChatParticipant } from "../model/chat.ts";
import type { Update } from "../model/update.ts";
import type { User } from "../model/user.ts";
import { type Directory, tgChatOf, tgUser } from "./convert.ts";
import { tgInviteLink } from "./invite-links.ts";
import { permissionsOf } from "./permissions.ts";

/** A participant (or a non-member: undefined) as the Bot API's ChatMember. */
export function tgChatMember(p: ChatParticipant | undefined, user: User): ChatMember {
  const u = tgUser(user);
  if (!p) return { status: "left", user: u };
  if (p.banned_rights?.view_messages) return { status: "kicked", user: u, until_date: p.banned_rights.until_date ?? 0 };
  const title = p.rank ? { custom_title: p.rank } : {};
  if (p.role === "creator") return { status: "creator", user: u, is_anonymous: false, ...title };
  if (p.role === "admin") {
    const r = p.admin_rights;
    return {
      status: "administrator",
      user: u,
      can_be_edited: false,
      is_anonymous: r?.anonymous ?? false,
      can_manage_chat: r?.other ?? true,
      can_delete_messages: r?.delete_messages ?? true,
      can_manage_video_chats: r?.manage_call ?? false,
      can_restrict_members: r?.ban_users ?? true,
      can_promote_members: r?.add_admins ?? false,
      can_change_info: r?.change_info ?? true,
      can_invite_users: r?.invite_users ?? true,
      can_post_stories: false,
      can_edit_stories: false,
      can_delete_stories: false,
      can_pin_messages: r?.pin_messages ?? true,
      can_manage_topics: r?.manage_topics ?? false,
      ...title,
    } as ChatMember;
  }
  if (p.banned_rights)
    return {
      status: "restricted",
      user: u,
      is_member: true,
      ...permissionsOf(p.banned_rights),
      until_date: p.banned_rights.until_date ?? 0,
    } as ChatMember;
  return { status: "member", user: u };
}

const unknownUser = (id: number): User => ({ id, first_name: "" });

/** A member's change as the bot sees it: my_chat_member when the bot itself changed, chat_member otherwise. */
export function tgMemberUpdate(
  u: Extract<Update, { _: "updateChatParticipant" }>,
  dir: Directory,
  botId: number,
): { my_chat_member: ChatMemberUpdated } | { chat_member: ChatMemberUpdated } {
  const user = dir.users.get(u.user_id) ?? unknownUser(u.user_id);
  const actor = dir.users.get(u.actor_id) ?? unknownUser(u.actor_id);
  const change: ChatMemberUpdated = {
    chat: tgChatOf(u.peer, dir),
    from: tgUser(actor),
    date: u.date,
    old_chat_member: tgChatMember(u.prev_participant, user),
    new_chat_member: tgChatMember(u.new_participant, user),
    ...(u.invite ? { invite_link: tgInviteLink(u.invite, dir, botId) } : {}),
  };
  return u.user_id === botId ? { my_chat_member: change } : { chat_member: change };
}
