/**
 * A device's HTTP fallback: `POST /v1/http/<id>/connect` runs the connect handshake and keeps the
 * connection's keys (sealed at rest) in http_conns; `POST /v1/http/<id>` carries one frame and
 * answers with everything the session has pending. Only a frame that authenticates extends a
 * connection's life, a device keeps a bounded number of them, and the shard's alarm purges the
 * expired ones.
 */
import { toHex } from "../protocol/binary.ts";
import { toRpcError } from "../protocol/errors.ts";
import { frameKeyId } from "../protocol/frame.ts";
import { openAnyFrame } from "../protocol/frame-stream.ts";
import { acceptConnect } from "./connect-handshake.ts";
import { httpError } from "./device-socket.ts";
import type { KeyAtRest } from "./key-at-rest.ts";
import type { DeviceCore, Sink } from "./session-sender.ts";
import { deviceKeyRange, pendingOutgoing, touchSession } from "./session-store.ts";
import { bytesOf, one, run } from "./sql.ts";

/** HTTP-fallback connection keys live this long after the last frame that authenticated. */
export const HTTP_CONN_TTL_MS = 60 * 60_000;
/** Connections one device keeps; connecting again drops the least recently used. */
export const HTTP_CONNS_PER_DEVICE = 8;

export const httpConnSchema = [
  `CREATE TABLE IF NOT EXISTS http_conns (
     conn_key_id TEXT PRIMARY KEY, c2s BLOB NOT NULL, s2c BLOB NOT NULL, expires INTEGER NOT NULL)`,
  "CREATE INDEX IF NOT EXISTS http_conns_expires ON http_conns (expires)",
];

export class HttpFallback {
  private readonly device: DeviceCore;
  private readonly env: Env;
  private readonly vault: KeyAtRest;
  /** Called with a new connection's expiry, so the shard's cleanup alarm covers it. */
  private readonly expiresAt: (at: number) => Promise<void>;

  constructor(device: DeviceCore, env: Env, vault: KeyAtRest, expiresAt: (at: number) => Promise<void>) {
    this.device = device;
    this.env = env;
    this.vault = vault;
    this.expiresAt = expiresAt;
  }

  private connKey(kid: Uint8Array): string {
    return `${this.device.id}:${toHex(kid)}`;
  }

  /** The hello is proven and answered before anything is stored. */
  async connect(hello: Uint8Array): Promise<Response> {
    const authKey = this.device.authKey();
    if (!authKey) return httpError(401, "AUTH_KEY_UNREGISTERED");
    let accepted: ReturnType<typeof acceptConnect>;
    try {
      accepted = acceptConnect(this.env, authKey, hello);
    } catch (e) {
      const err = toRpcError(e);
      return httpError(err.code, err.text);
    }
    const { reply, keys } = accepted;
    const id = this.connKey(keys.connKeyId);
    const expires = Date.now() + HTTP_CONN_TTL_MS;
    const sql = this.device.sql;
    run(
      sql,
      "INSERT OR REPLACE INTO http_conns (conn_key_id, c2s, s2c, expires) VALUES (?, ?, ?, ?)",
      id,
      this.vault.seal(`${id}:c2s`, keys.c2s),
      this.vault.seal(`${id}:s2c`, keys.s2c),
      expires,
    );
    const [from, to] = deviceKeyRange(this.device.id);
    run(
      sql,
      `DELETE FROM http_conns WHERE conn_key_id >= ?1 AND conn_key_id < ?2 AND conn_key_id NOT IN
         (SELECT conn_key_id FROM http_conns WHERE conn_key_id >= ?1 AND conn_key_id < ?2 ORDER BY expires DESC LIMIT ?3)`,
      from,
      to,
      HTTP_CONNS_PER_DEVICE,
    );
    await this.expiresAt(expires);
    return new Response(reply, { headers: { "content-type": "application/octet-stream" } });
  }

  async frame(frame: Uint8Array, ip: string | null): Promise<Response> {
    if (!this.device.exists()) return httpError(401, "AUTH_KEY_UNREGISTERED");
    const kid = frameKeyId(frame);
    const keys = kid ? this.connKeys(this.connKey(kid)) : null;
    if (!kid || !keys) return httpError(401, "CONNECTION_KEY_UNREGISTERED");
    const payload = await openAnyFrame(keys.c2s, "c2s", frame.slice());
    // A frame that fails authentication is dropped: an empty 200 body says nothing to an attacker,
    // and the connection's life is not extended by it.
    if (!payload) return framesResponse([]);
    const sql = this.device.sql;
    run(
      sql,
      "UPDATE http_conns SET expires = ? WHERE conn_key_id = ?",
      Date.now() + HTTP_CONN_TTL_MS,
      this.connKey(kid),
    );
    const sessionId = payload.sessionId.toString();
    const sender = this.device.sender;
    touchSession(sql, sender.sk(sessionId), Date.now(), true);
    this.device.markPolling();
    const sink: Sink = { sessionId, ip, http: { frames: [], s2c: keys.s2c, kid } };
    await this.device.handlePayload(payload, toHex(kid), sink);
    // Everything still unacknowledged for this session rides along (results, pushed updates).
    for (const p of pendingOutgoing(sql, sender.sk(sessionId))) {
      sender.sealInto(sink, BigInt(p.msg_id), JSON.parse(p.body));
    }
    return framesResponse(sink.http?.frames ?? []);
  }

  private connKeys(id: string): { c2s: Uint8Array; s2c: Uint8Array } | null {
    const row = one<{ c2s: ArrayBuffer; s2c: ArrayBuffer }>(
      this.device.sql,
      "SELECT c2s, s2c FROM http_conns WHERE conn_key_id = ? AND expires >= ?",
      id,
      Date.now(),
    );
    if (!row) return null;
    const c2s = this.vault.open(`${id}:c2s`, bytesOf(row.c2s));
    const s2c = this.vault.open(`${id}:s2c`, bytesOf(row.s2c));
    return c2s && s2c ? { c2s: c2s.key, s2c: s2c.key } : null;
  }
}

export function deleteDeviceConns(sql: SqlStorage, authKeyId: string): void {
  const [from, to] = deviceKeyRange(authKeyId);
  run(sql, "DELETE FROM http_conns WHERE conn_key_id >= ? AND conn_key_id < ?", from, to);
}

export function purgeExpiredConns(sql: SqlStorage, now: number): void {
  run(sql, "DELETE FROM http_conns WHERE expires < ?", now);
}

/** When the next connection expires, or null if there are none. */
export function nextConnExpiry(sql: SqlStorage): number | null {
  return one<{ t: number | null }>(sql, "SELECT min(expires) AS t FROM http_conns")?.t ?? null;
}

/** HTTP fallback bodies: frames, each prefixed by its length as u32 big-endian. */
function framesResponse(frames: Uint8Array[]): Response {
  let n = 0;
  for (const f of frames) n += 4 + f.length;
  const out = new Uint8Array(n);
  const view = new DataView(out.buffer);
  let o = 0;
  for (const f of frames) {
    view.setUint32(o, f.length, false);
    out.set(f, o + 4);
    o += 4 + f.length;
  }
  return new Response(out, { headers: { "content-type": "application/octet-stream" } });
}
