/** Where a group or channel keeps its photo: one row in the object's SQLite (the image itself is in the media service). */
import type { ProfilePhoto } from "../../protocol/model/user.ts";
import { migrate, one, run } from "../sql.ts";

const photoSchema = [
  "CREATE TABLE IF NOT EXISTS chat_photo (one INTEGER PRIMARY KEY CHECK (one = 1), photo TEXT NOT NULL)",
];

export const initChatPhoto = (sql: SqlStorage) => migrate(sql, photoSchema);

export function chatPhoto(sql: SqlStorage): ProfilePhoto | null {
  const row = one<{ photo: string }>(sql, "SELECT photo FROM chat_photo");
  return row ? (JSON.parse(row.photo) as ProfilePhoto) : null;
}

/** Sets the photo, or removes it (null). */
export function setChatPhoto(sql: SqlStorage, photo: ProfilePhoto | null): void {
  if (!photo) run(sql, "DELETE FROM chat_photo");
  else
    run(
      sql,
      "INSERT INTO chat_photo (one, photo) VALUES (1, ?) ON CONFLICT (one) DO UPDATE SET photo = excluded.photo",
      JSON.stringify(photo),
    );
}
