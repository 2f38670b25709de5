/**
 * Which of an AuthKeyObject shard's devices could take a push right now, and whose they are: what lets a
 * supergroup or channel push to the members' *connected* devices without looking up every member's devices.
 * Read from what the shard holds, not from a stored list, so a restarted shard cannot trust stale state:
 * open WebSockets (`ctx.getWebSockets()`), live HTTP-fallback connections (their rows carry an expiry),
 * and MTProto keys with a push route or a bound temporary key (remembered per instance, loaded once).
 * A candidate's account is one row read (its key row); a device the shard does not hold costs nothing.
 */
import { keyRow } from "./auth-key-store.ts";
import type { SocketState } from "./device-socket.ts";
import { mtKeyRow } from "./mtproto-key-store.ts";
import { all } from "./sql.ts";

/** Storage keys of MTProto keys that can be pushed to: a push route (mtproto-push-routes.ts) or bound temporary keys (mtproto-bind.ts). */
const MT_PUSHABLE_PREFIXES = ["mtpush:", "mtbound:"];

/** A shard's devices to push to, by kind: each kind has its own push path in the shard. */
export interface ConnectedTargets {
  /** Edgegram-protocol devices (AuthKeyDevice). */
  devices: string[];
  /** MTProto permanent keys (MtprotoDevice; a bound temporary key is reached through its permanent key). */
  mtKeys: string[];
}

/** Whether `id` is in `ids`, which ascend. */
function includes(ids: ArrayLike<number>, id: number): boolean {
  let lo = 0;
  let hi = ids.length - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    const v = ids[mid] as number;
    if (v === id) return true;
    if (v < id) lo = mid + 1;
    else hi = mid - 1;
  }
  return false;
}

export class ConnectedDevices {
  private readonly ctx: DurableObjectState;
  private readonly sql: SqlStorage;
  /** MTProto keys of this shard that have had a push route or a bound temporary key since they were loaded. */
  private mtKeys: Set<string> | null = null;
  private loading: Promise<Set<string>> | null = null;
  /** Keys routed while the stored list was still loading: added once it is in. */
  private readonly routedEarly = new Set<string>();

  constructor(ctx: DurableObjectState, sql: SqlStorage) {
    this.ctx = ctx;
    this.sql = sql;
  }

  /** An MTProto key got a push route or a bound temporary key: it can be pushed to from now on. */
  mtRouted(authKeyId: string): void {
    if (this.mtKeys) this.mtKeys.add(authKeyId);
    else this.routedEarly.add(authKeyId);
  }

  /** The shard's devices that can take a push and belong to one of `memberIds` (ascending), except `skip`. */
  async ofMembers(memberIds: ArrayLike<number>, skip?: string): Promise<ConnectedTargets> {
    const targets: ConnectedTargets = { devices: [], mtKeys: [] };
    for (const id of this.heldDevices()) {
      if (id === skip) continue;
      const user = keyRow(this.sql, id)?.user_id;
      if (user !== null && user !== undefined && includes(memberIds, user)) targets.devices.push(id);
    }
    for (const id of await this.pushableMtKeys()) {
      if (id === skip) continue;
      const row = mtKeyRow(this.sql, id);
      // A temporary key's pushes come through its permanent key, which the account knows as the device.
      if (row?.user_id != null && row.perm_key_id === null && includes(memberIds, row.user_id)) targets.mtKeys.push(id);
    }
    return targets;
  }

  /** Edgegram-protocol devices with an open WebSocket here or a live HTTP-fallback connection. */
  private heldDevices(): Set<string> {
    const ids = new Set<string>();
    for (const ws of this.ctx.getWebSockets()) {
      const st = ws.deserializeAttachment() as SocketState | null;
      if (st?.phase === "open") ids.add(st.authKeyId); // MTProto sockets carry another attachment
    }
    // A connection's id is `<auth key id>:<connection key id>`; only devices on the HTTP fallback have one.
    for (const r of all<{ id: string }>(
      this.sql,
      "SELECT DISTINCT substr(conn_key_id, 1, instr(conn_key_id, ':') - 1) AS id FROM http_conns WHERE expires >= ?",
      Date.now(),
    ))
      ids.add(r.id);
    return ids;
  }

  private async pushableMtKeys(): Promise<Set<string>> {
    if (this.mtKeys) return this.mtKeys;
    this.loading ??= (async () => {
      const keys = new Set<string>();
      for (const prefix of MT_PUSHABLE_PREFIXES)
        for (const [k, v] of await this.ctx.storage.list<unknown[]>({ prefix }))
          if (Array.isArray(v) && v.length > 0) keys.add(k.slice(prefix.length));
      for (const id of this.routedEarly) keys.add(id);
      this.routedEarly.clear();
      this.mtKeys = keys;
      return keys;
    })().finally(() => {
      this.loading = null;
    });
    return this.loading;
  }
}
