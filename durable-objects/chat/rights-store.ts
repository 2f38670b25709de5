/**
 * Where a chat keeps its banned rights (core/chat/rights.ts has the rules): per-member
 * restrictions with their end date, and the chat's default rights, in the object's SQLite.
 */
import { effectiveRights, normalized, restricts } from "../../core/chat/rights.ts";
import type { ChatBannedRights } from "../../protocol/model/chat.ts";
import { all, migrate, one, run } from "../sql.ts";
import { type MemberRow, type MetaRow, unixNow } from "./store.ts";

const rightsSchema = [
  "CREATE TABLE IF NOT EXISTS banned (user_id INTEGER PRIMARY KEY, rights TEXT NOT NULL, until INTEGER NOT NULL)",
  "CREATE TABLE IF NOT EXISTS default_rights (one INTEGER PRIMARY KEY CHECK (one = 1), rights TEXT NOT NULL)",
];

export const initRights = (sql: SqlStorage) => migrate(sql, rightsSchema);

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

/** Everyone with a ban row (removed or restricted, expired rows included until read), by id. */
export const bannedIds = (sql: SqlStorage) =>
  all<{ user_id: number }>(sql, "SELECT user_id FROM banned ORDER BY user_id").map((r) => r.user_id);

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

/** What `me` may not do here (core/chat/rights.ts effectiveRights over the stored rows). */
export function rightsOf(sql: SqlStorage, m: MetaRow, me: MemberRow): ChatBannedRights {
  if (m.kind === "private" || me.role !== "member") return { until_date: 0 };
  return effectiveRights(m, me, defaultRights(sql), bannedOf(sql, me.user_id));
}

/** Banned (view_messages): out of the chat and kept out until the ban ends or an admin lifts it. */
export const isBanned = (sql: SqlStorage, userId: number) => bannedOf(sql, userId)?.view_messages === true;
