/**
 * Banned rights (Telegram's chatBannedRights): per-member restrictions and the
 * chat's default rights, kept in the chat object's SQLite, and the checks every
 * send/edit/pin/invite path runs. Admins are never restricted.
 */
import { Errors } from "../../protocol/errors.ts";
import type { ChatBannedRights } from "../../protocol/model/chat.ts";
import { one, run } from "../sql.ts";
import { type MemberRow, type MetaRow, unixNow } from "./store.ts";

export const rightsSchema = [
  "CREATE TABLE IF NOT EXISTS banned (user_id INTEGER PRIMARY KEY, rights TEXT NOT NULL, until INTEGER NOT NULL)",
  "CREATE TABLE IF NOT EXISTS default_rights (one INTEGER PRIMARY KEY CHECK (one = 1), rights TEXT NOT NULL)",
];

type Flag = Exclude<keyof ChatBannedRights, "until_date">;

/** Only the flags that are set, so stored and rendered rights compare by value. */
export function normalized(r: ChatBannedRights): ChatBannedRights {
  const out: ChatBannedRights = { until_date: r.until_date ?? 0 };
  for (const [k, val] of Object.entries(r)) if (k !== "until_date" && val === true) out[k as Flag] = true;
  return out;
}

export const restricts = (r: ChatBannedRights) => Object.keys(normalized(r)).length > 1;

/** A member's own restrictions while they last; an expired row is dropped on the way. */
export function bannedOf(sql: SqlStorage, userId: number, now = unixNow()): ChatBannedRights | null {
  const row = one<{ rights: string; until: number }>(sql, "SELECT rights, until FROM banned WHERE user_id = ?", userId);
  if (!row) return null;
  if (row.until !== 0 && row.until <= now) {
    run(sql, "DELETE FROM banned WHERE user_id = ?", userId);
    return null;
  }
  return JSON.parse(row.rights) as ChatBannedRights;
}

/** Sets (or, with no flag set, lifts) a member's restrictions. */
export function setBanned(sql: SqlStorage, userId: number, rights: ChatBannedRights): void {
  const r = normalized(rights);
  if (!restricts(r)) run(sql, "DELETE FROM banned WHERE user_id = ?", userId);
  else
    run(
      sql,
      "INSERT INTO banned (user_id, rights, until) VALUES (?, ?, ?) ON CONFLICT (user_id) DO UPDATE SET rights = excluded.rights, until = excluded.until",
      userId,
      JSON.stringify(r),
      r.until_date ?? 0,
    );
}

export const dropBanned = (sql: SqlStorage, userId: number) => run(sql, "DELETE FROM banned WHERE user_id = ?", userId);

export function defaultRights(sql: SqlStorage): ChatBannedRights | null {
  const row = one<{ rights: string }>(sql, "SELECT rights FROM default_rights");
  return row ? (JSON.parse(row.rights) as ChatBannedRights) : null;
}

export function setDefaultRights(sql: SqlStorage, rights: ChatBannedRights): void {
  const r = { ...normalized(rights), until_date: 0 };
  if (!restricts(r)) run(sql, "DELETE FROM default_rights");
  else
    run(
      sql,
      "INSERT INTO default_rights (one, rights) VALUES (1, ?) ON CONFLICT (one) DO UPDATE SET rights = excluded.rights",
      JSON.stringify(r),
    );
}

/** What a member may not do: the chat's defaults plus their own restrictions; nothing for admins and private chats. */
export function effective(sql: SqlStorage, m: MetaRow, me: MemberRow): ChatBannedRights {
  if (m.kind === "private" || me.role !== "member") return { until_date: 0 };
  return { ...(defaultRights(sql) ?? {}), ...(bannedOf(sql, me.user_id) ?? {}), until_date: 0 };
}

type MediaKind = "photos" | "videos" | "audios" | "voices" | "docs" | "stickers" | "gifs";

/** The kind a file is sent as, from its MIME type (what the per-kind rights forbid). */
export function mediaKindOf(mime: string): MediaKind {
  if (mime === "image/gif") return "gifs";
  if (mime === "image/webp") return "stickers";
  if (mime.startsWith("image/")) return "photos";
  if (mime.startsWith("video/")) return "videos";
  if (mime === "audio/ogg") return "voices";
  if (mime.startsWith("audio/")) return "audios";
  return "docs";
}

/** What a message is, for the rights: text, a file of some kind, a poll, or a file not yet known (`true`). */
type Sending = { mime_type: string } | { _: string } | true | null | undefined;

/**
 * Refuses a message the member may not send, with Telegram's errors: everything
 * forbidden → CHAT_WRITE_FORBIDDEN; text, locations, venues and contacts →
 * CHAT_SEND_PLAIN_FORBIDDEN; a poll → CHAT_SEND_POLL_FORBIDDEN; a dice →
 * CHAT_SEND_STICKERS_FORBIDDEN; any file → CHAT_SEND_MEDIA_FORBIDDEN, one kind →
 * CHAT_SEND_<KIND>_FORBIDDEN. `true` means "some file, kind not known yet".
 */
export function requireCanSend(sql: SqlStorage, m: MetaRow, me: MemberRow, media: Sending): void {
  const r = effective(sql, m, me);
  if (r.send_messages) throw Errors.forbidden("CHAT_WRITE_FORBIDDEN");
  if (media && media !== true && "_" in media) {
    if (media._ === "messageMediaPoll" && r.send_polls) throw Errors.forbidden("CHAT_SEND_POLL_FORBIDDEN");
    if (media._ === "messageMediaDice" && r.send_stickers) throw Errors.forbidden("CHAT_SEND_STICKERS_FORBIDDEN");
    if (media._ !== "messageMediaPoll" && media._ !== "messageMediaDice" && r.send_plain)
      throw Errors.forbidden("CHAT_SEND_PLAIN_FORBIDDEN");
    return;
  }
  if (!media) {
    if (r.send_plain) throw Errors.forbidden("CHAT_SEND_PLAIN_FORBIDDEN");
    return;
  }
  if (r.send_media) throw Errors.forbidden("CHAT_SEND_MEDIA_FORBIDDEN");
  if (media === true) return;
  const kind = mediaKindOf(media.mime_type);
  if (r[`send_${kind}`]) throw Errors.forbidden(`CHAT_SEND_${kind.toUpperCase()}_FORBIDDEN`);
}

/** Pinning and inviting by plain members obey the chat's rights too. */
export function requireRight(sql: SqlStorage, m: MetaRow, me: MemberRow, flag: "pin_messages" | "invite_users"): void {
  if (effective(sql, m, me)[flag]) throw Errors.forbidden("CHAT_ADMIN_REQUIRED");
}

/** Banned (view_messages): out of the chat and kept out until the ban ends or an admin lifts it. */
export const isBanned = (sql: SqlStorage, userId: number) => bannedOf(sql, userId)?.view_messages === true;
