/**
 * Invite links as rules: a link's hash names its chat (so a stranger's importChatInvite reaches the
 * right object) behind a random part only the chat's SQLite knows; who may manage links; when a link
 * still admits anyone. Where links are kept: durable-objects/chat/invite-store.ts.
 */
import { Errors } from "../../protocol/errors.ts";
import type { ExportedChatInvite } from "../../protocol/model/invite.ts";
import type { ChatKind } from "./keys.ts";
import type { MemberRow, MetaRow } from "./rows.ts";

/** A link's row as stored in the chat. */
export interface InviteRow {
  hash: string;
  admin_id: number;
  date: number;
  title: string | null;
  expire_date: number;
  usage_limit: number;
  usage: number;
  request_needed: number;
  revoked: number;
  permanent: number;
}

/** What a link's creator may choose (absent: unchanged on edit, none on create). */
export interface LinkTerms {
  title?: string | undefined;
  expire_date?: number | undefined;
  usage_limit?: number | undefined;
  request_needed?: boolean | undefined;
}

const SECRET_CHARS = 16;
const ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
const HASH = /^([A-Za-z0-9_-]{16})([cg])([0-9a-z]{1,12})$/;

/** A fresh hash for a group (`g`) or channel (`c`): 16 random characters, then the chat it leads to. */
export function newInviteHash(kind: "chat" | "channel", chatId: number): string {
  const bytes = crypto.getRandomValues(new Uint8Array(SECRET_CHARS));
  let secret = "";
  for (const b of bytes) secret += ALPHABET[b & 63];
  return `${secret}${kind === "channel" ? "c" : "g"}${chatId.toString(36)}`;
}

/** The hash in a link (`https://<any host>/+<hash>`, `…/joinchat/<hash>`) or a bare hash. */
export function hashOfLink(link: string): string {
  const m = /(?:\/\+|\/joinchat\/)([^/?#]+)\/?$/.exec(link.trim());
  return m?.[1] ?? link.trim();
}

/** The chat key a hash leads to, or INVITE_HASH_INVALID for anything that cannot be a hash of ours. */
export function chatKeyOfHash(hash: string): { key: string; kind: ChatKind } {
  const m = HASH.exec(hash);
  const id = m ? Number.parseInt(m[3] as string, 36) : 0;
  if (!m || !Number.isSafeInteger(id) || id < 1) throw Errors.badRequest("INVITE_HASH_INVALID");
  const kind = m[2] === "c" ? "channel" : "chat";
  return { key: `${kind}:${id}`, kind };
}

/** Links are made on the host clients and bots reach the server at (PUBLIC_HOST; `npm start`'s by default). */
export function linkOf(host: string | undefined, hash: string): string {
  return `https://${host || "localhost:8787"}/+${hash}`;
}

/** Managing links and join requests takes an admin of a group or channel (Telegram's can_invite_users). */
export function requireCanManageInvites(m: MetaRow, me: MemberRow): void {
  if (m.kind === "private") throw Errors.badRequest("PEER_ID_INVALID");
  if (me.role === "member") throw Errors.forbidden("CHAT_ADMIN_REQUIRED");
}

/** A link's terms must make sense together: a link that needs approval counts no joins, and it must not be over already. */
export function checkTerms(t: LinkTerms, now: number): void {
  if (t.expire_date && t.expire_date <= now) throw Errors.badRequest("EXPIRE_DATE_INVALID");
  if (t.request_needed && t.usage_limit) throw Errors.badRequest("USAGE_LIMIT_INVALID");
}

/** Refuses a link that no longer admits anyone: revoked, past its date, or used up. */
export function requireUsable(row: InviteRow | null, now: number): InviteRow {
  if (!row) throw Errors.badRequest("INVITE_HASH_INVALID");
  if (row.revoked || (row.expire_date && row.expire_date <= now) || (row.usage_limit && row.usage >= row.usage_limit))
    throw Errors.badRequest("INVITE_HASH_EXPIRED");
  return row;
}

/** A stored link as the wire shows it. */
export function renderInvite(row: InviteRow, requested: number, host: string | undefined): ExportedChatInvite {
  return {
    link: linkOf(host, row.hash),
    hash: row.hash,
    admin_id: row.admin_id,
    date: row.date,
    ...(row.title ? { title: row.title } : {}),
    ...(row.expire_date ? { expire_date: row.expire_date } : {}),
    ...(row.usage_limit ? { usage_limit: row.usage_limit } : {}),
    usage: row.usage,
    requested,
    request_needed: row.request_needed === 1,
    revoked: row.revoked === 1,
    permanent: row.permanent === 1,
  };
}
