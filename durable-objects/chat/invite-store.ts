/**
 * Where a chat keeps its invite links and pending join requests (core/chat/invite-links.ts has the
 * rules), in the object's SQLite beside the chat store.
 */
import type { InviteRow, LinkTerms } from "../../core/chat/invite-links.ts";
import { migrate, one, run } from "../sql.ts";

const inviteSchema = [
  `CREATE TABLE IF NOT EXISTS invite_links (
     hash TEXT PRIMARY KEY, admin_id INTEGER NOT NULL, date INTEGER NOT NULL, title TEXT,
     expire_date INTEGER NOT NULL DEFAULT 0, usage_limit INTEGER NOT NULL DEFAULT 0, usage INTEGER NOT NULL DEFAULT 0,
     request_needed INTEGER NOT NULL DEFAULT 0, revoked INTEGER NOT NULL DEFAULT 0, permanent INTEGER NOT NULL DEFAULT 0)`,
  `CREATE TABLE IF NOT EXISTS join_requests (
     user_id INTEGER PRIMARY KEY, hash TEXT NOT NULL, date INTEGER NOT NULL)`,
];

export const initInvites = (sql: SqlStorage) => migrate(sql, inviteSchema);

export const invite = (sql: SqlStorage, hash: string) =>
  one<InviteRow>(sql, "SELECT * FROM invite_links WHERE hash = ?", hash);

export function insertInvite(
  sql: SqlStorage,
  row: { hash: string; admin_id: number; date: number; permanent: boolean } & LinkTerms,
): void {
  run(
    sql,
    `INSERT INTO invite_links (hash, admin_id, date, title, expire_date, usage_limit, request_needed, permanent)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?)`,
    row.hash,
    row.admin_id,
    row.date,
    row.title || null,
    row.expire_date ?? 0,
    row.usage_limit ?? 0,
    row.request_needed ? 1 : 0,
    row.permanent ? 1 : 0,
  );
}

/** Changes the terms given; the others stay as they were. */
export function editInvite(sql: SqlStorage, hash: string, t: LinkTerms): void {
  const now = invite(sql, hash);
  if (!now) return;
  run(
    sql,
    "UPDATE invite_links SET title = ?, expire_date = ?, usage_limit = ?, request_needed = ? WHERE hash = ?",
    t.title !== undefined ? t.title || null : now.title,
    t.expire_date ?? now.expire_date,
    t.usage_limit ?? now.usage_limit,
    t.request_needed !== undefined ? (t.request_needed ? 1 : 0) : now.request_needed,
    hash,
  );
}

export const revokeInvite = (sql: SqlStorage, hash: string) =>
  run(sql, "UPDATE invite_links SET revoked = 1 WHERE hash = ?", hash);

/** The chat's primary link while it is not revoked. */
export const primaryInvite = (sql: SqlStorage) =>
  one<InviteRow>(sql, "SELECT * FROM invite_links WHERE permanent = 1 AND revoked = 0");

/** Counts a join through the link (`by` -1 gives back a join that failed). */
export const countUse = (sql: SqlStorage, hash: string, by: 1 | -1) =>
  run(sql, "UPDATE invite_links SET usage = usage + ? WHERE hash = ?", by, hash);

export const joinRequest = (sql: SqlStorage, userId: number) =>
  one<{ user_id: number; hash: string; date: number }>(sql, "SELECT * FROM join_requests WHERE user_id = ?", userId);

export const addJoinRequest = (sql: SqlStorage, userId: number, hash: string, date: number) =>
  run(sql, "INSERT INTO join_requests (user_id, hash, date) VALUES (?, ?, ?)", userId, hash, date);

export const dropJoinRequest = (sql: SqlStorage, userId: number) =>
  run(sql, "DELETE FROM join_requests WHERE user_id = ?", userId);

export const requestCount = (sql: SqlStorage, hash: string) =>
  one<{ n: number }>(sql, "SELECT count(*) AS n FROM join_requests WHERE hash = ?", hash)?.n ?? 0;
