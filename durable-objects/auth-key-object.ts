/**
 * AuthKeyObject: one shard of auth keys (devices) — the seed's "Auth Service". Each device's
 * logic is an AuthKeyDevice; this object hosts a shard of them, so a chat reaches all of a
 * shard's devices in one call instead of one call per device. It accepts their WebSockets
 * (hibernating, tagged with the auth key id) and HTTP-fallback frames and hands each to its device.
 */
import { DurableObject } from "cloudflare:workers";
import { MsgIdClock } from "../protocol/msg-id.ts";
import type { EncodedUpdates } from "../protocol/transport.ts";
import { AuthKeyDevice, deviceSchema, httpError, type Shard, socketState } from "./auth-key-device.ts";
import type { CoreEnv } from "./env.ts";
import { migrate } from "./sql.ts";

/** The auth key id in `/v1/ws/<id>` and `/v1/http/<id>[/connect]`, as the gateway checked it. */
const AUTH_KEY_IN_PATH = /^\/v1\/(?:ws|http)\/([0-9a-f]{16})(?:\/connect)?$/;

export class AuthKeyObject extends DurableObject<CoreEnv> {
  private readonly shard: Shard;
  /** Devices of this shard seen since the object started (their in-memory counters and gates). */
  private readonly devices = new Map<string, AuthKeyDevice>();

  constructor(ctx: DurableObjectState, env: CoreEnv) {
    super(ctx, env);
    migrate(ctx.storage.sql, deviceSchema);
    this.shard = { ctx, env, sql: ctx.storage.sql, clock: new MsgIdClock() };
  }

  private device(authKeyId: string): AuthKeyDevice {
    const known = this.devices.get(authKeyId);
    if (known) return known;
    const d = new AuthKeyDevice(this.shard, authKeyId);
    // Only devices that have a key are remembered: requests for made-up ids must not grow memory.
    if (d.exists()) this.devices.set(authKeyId, d);
    return d;
  }

  // ------------------------------------------------------------ RPC surface for the gateway and other objects

  /** Stores a freshly negotiated auth key (POST /v1/auth_key). */
  create(authKey: Uint8Array, authKeyId: string): void {
    const d = this.device(authKeyId);
    d.create(authKey);
    this.devices.set(authKeyId, d);
  }

  /** Destroys the key: every later frame or connection gets 401 AUTH_KEY_UNREGISTERED. */
  revoke(authKeyId: string): void {
    this.device(authKeyId).revoke();
  }

  /**
   * Pushes an `updates` message (encoded once by `encodeUpdates`) to these devices of the shard.
   * One device failing does not keep the update from the others.
   */
  push(authKeyIds: string[], updates: EncodedUpdates): void {
    for (const id of authKeyIds) {
      try {
        this.device(id).push(updates);
      } catch (e) {
        console.error("push failed", id, e);
      }
    }
  }

  userId(authKeyId: string): number | null {
    return this.device(authKeyId).userId();
  }

  // ------------------------------------------------------------ HTTP entry (WebSocket upgrade and HTTP fallback)

  override async fetch(request: Request): Promise<Response> {
    const id = AUTH_KEY_IN_PATH.exec(new URL(request.url).pathname)?.[1];
    if (!id) return httpError(400, "AUTH_KEY_ID_INVALID");
    return this.device(id).fetch(request);
  }

  // ------------------------------------------------------------ WebSocket (hibernation API)

  override async webSocketMessage(ws: WebSocket, data: string | ArrayBuffer): Promise<void> {
    const st = socketState(ws);
    await this.device(st.authKeyId).webSocketMessage(ws, st, data);
  }

  override webSocketClose(ws: WebSocket, code: number): void {
    try {
      ws.close(code === 1005 || code === 1006 ? 1000 : code, "closing");
    } catch {
      // already closed
    }
  }

  override webSocketError(): void {
    // The runtime closes the socket; state lives in SQLite, so nothing to clean here.
  }
}
