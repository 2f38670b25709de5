/**
 * The part of Node's built-in SQLite the unit project's stand-in for `ctx.storage.sql` uses. Declared
 * here because the typecheck runs with the Workers types only (@types/node would clash with them).
 */
declare module "node:sqlite" {
  export type SQLInputValue = null | number | bigint | string | Uint8Array;
  export class StatementSync {
    all(...params: SQLInputValue[]): Record<string, unknown>[];
    run(...params: SQLInputValue[]): { changes: number | bigint; lastInsertRowid: number | bigint };
  }
  export class DatabaseSync {
    constructor(path: string);
    prepare(sql: string): StatementSync;
  }
}
