/**
 * The auth_keys table of an AuthKeyObject shard: one row per device, its key sealed at rest, the
 * user it is signed in as and how it named itself. Keys never bound to a user expire, so a flood
 * of handshakes cannot fill a shard for good.
 */

import { userObjectOf } from "../core/objects.ts";
import type { DeviceState } from "../core/rpc/dispatch.ts";
import { Errors } from "../protocol/errors.ts";
import type { KeyAtRest } from "./key-at-rest.ts";
import { all, bytesOf, one, run } from "./sql.ts";

/** An auth key that never signed in is forgotten this long after it was created. */
export const UNBOUND_KEY_TTL_MS = 24 * 3600_000;

export const authKeySchema = [
  `CREATE TABLE IF NOT EXISTS auth_keys (
     auth_key_id TEXT PRIMARY KEY, auth_key BLOB NOT NULL, created INTEGER NOT NULL,
     user_id INTEGER, pending_user_id INTEGER, device_model TEXT NOT NULL DEFAULT 'unknown',
     app_name TEXT NOT NULL DEFAULT 'unknown')`,
];

/** A device's row without its key material (most frames only need to know the key still exists). */
export interface KeyRow {
  auth_key_id: string;
  user_id: number | null;
  pending_user_id: number | null;
  device_model: string;
  app_name: string;
}

const ROW_COLUMNS = "auth_key_id, user_id, pending_user_id, device_model, app_name";

export function keyRow(sql: SqlStorage, id: string): KeyRow | null {
  return one<KeyRow>(sql, `SELECT ${ROW_COLUMNS} FROM auth_keys WHERE auth_key_id = ?`, id);
}

export function insertKey(sql: SqlStorage, vault: KeyAtRest, id: string, authKey: Uint8Array, now: number): void {
  run(
    sql,
    "INSERT OR IGNORE INTO auth_keys (auth_key_id, auth_key, created) VALUES (?, ?, ?)",
    id,
    vault.seal(id, authKey),
    now,
  );
}

/**
 * The auth key itself, or null if there is none or it does not open under this id. A row stored in
 * plaintext by an older version is sealed and rewritten on the way.
 */
export function loadAuthKey(sql: SqlStorage, vault: KeyAtRest, id: string): Uint8Array | null {
  const row = one<{ auth_key: ArrayBuffer }>(sql, "SELECT auth_key FROM auth_keys WHERE auth_key_id = ?", id);
  if (!row) return null;
  const opened = vault.open(id, bytesOf(row.auth_key));
  if (!opened) {
    console.error("auth key does not open under its id (tampered, moved, or another AUTH_KEY_STORAGE_KEY)", id);
    return null;
  }
  if (opened.legacy)
    run(sql, "UPDATE auth_keys SET auth_key = ? WHERE auth_key_id = ?", vault.seal(id, opened.key), id);
  return opened.key;
}

export function deleteKey(sql: SqlStorage, id: string): void {
  run(sql, "DELETE FROM auth_keys WHERE auth_key_id = ?", id);
}

/** Keys created before `before` that no user ever signed in with. */
export function expiredUnboundKeys(sql: SqlStorage, before: number): string[] {
  return all<{ auth_key_id: string }>(
    sql,
    "SELECT auth_key_id FROM auth_keys WHERE user_id IS NULL AND created < ? LIMIT 1000",
    before,
  ).map((r) => r.auth_key_id);
}

/** When the oldest unbound key expires, or null if every key is bound. */
export function nextUnboundExpiry(sql: SqlStorage): number | null {
  const row = one<{ t: number | null }>(sql, "SELECT min(created) AS t FROM auth_keys WHERE user_id IS NULL");
  return row?.t == null ? null : row.t + UNBOUND_KEY_TTL_MS;
}

/** What RPC handlers see of the device: its user, and the few changes sign-in makes to its row. */
export function deviceStateOf(sql: SqlStorage, env: Env, id: string): DeviceState {
  const key = keyRow(sql, id);
  if (!key) throw Errors.unauthorized();
  return {
    userId: key.user_id,
    pendingUserId: key.pending_user_id,
    deviceModel: key.device_model,
    appName: key.app_name,
    setDevice(deviceModel, appName) {
      run(sql, "UPDATE auth_keys SET device_model = ?, app_name = ? WHERE auth_key_id = ?", deviceModel, appName, id);
    },
    setPendingUser(userId) {
      run(sql, "UPDATE auth_keys SET pending_user_id = ? WHERE auth_key_id = ?", userId, id);
    },
    async bindUser(userId) {
      const current = keyRow(sql, id);
      if (!current) throw Errors.unauthorized();
      // Listed (and registered for pushes) first: a failure leaves the key unbound, not half signed in.
      await userObjectOf(env, userId).addAuthorization(current.auth_key_id, current.device_model, current.app_name);
      run(sql, "UPDATE auth_keys SET user_id = ?, pending_user_id = NULL WHERE auth_key_id = ?", userId, id);
    },
  };
}
