/** Small typed helpers over Durable Object SQLite: bound parameters only, never string-built SQL. */

import { count } from "../core/usage-meter.ts";

export type SqlValue = string | number | null | ArrayBuffer | Uint8Array;

/** Counts a consumed cursor's billed rows for the usage meter (a no-op unless the bench switched it on). */
function metered(cursor: SqlStorageCursor<Record<string, SqlStorageValue>>): void {
  count("sqlRowsRead", cursor.rowsRead);
  count("sqlRowsWritten", cursor.rowsWritten);
}

export function one<T>(sql: SqlStorage, query: string, ...params: SqlValue[]): T | null {
  const cursor = sql.exec(query, ...params);
  const rows = cursor.toArray();
  metered(cursor);
  return (rows[0] as T | undefined) ?? null;
}

export function all<T>(sql: SqlStorage, query: string, ...params: SqlValue[]): T[] {
  const cursor = sql.exec(query, ...params);
  const rows = cursor.toArray() as T[];
  metered(cursor);
  return rows;
}

export function run(sql: SqlStorage, query: string, ...params: SqlValue[]): number {
  const cursor = sql.exec(query, ...params);
  cursor.toArray();
  metered(cursor);
  return cursor.rowsWritten;
}

/** Runs each statement of a schema once per object lifetime (idempotent CREATE … IF NOT EXISTS). */
export function migrate(sql: SqlStorage, statements: string[]): void {
  for (const s of statements) sql.exec(s);
}

export function bytesOf(v: unknown): Uint8Array {
  if (v instanceof Uint8Array) return v;
  if (v instanceof ArrayBuffer) return new Uint8Array(v);
  throw new Error("expected a BLOB column");
}
