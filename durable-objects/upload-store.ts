/**
 * The durable state of one upload in its Durable Object's SQLite: the upload
 * row (owner, media id, R2 multipart id, learnt part size), every client part
 * (size, SHA-256, and its bytes until they are in R2) and the R2 parts done.
 * Once the file is committed to R2 only the upload row and a one-row summary stay.
 */
import { all, bytesOf, one, run } from "./sql.ts";

export const uploadSchema = [
  `CREATE TABLE IF NOT EXISTS upload (
     id INTEGER PRIMARY KEY CHECK (id = 1), user_id INTEGER NOT NULL, file_id TEXT NOT NULL, media_id TEXT NOT NULL,
     total_parts INTEGER, part_size INTEGER, r2_upload_id TEXT, touched INTEGER NOT NULL, ref TEXT)`,
  // data is NULL once the part has gone into an R2 part; size and hash stay for resume and duplicate checks.
  `CREATE TABLE IF NOT EXISTS parts (idx INTEGER PRIMARY KEY, size INTEGER NOT NULL, sha256 TEXT NOT NULL, data BLOB)`,
  `CREATE TABLE IF NOT EXISTS r2_parts (part_number INTEGER PRIMARY KEY, etag TEXT NOT NULL)`,
  // A finished upload's part count and bytes: all a client resuming after the commit needs to learn it is done.
  `CREATE TABLE IF NOT EXISTS finished (id INTEGER PRIMARY KEY CHECK (id = 1), parts INTEGER NOT NULL, bytes INTEGER NOT NULL)`,
];

export interface UploadRow {
  user_id: number;
  file_id: string;
  media_id: string;
  total_parts: number | null;
  part_size: number | null;
  r2_upload_id: string | null;
  touched: number;
  /** The finished MediaRef (JSON) once finalised. */
  ref: string | null;
}

export const getUpload = (sql: SqlStorage) => one<UploadRow>(sql, "SELECT * FROM upload WHERE id = 1");

export function createUpload(
  sql: SqlStorage,
  u: { userId: number; fileId: string; mediaId: string; total: number | null; now: number },
): void {
  run(
    sql,
    "INSERT INTO upload (id, user_id, file_id, media_id, total_parts, touched) VALUES (1, ?, ?, ?, ?, ?)",
    u.userId,
    u.fileId,
    u.mediaId,
    u.total,
    u.now,
  );
}

export const partOf = (sql: SqlStorage, idx: number) =>
  one<{ size: number; sha256: string }>(sql, "SELECT size, sha256 FROM parts WHERE idx = ?", idx);

export const maxPartIndex = (sql: SqlStorage) =>
  one<{ m: number | null }>(sql, "SELECT max(idx) AS m FROM parts")?.m ?? -1;

/**
 * Stores a part and marks the upload in use; `touched` moves only when it is `touchEveryMs` old (and
 * part_size only once), so most parts write their own row alone.
 */
export function storePart(
  sql: SqlStorage,
  idx: number,
  sha256: string,
  data: Uint8Array,
  partSize: number | null,
  touchEveryMs: number,
) {
  run(sql, "INSERT INTO parts (idx, size, sha256, data) VALUES (?, ?, ?, ?)", idx, data.length, sha256, data);
  run(
    sql,
    "UPDATE upload SET part_size = ?1, touched = ?2 WHERE part_size IS NOT ?1 OR touched < ?2 - ?3",
    partSize,
    Date.now(),
    touchEveryMs,
  );
}

export const partIndices = (sql: SqlStorage) =>
  all<{ idx: number }>(sql, "SELECT idx FROM parts ORDER BY idx").map((r) => r.idx);

/** Count and bytes of the parts in [from, to) whose bytes are still staged here. */
export const stagedIn = (sql: SqlStorage, from: number, to: number) =>
  one<{ n: number; bytes: number | null }>(
    sql,
    "SELECT count(*) AS n, sum(size) AS bytes FROM parts WHERE idx >= ? AND idx < ? AND data IS NOT NULL",
    from,
    to,
  ) ?? { n: 0, bytes: 0 };

export const stagedBytes = (sql: SqlStorage, idx: number) =>
  bytesOf(one<{ data: ArrayBuffer }>(sql, "SELECT data FROM parts WHERE idx = ?", idx)?.data);

export const totals = (sql: SqlStorage, below: number) =>
  one<{ n: number; bytes: number | null }>(
    sql,
    "SELECT count(*) AS n, sum(size) AS bytes FROM parts WHERE idx < ?",
    below,
  ) ?? { n: 0, bytes: 0 };

export const r2PartDone = (sql: SqlStorage, partNumber: number) =>
  one(sql, "SELECT 1 FROM r2_parts WHERE part_number = ?", partNumber) !== null;

/** Records an R2 part and drops the staged bytes it was made of, in one transaction. */
export function recordR2Part(sql: SqlStorage, partNumber: number, etag: string, from: number, to: number): void {
  run(sql, "INSERT OR REPLACE INTO r2_parts (part_number, etag) VALUES (?, ?)", partNumber, etag);
  run(sql, "UPDATE parts SET data = NULL WHERE idx >= ? AND idx < ?", from, to);
}

export const r2Parts = (sql: SqlStorage): R2UploadedPart[] =>
  all<{ part_number: number; etag: string }>(sql, "SELECT * FROM r2_parts ORDER BY part_number").map((r) => ({
    partNumber: r.part_number,
    etag: r.etag,
  }));

/**
 * Marks the upload finished with its reference and drops every part and R2-part row in one
 * transaction (the object is committed to R2): a 300 MB file no longer keeps 600 part rows for a day.
 */
export function recordFinished(sql: SqlStorage, ref: string, parts: number, bytes: number, now: number): void {
  run(sql, "UPDATE upload SET ref = ?, touched = ?", ref, now);
  run(sql, "INSERT OR REPLACE INTO finished (id, parts, bytes) VALUES (1, ?, ?)", parts, bytes);
  run(sql, "DELETE FROM parts");
  run(sql, "DELETE FROM r2_parts");
}

export const finishedSummary = (sql: SqlStorage) =>
  one<{ parts: number; bytes: number }>(sql, "SELECT parts, bytes FROM finished WHERE id = 1");

/** Rows per table and the SQLite size: what one upload keeps (tests and the state-growth measurement). */
export function footprint(sql: SqlStorage): { rows: Record<string, number>; bytes: number } {
  const rows: Record<string, number> = {};
  for (const t of ["upload", "parts", "r2_parts", "finished"])
    rows[t] = one<{ n: number }>(sql, `SELECT count(*) AS n FROM ${t}`)?.n ?? 0;
  return { rows, bytes: sql.databaseSize };
}
