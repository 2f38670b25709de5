/**
 * The MTProto devices' rows in an AuthKeyObject shard: one per auth key (sealed at rest like the
 * Edgegram devices' keys), with its salts, the layer and initConnection it declared, and the user it
 * signed in as. Sessions (replay window, outbox) are structured values in the shard's KV storage.
 */
import { authKeyObjectOf, userObjectOf } from "../core/objects.ts";
import type { DeviceState } from "../core/rpc/dispatch.ts";
import { Errors } from "../protocol/errors.ts";
import type { ServerSalt } from "../protocol/mtproto/session/salts.ts";
import type { KeyAtRest } from "./key-at-rest.ts";
import { all, bytesOf, one, run } from "./sql.ts";

export const mtKeySchema = [
  `CREATE TABLE IF NOT EXISTS mt_auth_keys (
     auth_key_id TEXT PRIMARY KEY, auth_key BLOB NOT NULL, created INTEGER NOT NULL, expires_at INTEGER,
     perm_key_id TEXT, user_id INTEGER, pending_user_id INTEGER, layer INTEGER NOT NULL DEFAULT 0,
     device_model TEXT NOT NULL DEFAULT 'unknown', app_name TEXT NOT NULL DEFAULT 'unknown',
     salts TEXT NOT NULL DEFAULT '[]')`,
];

export interface MtKeyRow {
  auth_key_id: string;
  created: number;
  /** Unix ms a temporary key stops working; null for a permanent key. */
  expires_at: number | null;
  /** The permanent key a temporary key is bound to (auth.bindTempAuthKey): its sign-in is the user's. */
  perm_key_id: string | null;
  user_id: number | null;
  pending_user_id: number | null;
  layer: number;
  device_model: string;
  app_name: string;
  salts: string;
}

const COLUMNS =
  "auth_key_id, created, expires_at, perm_key_id, user_id, pending_user_id, layer, device_model, app_name, salts";

export function mtKeyRow(sql: SqlStorage, id: string): MtKeyRow | null {
  const row = one<MtKeyRow>(sql, `SELECT ${COLUMNS} FROM mt_auth_keys WHERE auth_key_id = ?`, id);
  if (row?.expires_at && row.expires_at < Date.now()) return null;
  return row;
}

export function insertMtKey(
  sql: SqlStorage,
  vault: KeyAtRest,
  id: string,
  authKey: Uint8Array,
  salts: ServerSalt[],
  expiresAt: number | null,
): void {
  run(
    sql,
    "INSERT OR IGNORE INTO mt_auth_keys (auth_key_id, auth_key, created, expires_at, salts) VALUES (?, ?, ?, ?, ?)",
    id,
    vault.seal(id, authKey),
    Date.now(),
    expiresAt,
    saltsToText(salts),
  );
}

export function loadMtKey(sql: SqlStorage, vault: KeyAtRest, id: string): Uint8Array | null {
  const row = one<{ auth_key: ArrayBuffer }>(sql, "SELECT auth_key FROM mt_auth_keys WHERE auth_key_id = ?", id);
  const opened = row ? vault.open(id, bytesOf(row.auth_key)) : null;
  if (row && !opened) console.error("MTProto auth key does not open under its id", id);
  return opened && !opened.legacy ? opened.key : null;
}

export function deleteMtKey(sql: SqlStorage, id: string): void {
  run(sql, "DELETE FROM mt_auth_keys WHERE auth_key_id = ?", id);
}

/** Signs the key out; its unbound-key expiry starts again from now. */
export function unbindMtKey(sql: SqlStorage, id: string): void {
  run(
    sql,
    "UPDATE mt_auth_keys SET user_id = NULL, pending_user_id = NULL, created = ? WHERE auth_key_id = ?",
    Date.now(),
    id,
  );
}

/** MTProto keys created before `before` that no user is signed in with. */
export function expiredUnboundMtKeys(sql: SqlStorage, before: number): string[] {
  return all<{ auth_key_id: string }>(
    sql,
    "SELECT auth_key_id FROM mt_auth_keys WHERE user_id IS NULL AND created < ? LIMIT 1000",
    before,
  ).map((r) => r.auth_key_id);
}

/** Temporary keys past their expiry, signed in or not: their rows and sessions go. */
export function expiredTempMtKeys(sql: SqlStorage, now: number): string[] {
  return all<{ auth_key_id: string }>(
    sql,
    "SELECT auth_key_id FROM mt_auth_keys WHERE expires_at IS NOT NULL AND expires_at < ? LIMIT 1000",
    now,
  ).map((r) => r.auth_key_id);
}

/** When the next temporary key expires, or null if there is none. */
export function nextTempMtExpiry(sql: SqlStorage): number | null {
  return (
    one<{ t: number | null }>(sql, "SELECT min(expires_at) AS t FROM mt_auth_keys WHERE expires_at IS NOT NULL")?.t ??
    null
  );
}

/** When the oldest unbound MTProto key expires, or null if every key is bound. */
export function nextUnboundMtExpiry(sql: SqlStorage, ttlMs: number): number | null {
  const row = one<{ t: number | null }>(sql, "SELECT min(created) AS t FROM mt_auth_keys WHERE user_id IS NULL");
  return row?.t == null ? null : row.t + ttlMs;
}

export const saltsToText = (salts: ServerSalt[]) =>
  JSON.stringify(salts.map((s) => [s.salt.toString(), s.validSince, s.validUntil]));

export const saltsOf = (row: MtKeyRow): ServerSalt[] =>
  (JSON.parse(row.salts) as [string, number, number][]).map(([salt, validSince, validUntil]) => ({
    salt: BigInt(salt),
    validSince,
    validUntil,
  }));

export function setSalts(sql: SqlStorage, id: string, salts: ServerSalt[]): void {
  run(sql, "UPDATE mt_auth_keys SET salts = ? WHERE auth_key_id = ?", saltsToText(salts), id);
}

export function setLayer(sql: SqlStorage, id: string, layer: number): void {
  run(sql, "UPDATE mt_auth_keys SET layer = ? WHERE auth_key_id = ?", layer, id);
}

export function bindTempKey(sql: SqlStorage, tempId: string, permId: string): void {
  run(sql, "UPDATE mt_auth_keys SET perm_key_id = ? WHERE auth_key_id = ?", permId, tempId);
}

/** What the core's RPC handlers see of an MTProto device, as deviceStateOf gives them an Edgegram one. */
export function mtDeviceStateOf(sql: SqlStorage, env: Env, id: string): DeviceState {
  const key = mtKeyRow(sql, id);
  if (!key) throw Errors.unauthorized();
  return {
    userId: key.user_id,
    pendingUserId: key.pending_user_id,
    deviceModel: key.device_model,
    appName: key.app_name,
    setDevice(deviceModel, appName) {
      run(
        sql,
        "UPDATE mt_auth_keys SET device_model = ?, app_name = ? WHERE auth_key_id = ?",
        deviceModel,
        appName,
        id,
      );
    },
    setPendingUser(userId) {
      run(sql, "UPDATE mt_auth_keys SET pending_user_id = ? WHERE auth_key_id = ?", userId, id);
    },
    async bindUser(userId) {
      const current = mtKeyRow(sql, id);
      if (!current) throw Errors.unauthorized();
      if (current.perm_key_id) {
        // A bound temporary key signs its permanent key in: that key is the authorization.
        const perm = current.perm_key_id;
        await authKeyObjectOf(env, perm).mtSignInBound(perm, userId, current.device_model, current.app_name);
        run(sql, "UPDATE mt_auth_keys SET user_id = ?, pending_user_id = NULL WHERE auth_key_id = ?", userId, id);
        return;
      }
      // Listed beside the Edgegram devices first: a failure leaves the key unbound, not half signed in.
      await userObjectOf(env, userId).addAuthorization(id, current.device_model, current.app_name);
      run(sql, "UPDATE mt_auth_keys SET user_id = ?, pending_user_id = NULL WHERE auth_key_id = ?", userId, id);
    },
  };
}
