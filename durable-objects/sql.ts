/** Small typed helpers over Durable Object SQLite: bound parameters only, never string-built SQL. */

export type SqlValue = string | number | null | ArrayBuffer | Uint8Array;

export function one<T>(sql: SqlStorage, query: string, ...params: SqlValue[]): T | null {
  const rows = sql.exec(query, ...params).toArray();
  return (rows[0] as T | undefined) ?? null;
}

export function all<T>(sql: SqlStorage, query: string, ...params: SqlValue[]): T[] {
  return sql.exec(query, ...params).toArray() as T[];
}

export function run(sql: SqlStorage, query: string, ...params: SqlValue[]): number {
  return sql.exec(query, ...params).rowsWritten;
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
