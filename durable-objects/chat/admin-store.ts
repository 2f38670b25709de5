/** Where a chat keeps its admins' rights and custom titles (core/chat/admin-rights.ts has the rules). */
import type { AdminRights } from "../../protocol/model/chat.ts";
import { migrate, one, run } from "../sql.ts";

const adminSchema = [
  "CREATE TABLE IF NOT EXISTS admin_rights (user_id INTEGER PRIMARY KEY, rights TEXT, rank TEXT NOT NULL DEFAULT '')",
];

export const initAdmins = (sql: SqlStorage) => migrate(sql, adminSchema);

/** The admin's stored rights (null: promoted with the defaults) and custom title. */
export function storedAdmin(sql: SqlStorage, userId: number): { rights: AdminRights | null; rank: string } {
  const row = one<{ rights: string | null; rank: string }>(
    sql,
    "SELECT rights, rank FROM admin_rights WHERE user_id = ?",
    userId,
  );
  return { rights: row?.rights ? (JSON.parse(row.rights) as AdminRights) : null, rank: row?.rank ?? "" };
}

export function setAdminRights(sql: SqlStorage, userId: number, rights: AdminRights | null): void {
  run(
    sql,
    "INSERT INTO admin_rights (user_id, rights) VALUES (?, ?) ON CONFLICT (user_id) DO UPDATE SET rights = excluded.rights",
    userId,
    rights ? JSON.stringify(rights) : null,
  );
}

export function setRank(sql: SqlStorage, userId: number, rank: string): void {
  run(
    sql,
    "INSERT INTO admin_rights (user_id, rank) VALUES (?, ?) ON CONFLICT (user_id) DO UPDATE SET rank = excluded.rank",
    userId,
    rank,
  );
}

/** A demoted admin (or a member who left) keeps neither rights nor title. */
export const dropAdmin = (sql: SqlStorage, userId: number) =>
  run(sql, "DELETE FROM admin_rights WHERE user_id = ?", userId);
