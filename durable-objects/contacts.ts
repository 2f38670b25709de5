/** A user's address book and block list, in their UserObject's SQLite. */
import { all, migrate, run } from "./sql.ts";

const contactsSchema = [
  "CREATE TABLE IF NOT EXISTS contacts (user_id INTEGER PRIMARY KEY, first_name TEXT, last_name TEXT)",
  "CREATE TABLE IF NOT EXISTS blocked (user_id INTEGER PRIMARY KEY, at INTEGER NOT NULL)",
];

export const initContacts = (sql: SqlStorage) => migrate(sql, contactsSchema);

export const addContact = (sql: SqlStorage, userId: number, first?: string, last?: string) =>
  run(
    sql,
    `INSERT INTO contacts (user_id, first_name, last_name) VALUES (?, ?, ?)
     ON CONFLICT (user_id) DO UPDATE SET first_name = excluded.first_name, last_name = excluded.last_name`,
    userId,
    first ?? null,
    last ?? null,
  );
export const deleteContact = (sql: SqlStorage, userId: number) =>
  run(sql, "DELETE FROM contacts WHERE user_id = ?", userId);
export const contactIds = (sql: SqlStorage) =>
  all<{ user_id: number }>(sql, "SELECT user_id FROM contacts ORDER BY user_id").map((r) => r.user_id);

export const block = (sql: SqlStorage, userId: number) =>
  run(sql, "INSERT OR IGNORE INTO blocked (user_id, at) VALUES (?, ?)", userId, Date.now());
export const unblock = (sql: SqlStorage, userId: number) => run(sql, "DELETE FROM blocked WHERE user_id = ?", userId);
export const blockedIds = (sql: SqlStorage) =>
  all<{ user_id: number }>(sql, "SELECT user_id FROM blocked ORDER BY at DESC").map((r) => r.user_id);
