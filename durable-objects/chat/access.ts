/** Who may do what in a chat. Non-members learn nothing: the same error as for a chat that does not exist. */
import { Errors, type RpcError } from "../../protocol/errors.ts";
import { parseChatKey } from "./keys.ts";
import { type MemberRow, type MetaRow, member, meta } from "./store.ts";

export function notMember(key: string): RpcError {
  return parseChatKey(key).kind === "channel"
    ? Errors.badRequest("CHANNEL_PRIVATE")
    : Errors.badRequest("PEER_ID_INVALID");
}

/** The chat and the caller's membership, or the not-a-member error. */
export function requireMember(sql: SqlStorage, key: string, userId: number): { m: MetaRow; me: MemberRow } {
  const m = meta(sql);
  const me = m ? member(sql, userId) : null;
  if (!m || !me) throw notMember(key);
  return { m, me };
}

export const isAdmin = (me: MemberRow) => me.role !== "member";
export const isBroadcast = (m: MetaRow) => m.kind === "channel" && !m.megagroup;

export function requireAdmin(me: MemberRow): void {
  if (!isAdmin(me)) throw Errors.forbidden("CHAT_ADMIN_REQUIRED");
}

export function requireCanPost(m: MetaRow, me: MemberRow): void {
  if (isBroadcast(m) && !isAdmin(me)) throw Errors.forbidden("CHAT_WRITE_FORBIDDEN");
}

/** In a private chat, either side having blocked the other stops messages. */
export function requireNotBlocked(sql: SqlStorage, m: MetaRow, me: MemberRow): void {
  if (m.kind !== "private") return;
  if (me.blocks_other) throw Errors.badRequest("YOU_BLOCKED_USER");
  const other = (parseChatKey(m.key).id === me.user_id ? parseChatKey(m.key).other : parseChatKey(m.key).id) as number;
  if (other !== me.user_id && member(sql, other)?.blocks_other) throw Errors.badRequest("USER_IS_BLOCKED");
}
