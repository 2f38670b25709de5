/**
 * Admin rights (Telegram's chatAdminRights) as rules: what an admin may do, what they may grant,
 * and a custom title's limits. Where they are kept: durable-objects/chat/admin-store.ts.
 */
import { Errors } from "../../protocol/errors.ts";
import type { AdminRights } from "../../protocol/model/chat.ts";
import type { MemberRow } from "./rows.ts";

export type AdminRight = Exclude<keyof AdminRights, "anonymous">;

/** Everything; the creator holds this. */
export const CREATOR_RIGHTS: AdminRights = {
  change_info: true,
  delete_messages: true,
  invite_users: true,
  pin_messages: true,
  add_admins: true,
  ban_users: true,
  manage_topics: true,
  post_messages: true,
  edit_messages: true,
  manage_call: true,
  other: true,
};

/** An admin promoted without a list of rights (channels.editAdmin with is_admin only) gets all but adding admins. */
export const DEFAULT_ADMIN_RIGHTS: AdminRights = { ...CREATOR_RIGHTS, add_admins: false };

/** Telegram's limit on an admin's custom title. */
export const MAX_RANK = 16;

/** What the member may do as an admin, or null for a plain member. */
export function adminRightsOf(me: MemberRow | null, stored: AdminRights | null): AdminRights | null {
  if (!me || me.role === "member") return null;
  if (me.role === "creator") return CREATOR_RIGHTS;
  return stored ?? DEFAULT_ADMIN_RIGHTS;
}

/** Refuses an action that takes an admin right the member lacks. */
export function requireAdminRight(rights: AdminRights | null, right: AdminRight): void {
  if (!rights?.[right]) throw Errors.forbidden("CHAT_ADMIN_REQUIRED");
}

/** The rights a promotion asks for, complete (unnamed ones not granted); every one must be the granter's own. */
export function grantedRights(granter: AdminRights, asked: Partial<AdminRights>): AdminRights {
  const out: AdminRights = {
    change_info: false,
    delete_messages: false,
    invite_users: false,
    pin_messages: false,
    add_admins: false,
  };
  for (const [k, val] of Object.entries(asked)) {
    if (val !== true) continue;
    if (k !== "anonymous" && !granter[k as AdminRight]) throw Errors.forbidden("RIGHT_FORBIDDEN");
    out[k as keyof AdminRights] = true;
  }
  return out;
}

/** A promotion that grants nothing is a demotion, as in Telegram. */
export const grantsNothing = (r: AdminRights) => !Object.values(r).some((x) => x === true);

/** A custom title: at most 16 characters, no emoji. */
export function checkRank(rank: string): string {
  const r = rank.trim();
  if ([...r].length > MAX_RANK) throw Errors.badRequest("ADMIN_RANK_INVALID");
  if (/\p{Extended_Pictographic}/u.test(r)) throw Errors.badRequest("ADMIN_RANK_EMOJI_NOT_ALLOWED");
  return r;
}
