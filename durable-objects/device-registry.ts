/**
 * Which devices (auth keys) each account has, kept in the DirectoryObject so a
 * chat can push a post to a page of members' devices with one lookup instead
 * of one UserObject hop per member. The UserObject stays the authority: it
 * registers a device before the sign-in completes and unregisters after a
 * device is revoked, so the registry may name a dead device (a harmless push)
 * but never misses a live one. Accounts whose devices were never registered
 * (state from before the registry) come back as `unknown`, and the caller
 * pushes to them through their UserObject, which registers them on the way.
 */
import { all, migrate, run } from "./sql.ts";

const deviceRegistrySchema = [
  `CREATE TABLE IF NOT EXISTS devices (
     user_id INTEGER NOT NULL, auth_key_id TEXT NOT NULL, PRIMARY KEY (user_id, auth_key_id))`,
  "CREATE TABLE IF NOT EXISTS device_lists (user_id INTEGER PRIMARY KEY)",
];

/** Where a push for some users goes: their devices, their bots' queues, or (unregistered) their UserObjects. */
export interface PushTargets {
  devices: string[];
  bots: number[];
  unknown: number[];
}

export function initDeviceRegistry(sql: SqlStorage): void {
  migrate(sql, deviceRegistrySchema);
}

/** Adds devices of a user (a union, so concurrent sign-ins of one account cannot drop each other). */
export function addDevices(sql: SqlStorage, userId: number, authKeyIds: string[]): void {
  for (const id of authKeyIds)
    run(sql, "INSERT OR IGNORE INTO devices (user_id, auth_key_id) VALUES (?, ?)", userId, id);
  run(sql, "INSERT OR IGNORE INTO device_lists (user_id) VALUES (?)", userId);
}

export function removeDevice(sql: SqlStorage, userId: number, authKeyId: string): void {
  run(sql, "DELETE FROM devices WHERE user_id = ? AND auth_key_id = ?", userId, authKeyId);
}

/** `isBot` tells accounts whose updates go to a Bot API queue instead of devices. */
export function pushTargets(sql: SqlStorage, userIds: number[], isBot: (ids: number[]) => Set<number>): PushTargets {
  const targets: PushTargets = { devices: [], bots: [], unknown: [] };
  const bots = isBot(userIds);
  // SQLite binds at most ~32k parameters; members come in pages far below that.
  const ids = JSON.stringify([...new Set(userIds.filter((id) => !bots.has(id)))]);
  // Joined from the id list rather than `IN (SELECT …)`: measured in workerd, a row read less per member.
  const known = new Set(
    all<{ user_id: number }>(
      sql,
      "SELECT d.user_id FROM json_each(?) j JOIN device_lists d ON d.user_id = j.value",
      ids,
    ).map((r) => r.user_id),
  );
  for (const r of all<{ auth_key_id: string }>(
    sql,
    "SELECT d.auth_key_id FROM json_each(?) j JOIN devices d ON d.user_id = j.value",
    ids,
  ))
    targets.devices.push(r.auth_key_id);
  targets.bots = [...bots];
  targets.unknown = userIds.filter((id) => !bots.has(id) && !known.has(id));
  return targets;
}
