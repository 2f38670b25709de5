/**
 * The durable state of one upload in its Durable Object's SQLite: the upload
 * row (owner, media id, R2 multipart id, learnt part size), every client part
 * staged (size, SHA-256, bytes) until it is in R2, and the R2 parts done, each
 * keeping the sizes and hashes of the client parts folded into it.
 * Once the file is committed to R2 only the upload row and a one-row summary stay.
 */
import { groupOf, partsPerGroup } from "../core/media/part-rules.ts";
import { all, bytesOf, migrate, one, run } from "./sql.ts";

export const uploadSchema = [
  `CREATE TABLE IF NOT EXISTS upload (
     id INTEGER PRIMARY KEY CHECK (id = 1), user_id INTEGER NOT NULL, file_id TEXT NOT NULL, media_id TEXT NOT NULL,
     total_parts INTEGER, part_size INTEGER, r2_upload_id TEXT, touched INTEGER NOT NULL, ref TEXT)`,
  // A part's row goes once its bytes are in an R2 part (uploads from before kept it with data NULL).
  `CREATE TABLE IF NOT EXISTS parts (idx INTEGER PRIMARY KEY, size INTEGER NOT NULL, sha256 TEXT NOT NULL, data BLOB)`,
  // `parts`: the client parts folded into it, from its first index on, as JSON [[size, sha256], …]: what a
  // resumed upload and the duplicate check need, for one row written per R2 part instead of one per client part.
  `CREATE TABLE IF NOT EXISTS r2_parts (
     part_number INTEGER PRIMARY KEY, etag TEXT NOT NULL, n INTEGER, bytes INTEGER, parts TEXT)`,
  // A finished upload's part count and bytes: all a client resuming after the commit needs to learn it is done.
  `CREATE TABLE IF NOT EXISTS finished (id INTEGER PRIMARY KEY CHECK (id = 1), parts INTEGER NOT NULL, bytes INTEGER NOT NULL)`,
];

/** The schema, with the folded-parts columns added to an r2_parts table made before them. */
export function migrateUpload(sql: SqlStorage): void {
  migrate(sql, uploadSchema);
  const columns = sql.exec("PRAGMA table_info(r2_parts)").toArray() as { name: string }[];
  if (columns.some((c) => c.name === "parts")) return;
  for (const c of ["n INTEGER", "bytes INTEGER", "parts TEXT"]) sql.exec(`ALTER TABLE r2_parts ADD COLUMN ${c}`);
}

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

type FoldedPart = [size: number, sha256: string];

/** A client part's size and hash, staged or folded into its R2 part (`partSize`: the upload's, once learnt). */
export function partOf(sql: SqlStorage, idx: number, partSize: number | null): { size: number; sha256: string } | null {
  const staged = one<{ size: number; sha256: string }>(sql, "SELECT size, sha256 FROM parts WHERE idx = ?", idx);
  if (staged || partSize === null) return staged;
  const k = groupOf(idx, partSize);
  const folded = one<{ parts: string | null }>(sql, "SELECT parts FROM r2_parts WHERE part_number = ?", k + 1);
  const part = folded?.parts ? (JSON.parse(folded.parts) as FoldedPart[])[idx - k * partsPerGroup(partSize)] : null;
  return part ? { size: part[0], sha256: part[1] } : null;
}

/** The highest client part index stored, staged or folded, or -1. */
export function maxPartIndex(sql: SqlStorage, partSize: number | null): number {
  const staged = one<{ m: number | null }>(sql, "SELECT max(idx) AS m FROM parts")?.m ?? -1;
  if (partSize === null) return staged;
  const last = one<{ part_number: number; n: number }>(
    sql,
    "SELECT part_number, n FROM r2_parts WHERE parts IS NOT NULL ORDER BY part_number DESC LIMIT 1",
  );
  return last ? Math.max(staged, (last.part_number - 1) * partsPerGroup(partSize) + last.n - 1) : staged;
}

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

/** Every client part index stored, staged or folded, ascending. */
export function partIndices(sql: SqlStorage, partSize: number | null): number[] {
  const out = all<{ idx: number }>(sql, "SELECT idx FROM parts ORDER BY idx").map((r) => r.idx);
  if (partSize === null) return out;
  for (const r of all<{ part_number: number; n: number }>(sql, "SELECT part_number, n FROM r2_parts WHERE n > 0")) {
    const from = (r.part_number - 1) * partsPerGroup(partSize);
    for (let i = 0; i < r.n; i++) out.push(from + i);
  }
  return out.sort((a, b) => a - b);
}

/** Count and bytes of the parts in [from, to) whose bytes are still staged here. */
export const stagedIn = (sql: SqlStorage, from: number, to: number) =>
  one<{ n: number; bytes: number | null }>(
    sql,
    "SELECT count(*) AS n, sum(size) AS bytes FROM parts WHERE idx >= ? AND idx < ? AND data IS NOT NULL",
    from,
    to,
  ) ?? { n: 0, bytes: 0 };

/** A staged part's bytes; null when there is no such part. */
export function stagedBytes(sql: SqlStorage, idx: number): Uint8Array | null {
  const row = one<{ data: ArrayBuffer }>(sql, "SELECT data FROM parts WHERE idx = ?", idx);
  return row ? bytesOf(row.data) : null;
}

/** Count and bytes of every client part stored, staged or folded. */
export function totals(sql: SqlStorage): { n: number; bytes: number } {
  const staged = one<{ n: number; bytes: number | null }>(sql, "SELECT count(*) AS n, sum(size) AS bytes FROM parts");
  const folded = one<{ n: number | null; bytes: number | null }>(
    sql,
    "SELECT sum(n) AS n, sum(bytes) AS bytes FROM r2_parts",
  );
  return { n: (staged?.n ?? 0) + (folded?.n ?? 0), bytes: (staged?.bytes ?? 0) + (folded?.bytes ?? 0) };
}

export const r2PartDone = (sql: SqlStorage, partNumber: number) =>
  one(sql, "SELECT 1 FROM r2_parts WHERE part_number = ?", partNumber) !== null;

/**
 * Records an R2 part with the sizes and hashes of the client parts [from, to) it was made of, and deletes
 * their rows: one row written per client part here, instead of clearing its bytes now and deleting it later.
 */
export function recordR2Part(sql: SqlStorage, partNumber: number, etag: string, from: number, to: number): void {
  const parts = all<{ size: number; sha256: string }>(
    sql,
    "SELECT size, sha256 FROM parts WHERE idx >= ? AND idx < ? ORDER BY idx",
    from,
    to,
  );
  const folded: FoldedPart[] = parts.map((p) => [p.size, p.sha256]);
  const bytes = folded.reduce((sum, p) => sum + p[0], 0);
  run(
    sql,
    "INSERT OR REPLACE INTO r2_parts (part_number, etag, n, bytes, parts) VALUES (?, ?, ?, ?, ?)",
    partNumber,
    etag,
    folded.length,
    bytes,
    JSON.stringify(folded),
  );
  run(sql, "DELETE FROM parts WHERE idx >= ? AND idx < ?", from, to);
}

export const r2Parts = (sql: SqlStorage): R2UploadedPart[] =>
  all<{ part_number: number; etag: string }>(sql, "SELECT * FROM r2_parts ORDER BY part_number").map((r) => ({
    partNumber: r.part_number,
    etag: r.etag,
  }));

/**
 * Marks the upload finished with its reference and drops every part and R2-part row left in one
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
