/** A user's profile photos in their UserObject's SQLite; the newest is the avatar. */
import type { ProfilePhoto } from "../protocol/model/user.ts";
import { PROFILE_PHOTOS_MAX } from "../protocol/rpc/photos.ts";
import { all, migrate, one, run } from "./sql.ts";

const schema = [
  "CREATE TABLE IF NOT EXISTS profile_photos (media_id TEXT PRIMARY KEY, access_hash TEXT NOT NULL, date INTEGER NOT NULL)",
  // Dimensions and thumbnails (JSON), for the photo lists that show sizes; photos from before have none.
  "CREATE TABLE IF NOT EXISTS profile_photo_sizes (media_id TEXT PRIMARY KEY, body TEXT NOT NULL)",
];

export const initProfilePhotos = (sql: SqlStorage) => migrate(sql, schema);

export function addPhoto(sql: SqlStorage, photo: ProfilePhoto): void {
  run(
    sql,
    "INSERT OR REPLACE INTO profile_photos (media_id, access_hash, date) VALUES (?, ?, ?)",
    photo.media_id,
    photo.access_hash,
    photo.date,
  );
  if (photo.sizes)
    run(
      sql,
      "INSERT OR REPLACE INTO profile_photo_sizes (media_id, body) VALUES (?, ?)",
      photo.media_id,
      JSON.stringify(photo.sizes),
    );
  run(
    sql,
    "DELETE FROM profile_photos WHERE media_id NOT IN (SELECT media_id FROM profile_photos ORDER BY date DESC, rowid DESC LIMIT ?)",
    PROFILE_PHOTOS_MAX,
  );
  run(sql, "DELETE FROM profile_photo_sizes WHERE media_id NOT IN (SELECT media_id FROM profile_photos)");
}

export const currentPhoto = (sql: SqlStorage): ProfilePhoto | null =>
  one<ProfilePhoto>(
    sql,
    "SELECT media_id, access_hash, date FROM profile_photos ORDER BY date DESC, rowid DESC LIMIT 1",
  );

export function photos(sql: SqlStorage, offset: number, limit: number): { photos: ProfilePhoto[]; count: number } {
  const count = one<{ n: number }>(sql, "SELECT count(*) AS n FROM profile_photos")?.n ?? 0;
  const page = all<ProfilePhoto & { body: string | null }>(
    sql,
    `SELECT p.media_id, p.access_hash, p.date, s.body FROM profile_photos p
     LEFT JOIN profile_photo_sizes s ON s.media_id = p.media_id
     ORDER BY p.date DESC, p.rowid DESC LIMIT ? OFFSET ?`,
    limit,
    offset,
  );
  const photos = page.map(({ body, ...p }) => (body ? { ...p, sizes: JSON.parse(body) as ProfilePhoto["sizes"] } : p));
  return { photos, count };
}

export function deletePhotos(sql: SqlStorage, ids: string[]): string[] {
  const gone: string[] = [];
  for (const id of ids) {
    run(sql, "DELETE FROM profile_photo_sizes WHERE media_id = ?", id);
    if (run(sql, "DELETE FROM profile_photos WHERE media_id = ?", id) > 0) gone.push(id);
  }
  return gone;
}
