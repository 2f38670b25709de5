/**
 * How the chat's stored rows look to one viewer: messages (with live poll results and reactions),
 * the Chat itself, participants, and a member's channel dialog. Reads only; rendering rules are in
 * core/chat/render.ts.
 */
import { isBroadcast, notMember } from "../../core/chat/access.ts";
import { adminRightsOf } from "../../core/chat/admin-rights.ts";
import { PARTICIPANTS_PAGE_MAX } from "../../core/chat/limits.ts";
import { renderChat, renderMessage } from "../../core/chat/render.ts";
import { Errors } from "../../protocol/errors.ts";
import type { AdminRights, Chat, ChatParticipant } from "../../protocol/model/chat.ts";
import type { Message } from "../../protocol/model/message.ts";
import { isPollMedia } from "../../protocol/model/message-media.ts";
import * as admins from "./admin-store.ts";
import { chatPhoto } from "./chat-photo.ts";
import * as polls from "./poll-store.ts";
import { readOutboxOf } from "./read-marks.ts";
import * as rights from "./rights-store.ts";
import type { ChatScope } from "./scope.ts";
import * as store from "./store.ts";
import * as topics from "./topic-store.ts";

/** Which members channels.getParticipants lists. */
export type ParticipantsFilter = "recent" | "admins" | "kicked" | "banned";

export class ChatViews {
  private readonly sql: SqlStorage;

  constructor(scope: ChatScope) {
    this.sql = scope.sql;
  }

  /** The group or channel as `userId` sees it (their own restrictions included). */
  chatFor(userId: number): Chat {
    const m = store.meta(this.sql) as store.MetaRow;
    const me = store.member(this.sql, userId);
    const chat = renderChat(m, store.memberCount(this.sql), me);
    const dflt = rights.defaultRights(this.sql);
    if (dflt) chat.default_banned_rights = dflt;
    if (chat._ === "channel" && topics.isForum(this.sql)) chat.forum = true;
    const photo = chatPhoto(this.sql);
    if (photo) chat.photo = photo;
    if (chat._ === "channel" && me && me.role !== "member") {
      const own = adminRightsOf(me, admins.storedAdmin(this.sql, userId).rights);
      if (own) chat.admin_rights = own;
    }
    const mine = me && chat._ === "channel" && me.role === "member" ? rights.bannedOf(this.sql, userId) : null;
    if (mine && chat._ === "channel") chat.banned_rights = mine;
    return chat;
  }

  /** A member as participant lists show them (with their restrictions), or undefined for a non-member. */
  participantOf(userId: number): ChatParticipant | undefined {
    const p = store.member(this.sql, userId);
    if (!p) {
      const ban = rights.bannedOf(this.sql, userId);
      return ban?.view_messages
        ? { user_id: userId, date: store.unixNow(), role: "member", banned_rights: ban }
        : undefined;
    }
    return this.participant(p);
  }

  /** A member row as a participant: a plain member's restrictions, an admin's rights and title. */
  private participant(p: store.MemberRow): ChatParticipant {
    if (p.role === "member") {
      const banned = rights.bannedOf(this.sql, p.user_id);
      return { user_id: p.user_id, date: p.joined, role: p.role, ...(banned ? { banned_rights: banned } : {}) };
    }
    const stored = admins.storedAdmin(this.sql, p.user_id);
    return {
      user_id: p.user_id,
      date: p.joined,
      role: p.role,
      admin_rights: adminRightsOf(p, stored.rights) as AdminRights,
      ...(stored.rank ? { rank: stored.rank } : {}),
    };
  }

  /**
   * The chat as the caller sees it: members always; anyone for a public channel. Every member is listed
   * up to PARTICIPANTS_PAGE_MAX; a bigger supergroup or channel lists its admins and the caller, so a
   * bot's getChatMember in a channel of 100,000 reads a handful of rows (the rest: participantsPage).
   */
  fullChat(key: string, userId: number): { chat: Chat; participants: ChatParticipant[] } {
    const m = this.visibleMeta(key, userId);
    const chat = this.chatFor(userId);
    const me = store.member(this.sql, userId);
    if (isBroadcast(m) && !me) return { chat, participants: [] };
    const count = chat._ === "channel" ? chat.participants_count : PARTICIPANTS_PAGE_MAX;
    const rows = count <= PARTICIPANTS_PAGE_MAX ? store.members(this.sql) : withRow(store.staff(this.sql), me);
    return { chat, participants: rows.map((p) => this.participant(p)) };
  }

  /**
   * A page of a supergroup's or channel's members by id (channels.getParticipants): every member, the
   * admins, or, for admins, the removed (`kicked`) or restricted (`banned`) users; `among` keeps those
   * users only (a name search the caller resolved). Listed to whoever may see fullChat's list.
   */
  participantsPage(
    key: string,
    userId: number,
    page: { filter: ParticipantsFilter; offset: number; limit: number; among?: number[] },
  ): { count: number; participants: ChatParticipant[] } {
    const m = this.visibleMeta(key, userId);
    if (m.kind !== "channel") throw Errors.badRequest("CHANNEL_INVALID");
    const me = store.member(this.sql, userId);
    if (isBroadcast(m) && !me) return { count: 0, participants: [] };
    const limit = Math.min(Math.max(page.limit, 0), PARTICIPANTS_PAGE_MAX);
    const offset = Math.max(page.offset, 0);
    if (page.filter === "recent" && !page.among) {
      const rows = store.memberPage(this.sql, offset, limit);
      return { count: store.memberCount(this.sql), participants: rows.map((p) => this.participant(p)) };
    }
    const chosen = this.chosenParticipants(page.filter, me, page.among);
    return { count: chosen.length, participants: chosen.slice(offset, offset + limit) };
  }

  private chosenParticipants(filter: ParticipantsFilter, me: store.MemberRow | null, among?: number[]) {
    const keep = (id: number) => !among || among.includes(id);
    if (filter === "kicked" || filter === "banned") {
      // Telegram lists bans to admins only.
      if (!me || me.role === "member") throw Errors.forbidden("CHAT_ADMIN_REQUIRED");
      return rights
        .bannedIds(this.sql)
        .filter(keep)
        .map((id) => this.participantOf(id))
        .filter(
          (p): p is ChatParticipant => !!p?.banned_rights && !!p.banned_rights.view_messages === (filter === "kicked"),
        );
    }
    const rows = among ? store.membersAmong(this.sql, among) : store.staff(this.sql);
    return rows.filter((p) => filter === "recent" || p.role !== "member").map((p) => this.participant(p));
  }

  /**
   * The chat alone, under fullChat's access rule: what a difference or history names beside its
   * messages. Reads no member list, so it costs the same in a channel of 100,000 as of 10.
   */
  chatSeenBy(key: string, userId: number): Chat {
    this.visibleMeta(key, userId);
    return this.chatFor(userId);
  }

  private visibleMeta(key: string, userId: number): store.MetaRow {
    const m = store.meta(this.sql);
    if (!m || m.kind === "private" || (!store.member(this.sql, userId) && !(m.public && m.kind === "channel")))
      throw notMember(key);
    return m;
  }

  /** A member's dialog state for a channel (channels keep no per-user log). */
  channelDialog(userId: number) {
    const me = store.member(this.sql, userId);
    const top = store.topMessage(this.sql);
    const read = me?.read_inbox_max_id ?? 0;
    return {
      top_message: top?.id ?? 0,
      top_date: top?.date ?? 0,
      read_inbox_max_id: read,
      read_outbox_max_id: readOutboxOf(this.sql, userId),
      unread_count: store.unreadAfter(this.sql, userId, read),
      pts: store.meta(this.sql)?.pts ?? 0,
    };
  }

  /** A message in the neutral form shared logs carry (no viewer: no `out`, poll counts as `min`). */
  neutral(id: number): Message {
    const m = store.meta(this.sql) as store.MetaRow;
    const row = store.message(this.sql, id) as store.MessageRow;
    return this.withPoll(renderMessage(m, row, null, store.reactionRows(this.sql, [id])), null);
  }

  message(id: number, viewer: number): Message {
    const row = store.message(this.sql, id);
    if (!row) throw Errors.badRequest("MESSAGE_ID_INVALID");
    return this.messages([row], viewer)[0] as Message;
  }

  messages(rows: store.MessageRow[], viewer: number): Message[] {
    const m = store.meta(this.sql) as store.MetaRow;
    const reactions = store.reactionRows(
      this.sql,
      rows.map((r) => r.id),
    );
    return rows.map((r) => this.withPoll(renderMessage(m, r, viewer, reactions), viewer));
  }

  /** A poll's message carries the live results as `viewer` sees them (the stored media is a snapshot). */
  withPoll(msg: Message, viewer: number | null): Message {
    if (!isPollMedia(msg.media)) return msg;
    const p = polls.pollOf(this.sql, msg.id);
    return p ? { ...msg, media: polls.mediaFor(this.sql, p, viewer) } : msg;
  }
}

/** The rows with `me` among them, in id order (the caller's own row beside a big chat's admins). */
function withRow(rows: store.MemberRow[], me: store.MemberRow | null): store.MemberRow[] {
  if (!me || rows.some((r) => r.user_id === me.user_id)) return rows;
  return [...rows, me].sort((a, b) => a.user_id - b.user_id);
}
