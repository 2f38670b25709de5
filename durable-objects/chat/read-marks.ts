/**
 * A supergroup's or channel's outbox read mark (how far the others have read) kept in its meta row: the
 * highest read mark, whose it is, and the highest of anyone else's. A member's read_outbox_max_id is then
 * one row, not a scan of every member row at each join, dialog list and read (100,000 at a big channel).
 */
import { all, one, run } from "../sql.ts";

export function initReadMarks(sql: SqlStorage): void {
  const cols = all<{ name: string }>(sql, "PRAGMA table_info(meta)");
  if (cols.some((c) => c.name === "max_reader")) return;
  sql.exec("ALTER TABLE meta ADD COLUMN max_reader INTEGER NOT NULL DEFAULT 0");
  sql.exec("ALTER TABLE meta ADD COLUMN second_read INTEGER NOT NULL DEFAULT 0");
  // Once, for a chat made before the marks were kept: from its members' read marks as they stand.
  const top = all<{ user_id: number; read_inbox_max_id: number }>(
    sql,
    "SELECT user_id, read_inbox_max_id FROM members ORDER BY read_inbox_max_id DESC, user_id LIMIT 2",
  );
  run(
    sql,
    "UPDATE meta SET max_read = ?, max_reader = ?, second_read = ?",
    top[0]?.read_inbox_max_id ?? 0,
    top[0]?.user_id ?? 0,
    top[1]?.read_inbox_max_id ?? 0,
  );
}

/**
 * `userId` has read up to `upTo`: raises the marks it passes. Writes the meta row only when it does
 * (about once per new message, by its first reader), so most reads cost nothing here.
 */
export function noteRead(sql: SqlStorage, userId: number, upTo: number): void {
  const m = marks(sql);
  if (!m) return;
  if (upTo > m.max_read) {
    // A new leader: the old leader's mark becomes the best of the others, unless the leader is the same.
    const second = m.max_reader === userId ? m.second_read : m.max_read;
    run(sql, "UPDATE meta SET max_read = ?, max_reader = ?, second_read = ?", upTo, userId, second);
  } else if (m.max_reader !== userId && upTo > m.second_read) {
    run(sql, "UPDATE meta SET second_read = ?", upTo);
  }
}

/** How far the others have read: read_outbox_max_id of `userId`'s dialog (a reader who left still read). */
export function readOutboxOf(sql: SqlStorage, userId: number): number {
  const m = marks(sql);
  if (!m) return 0;
  return m.max_reader === userId ? m.second_read : m.max_read;
}

function marks(sql: SqlStorage) {
  return one<{ max_read: number; max_reader: number; second_read: number }>(
    sql,
    "SELECT max_read, max_reader, second_read FROM meta",
  );
}
