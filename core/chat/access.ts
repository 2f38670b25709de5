/**
 * Who may do what in a chat, over rows already read. Non-members learn nothing: the same error as
 * for a chat that does not exist.
 *
 * One style for every entry point: the object first resolves the caller (`Membership.enter`: the
 * chat and the caller's member row, creating a private chat on first use), then these rules run on
 * what it returned. That replaced a second, synchronous `requireMember(sql, …)` used by the
 * membership methods: it answered a private chat that had no row yet as "not a member" while the
 * message methods created it, so the same caller got different answers for the same chat.
 */
import { Errors, type RpcError } from "../../protocol/errors.ts";
import { parseChatKey } from "./keys.ts";
import type { MemberRow, MetaRow } from "./rows.ts";

export function notMember(key: string): RpcError {
  return parseChatKey(key).kind === "channel"
    ? Errors.badRequest("CHANNEL_PRIVATE")
    : Errors.badRequest("PEER_ID_INVALID");
}

/** The chat and the caller's membership, or the not-a-member error. */
export function requireMember(key: string, m: MetaRow | null, me: MemberRow | null): { m: MetaRow; me: MemberRow } {
  if (!m || !me) throw notMember(key);
  return { m, me };
}

export const isAdmin = (me: MemberRow) => me.role !== "member";
export const isBroadcast = (m: MetaRow) => m.kind === "channel" && !m.megagroup;

export function requireAdmin(me: MemberRow): void {
  if (!isAdmin(me)) throw Errors.forbidden("CHAT_ADMIN_REQUIRED");
}

export function requireCreator(me: MemberRow): void {
  if (me.role !== "creator") throw Errors.forbidden("CHAT_ADMIN_REQUIRED");
}

export function requireCanPost(m: MetaRow, me: MemberRow): void {
  if (isBroadcast(m) && !isAdmin(me)) throw Errors.forbidden("CHAT_WRITE_FORBIDDEN");
}

/** The other user of a private chat (oneself in a chat with oneself). */
export function otherUserOf(m: MetaRow, me: MemberRow): number {
  const k = parseChatKey(m.key);
  return (k.id === me.user_id ? k.other : k.id) as number;
}

/** In a private chat, either side having blocked the other stops messages; `other` is the other side's row. */
export function requireNotBlocked(m: MetaRow, me: MemberRow, other: MemberRow | null): void {
  if (m.kind !== "private") return;
  if (me.blocks_other) throw Errors.badRequest("YOU_BLOCKED_USER");
  if (other && other.user_id !== me.user_id && other.blocks_other) throw Errors.badRequest("USER_IS_BLOCKED");
}

/** Deleting for everyone: one's own messages, anything in a private chat, others' messages only by admins. */
export function requireMayDelete(m: MetaRow, me: MemberRow, allMine: boolean, forEveryone: boolean): void {
  if (forEveryone && !allMine && m.kind !== "private" && !isAdmin(me))
    throw Errors.forbidden("MESSAGE_DELETE_FORBIDDEN");
}

/** Removing someone else takes an admin, and nobody removes the creator. */
export function requireMayRemove(me: MemberRow, target: MemberRow): void {
  if (target.user_id !== me.user_id && (!isAdmin(me) || target.role === "creator"))
    throw Errors.forbidden("CHAT_ADMIN_REQUIRED");
}
