/**
 * A stand-in for a Durable Object's `ctx.storage.sql` over Node's built-in SQLite, so modules that
 * keep their state in SQL (the fan-out outbox…) run in the Node unit project with real queries.
 */
import { DatabaseSync, type SQLInputValue } from "node:sqlite";

const RETURNS_ROWS = /^\s*(SELECT|PRAGMA|WITH)\b|\bRETURNING\b/i;

export function memorySql(): SqlStorage {
  const db = new DatabaseSync(":memory:");
  const exec = (query: string, ...params: unknown[]) => {
    const stmt = db.prepare(query);
    const args = params as SQLInputValue[];
    if (RETURNS_ROWS.test(query)) {
      const rows = stmt.all(...args);
      return { toArray: () => rows, rowsWritten: /^\s*(SELECT|PRAGMA)\b/i.test(query) ? 0 : rows.length };
    }
    const r = stmt.run(...args);
    return { toArray: () => [], rowsWritten: Number(r.changes) };
  };
  return { exec } as unknown as SqlStorage;
}
