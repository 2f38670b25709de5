/** Albums in a chat's SQLite: the grouped_id its messages share (a column added to older chats on first use). */
import { all, run } from "../sql.ts";

export function initAlbums(sql: SqlStorage): void {
  const cols = all<{ name: string }>(sql, "PRAGMA table_info(messages)");
  if (!cols.some((c) => c.name === "grouped_id")) sql.exec("ALTER TABLE messages ADD COLUMN grouped_id TEXT");
}

export const setGroupedId = (sql: SqlStorage, msgId: number, groupedId: string) =>
  run(sql, "UPDATE messages SET grouped_id = ? WHERE id = ?", groupedId, msgId);

/** A fresh album id: a positive 63-bit decimal, as Telegram's grouped_id. */
export function newGroupedId(): string {
  const b = new Uint8Array(8);
  crypto.getRandomValues(b);
  return (new DataView(b.buffer).getBigUint64(0) >> 1n).toString();
}
