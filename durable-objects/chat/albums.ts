/** Albums in a chat's SQLite: the grouped_id its messages share (a column added to older chats on first use). */
import { Errors } from "../../protocol/errors.ts";
import { albumClassOf } from "../../protocol/rpc/albums.ts";
import { all, run } from "../sql.ts";

export function initAlbums(sql: SqlStorage): void {
  const cols = all<{ name: string }>(sql, "PRAGMA table_info(messages)");
  if (!cols.some((c) => c.name === "grouped_id")) sql.exec("ALTER TABLE messages ADD COLUMN grouped_id TEXT");
}

export const setGroupedId = (sql: SqlStorage, msgId: number, groupedId: string) =>
  run(sql, "UPDATE messages SET grouped_id = ? WHERE id = ?", groupedId, msgId);

/** An album item may only be replaced by a file of the same class (Telegram: photos/videos, documents, audio). */
export function requireFitsAlbum(sql: SqlStorage, groupedId: string, exceptId: number, mime: string): void {
  const others = all<{ media: string | null }>(
    sql,
    "SELECT media FROM messages WHERE grouped_id = ? AND id != ? AND deleted = 0",
    groupedId,
    exceptId,
  );
  const cls = albumClassOf(mime);
  for (const o of others) {
    const m = o.media ? (JSON.parse(o.media) as { mime_type?: string }) : null;
    if (m?.mime_type && albumClassOf(m.mime_type) !== cls) throw Errors.badRequest("GROUPED_MEDIA_INVALID");
  }
}
