/**
 * The devices signed in to an account, by auth key, in its UserObject's SQLite: what
 * account.getAuthorizations lists and where the account's pushes go.
 */
import { Errors } from "../protocol/errors.ts";
import type { Authorization } from "../protocol/model/user.ts";
import { all, migrate, run } from "./sql.ts";

const schema = [
  `CREATE TABLE IF NOT EXISTS authorizations (
     auth_key_id TEXT PRIMARY KEY, device_model TEXT NOT NULL, app_name TEXT NOT NULL,
     created INTEGER NOT NULL, active INTEGER NOT NULL)`,
];

export const initAuthorizations = (sql: SqlStorage) => migrate(sql, schema);

/** Signs a device in; signing in again on the same auth key only marks it active now. */
export function addAuthorization(
  sql: SqlStorage,
  authKeyId: string,
  deviceModel: string,
  appName: string,
  now: number,
): void {
  run(
    sql,
    `INSERT INTO authorizations (auth_key_id, device_model, app_name, created, active) VALUES (?, ?, ?, ?, ?)
     ON CONFLICT (auth_key_id) DO UPDATE SET active = excluded.active`,
    authKeyId,
    deviceModel,
    appName,
    now,
    now,
  );
}

/** The account's devices, most recently active first; `current` marks the asking device's own. */
export function listAuthorizations(sql: SqlStorage, currentAuthKeyId: string): Authorization[] {
  return all<{ auth_key_id: string; device_model: string; app_name: string; created: number; active: number }>(
    sql,
    "SELECT * FROM authorizations ORDER BY active DESC",
  ).map((a) => ({
    hash: a.auth_key_id,
    device_model: a.device_model,
    app_name: a.app_name,
    date_created: Math.floor(a.created / 1000),
    date_active: Math.floor(a.active / 1000),
    current: a.auth_key_id === currentAuthKeyId,
  }));
}

export function authKeyIdsOf(sql: SqlStorage): string[] {
  return all<{ auth_key_id: string }>(sql, "SELECT auth_key_id FROM authorizations").map((r) => r.auth_key_id);
}

/** Forgets a device's authorization; HASH_INVALID if the account has none by that auth key. */
export function deleteAuthorization(sql: SqlStorage, authKeyId: string): void {
  const n = run(sql, "DELETE FROM authorizations WHERE auth_key_id = ?", authKeyId);
  if (n === 0) throw Errors.badRequest("HASH_INVALID");
}
