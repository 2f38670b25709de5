/**
 * AuthKeyObject: one shard of auth keys (devices) — the seed's "Auth Service". Each device's
 * logic is an AuthKeyDevice; this object hosts a shard of them, so a chat reaches all of a
 * shard's devices in one call instead of one call per device (a big chat's post: the shard's connected
 * devices of its members, connected-devices.ts). It accepts their WebSockets
 * (hibernating, tagged with the auth key id) and HTTP-fallback frames and hands each to its device.
 * Its alarm purges expired HTTP-fallback connections and auth keys that never signed in, closes
 * sockets that never sent their connect hello (WS_HELLO_TIMEOUT_MS), and collects dead sessions.
 * Sockets that fell idle (WS_IDLE_TIMEOUT_MS) are closed whenever the shard is awake anyway, never by
 * an alarm of their own: a shard whose sockets all hibernate is not woken at all.
 * MTProto devices live here too (mtproto-device.ts), and the shard holds MTProto sockets and handshakes.
 */
import { DurableObject } from "cloudflare:workers";
import { limitedIp } from "../core/client-ip.ts";
import { tallyObjectCall } from "../core/object-calls.ts";
import { authKeyShardOf } from "../core/objects.ts";
import { MsgIdClock } from "../protocol/msg-id.ts";
import { type EncodedUpdates, WS_KEEPALIVE_PING, WS_KEEPALIVE_PONG } from "../protocol/transport.ts";
import { AuthKeyDevice, deviceSchema, type Shard } from "./auth-key-device.ts";
import { expiredUnboundKeys, nextUnboundExpiry, UNBOUND_KEY_TTL_MS } from "./auth-key-store.ts";
import { ConnectedDevices } from "./connected-devices.ts";
import { closeSilentHellos, httpError, IdleSweep, liveSessions, markSeen, socketState } from "./device-socket.ts";
import { nextConnExpiry, purgeExpiredConns } from "./http-fallback.ts";
import { keyAtRestOf } from "./key-at-rest.ts";
import { type OpenedBind, openBindForPerm, rememberBoundTemp } from "./mtproto-bind.ts";
import { MtprotoDevice, type MtVia } from "./mtproto-device.ts";
import { type MtAnswer, purgeHandshakes, runHandshakeStep } from "./mtproto-handshake.ts";
import {
  expiredTempMtKeys,
  expiredUnboundMtKeys,
  mtDeviceStateOf,
  mtKeySchema,
  nextTempMtExpiry,
  nextUnboundMtExpiry,
  unbindMtKey,
} from "./mtproto-key-store.ts";
import {
  acceptMtSocket,
  closeMtSocket,
  isMtSocket,
  MT_PREKEY_LIMIT_MS,
  MT_SHARD_HEADER,
  MT_SOCKET_TAG,
  type MtSocketHost,
  onMtSocketMessage,
  pushOnConnection,
} from "./mtproto-socket.ts";
import { addAnswerColumns, collectDeadSessions, nextSessionExpiry } from "./session-store.ts";
import { migrate } from "./sql.ts";

/** The auth key id in `/v1/ws/<id>` and `/v1/http/<id>[/connect]`, as the gateway checked it. */
const AUTH_KEY_IN_PATH = /^\/v1\/(?:ws|http)\/([0-9a-f]{16})(?:\/connect)?$/;

export class AuthKeyObject extends DurableObject<Env> {
  private readonly shard: Shard;
  /** Devices of this shard seen since the object started (their in-memory counters and gates). */
  private readonly devices = new Map<string, AuthKeyDevice>();
  /** When the cleanup alarm is set for, as this instance last saw or set it. */
  private alarmAt: number | null = null;
  private readonly idleSweep = new IdleSweep();

  constructor(ctx: DurableObjectState, env: Env) {
    super(ctx, env);
    migrate(ctx.storage.sql, [...deviceSchema, ...mtKeySchema]);
    addAnswerColumns(ctx.storage.sql);
    this.shard = {
      ctx,
      env,
      sql: ctx.storage.sql,
      clock: new MsgIdClock(),
      cleanupBy: (at) => this.cleanupBy(at),
      connected: new ConnectedDevices(ctx, ctx.storage.sql),
    };
    // Keepalives are answered by the runtime without waking the shard; it records when, for the idle limit.
    ctx.setWebSocketAutoResponse(new WebSocketRequestResponsePair(WS_KEEPALIVE_PING, WS_KEEPALIVE_PONG));
  }

  /** Moves the cleanup alarm earlier if `at` comes before it (never later: other rows may need it). */
  private async cleanupBy(at: number): Promise<void> {
    // Most calls find the alarm already early enough: remembered, that costs no storage call.
    if (this.alarmAt !== null && this.alarmAt <= at) return;
    const current = await this.ctx.storage.getAlarm();
    this.alarmAt = current !== null && current <= at ? current : at;
    if (this.alarmAt === at) await this.ctx.storage.setAlarm(at);
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

  /** Stores a freshly negotiated auth key (POST /v1/auth_key); it expires unless a user signs in with it. */
  async create(authKey: Uint8Array, authKeyId: string): Promise<void> {
    const d = this.device(authKeyId);
    d.create(authKey);
    this.devices.set(authKeyId, d);
    await this.cleanupBy(Date.now() + UNBOUND_KEY_TTL_MS);
  }

  /** Destroys the key: every later frame or connection gets 401 AUTH_KEY_UNREGISTERED. */
  async revoke(authKeyId: string): Promise<void> {
    this.device(authKeyId).revoke();
    await new MtprotoDevice(this.shard, authKeyId).revoke();
  }

  // ------------------------------------------------------------ MTProto (auth keys, packets, handshakes by nonce)

  /** Stores an MTProto auth key the handshake created; it expires unless a user signs in with it. */
  async mtCreate(authKeyId: string, authKey: Uint8Array, firstSalt: bigint, expiresIn: number | null): Promise<void> {
    new MtprotoDevice(this.shard, authKeyId).create(authKey, firstSalt, expiresIn);
    const ttl = expiresIn === null ? UNBOUND_KEY_TTL_MS : Math.min(UNBOUND_KEY_TTL_MS, expiresIn * 1000);
    await this.cleanupBy(Date.now() + ttl);
  }

  /** auth.bindTempAuthKey, the permanent key's side: its encrypted_message opened, with the key's sign-in. */
  mtOpenBind(permId: string, encrypted: Uint8Array): OpenedBind | null {
    return openBindForPerm(this.ctx.storage.sql, keyAtRestOf(this.env), permId, encrypted);
  }

  /** A temporary key now speaks for this permanent key: its sign-outs and pushes reach the temporary key too. */
  async mtRememberBound(permId: string, tempId: string, expiresAt: number): Promise<void> {
    await rememberBoundTemp(this.ctx.storage, permId, tempId, expiresAt);
    this.shard.connected.mtRouted(permId);
  }

  /** A user signed in through a temporary key bound to this permanent key: the permanent key is the authorization. */
  async mtSignInBound(permId: string, userId: number, deviceModel: string, appName: string): Promise<void> {
    const device = mtDeviceStateOf(this.ctx.storage.sql, this.env, permId);
    device.setDevice(deviceModel, appName);
    await device.bindUser(userId);
  }

  /** The permanent key a temporary key was bound to was signed out: so is the temporary key. */
  mtSignOutBound(tempId: string): void {
    unbindMtKey(this.ctx.storage.sql, tempId);
  }

  /** One encrypted MTProto packet for a key of this shard, forwarded by whoever holds the connection. */
  mtPacket(authKeyId: string, packet: Uint8Array, via: MtVia): Promise<MtAnswer> {
    return new MtprotoDevice(this.shard, authKeyId).receive(packet, via);
  }

  /** One plain handshake packet whose nonce maps to this shard. */
  async mtHandshake(packet: Uint8Array): Promise<MtAnswer> {
    const answer = await runHandshakeStep(this.ctx.storage, this.env, packet);
    await this.cleanupBy(Date.now() + MT_PREKEY_LIMIT_MS * 5);
    return answer;
  }

  private mtHost(shardName: string): MtSocketHost {
    return {
      env: this.env,
      shardName,
      handshake: (p) => this.mtHandshake(p),
      packet: (id, p, via) => this.mtPacket(id, p, via),
    };
  }

  /**
   * Pushes an `updates` message (encoded once by `encodeUpdates`) to these devices of the shard.
   * One device failing does not keep the update from the others.
   */
  async push(authKeyIds: string[], updates: EncodedUpdates): Promise<void> {
    if (authKeyIds[0]) tallyObjectCall(authKeyShardOf(authKeyIds[0]));
    this.idleSweep.run(this.ctx, Date.now());
    const mt: Promise<void>[] = [];
    for (const id of authKeyIds) {
      try {
        // A device this instance already knows is one of ours: no MTProto key lookup on the way to its socket.
        const known = this.devices.get(id);
        if (known) {
          known.push(updates);
          continue;
        }
        const device = new MtprotoDevice(this.shard, id);
        if (device.exists()) mt.push(device.push(updates).catch((e) => console.error("mtproto push failed", id, e)));
        else this.device(id).push(updates);
      } catch (e) {
        console.error("push failed", id, e);
      }
    }
    await Promise.all(mt);
  }

  /**
   * Pushes to the devices of this shard (`shard`, its name) that can take a push now and belong to one of
   * `memberIds` (ascending), except `senderDevice`: a supergroup or channel post, sent to every shard, reads
   * nothing for members whose devices are offline (connected-devices.ts).
   */
  async pushToMembers(
    shard: string,
    memberIds: ArrayLike<number>,
    updates: EncodedUpdates,
    senderDevice?: string,
  ): Promise<void> {
    tallyObjectCall(shard);
    this.idleSweep.run(this.ctx, Date.now());
    const { devices, mtKeys } = await this.shard.connected.ofMembers(memberIds, senderDevice);
    for (const id of devices) {
      try {
        this.device(id).push(updates);
      } catch (e) {
        console.error("push failed", id, e);
      }
    }
    await Promise.all(
      mtKeys.map((id) =>
        new MtprotoDevice(this.shard, id).push(updates).catch((e) => console.error("mtproto push failed", id, e)),
      ),
    );
  }

  /** A sealed MTProto packet the key's shard pushes on a connection this shard holds; false when it is gone. */
  mtSend(conn: string, packet: Uint8Array): boolean {
    return pushOnConnection(this.ctx, conn, packet);
  }

  userId(authKeyId: string): number | null {
    return this.device(authKeyId).userId();
  }

  // ------------------------------------------------------------ HTTP entry (WebSocket upgrade and HTTP fallback)

  override async fetch(request: Request): Promise<Response> {
    this.idleSweep.run(this.ctx, Date.now());
    const url = new URL(request.url);
    if (url.pathname === "/apiws") {
      const res = acceptMtSocket(this.ctx, request, {
        ip: limitedIp(request.headers, this.env),
        host: url.hostname,
        port: Number(url.port || (url.protocol === "https:" ? 443 : 80)),
        shard: request.headers.get(MT_SHARD_HEADER) ?? "",
      });
      await this.cleanupBy(Date.now() + MT_PREKEY_LIMIT_MS);
      return res;
    }
    const id = AUTH_KEY_IN_PATH.exec(new URL(request.url).pathname)?.[1];
    if (!id) return httpError(400, "AUTH_KEY_ID_INVALID");
    return this.device(id).fetch(request);
  }

  /**
   * Purges expired HTTP-fallback connections and unbound auth keys and closes sockets that never
   * sent their hello (and, being awake, idle ones), collects dead sessions with their outboxes, then
   * waits for the next expiry. Open sockets set no alarm: a shard of hibernating sockets stays asleep.
   */
  override async alarm(): Promise<void> {
    const now = Date.now();
    this.alarmAt = null;
    purgeExpiredConns(this.ctx.storage.sql, now);
    for (const id of expiredUnboundKeys(this.ctx.storage.sql, now - UNBOUND_KEY_TTL_MS)) {
      this.device(id).revoke();
      this.devices.delete(id);
    }
    for (const ws of this.ctx.getWebSockets(MT_SOCKET_TAG)) {
      const st = ws.deserializeAttachment();
      if (isMtSocket(st) && !st.keyed && st.openedAt < now - MT_PREKEY_LIMIT_MS)
        closeMtSocket(ws, st, "handshake timeout");
    }
    const nextHandshake = await purgeHandshakes(this.ctx.storage, now);
    for (const id of expiredUnboundMtKeys(this.ctx.storage.sql, now - UNBOUND_KEY_TTL_MS))
      await new MtprotoDevice(this.shard, id).forget();
    for (const id of expiredTempMtKeys(this.ctx.storage.sql, now)) await new MtprotoDevice(this.shard, id).forget();
    const pending = this.ctx
      .getWebSockets(MT_SOCKET_TAG)
      .some((ws) => !(ws.deserializeAttachment() as { keyed?: boolean })?.keyed);
    const silent = closeSilentHellos(this.ctx, now);
    this.idleSweep.run(this.ctx, now, true);
    collectDeadSessions(this.ctx.storage.sql, now, liveSessions(this.ctx));
    const next = [
      nextConnExpiry(this.ctx.storage.sql),
      nextUnboundExpiry(this.ctx.storage.sql),
      nextSessionExpiry(this.ctx.storage.sql),
      silent,
      nextHandshake,
      nextUnboundMtExpiry(this.ctx.storage.sql, UNBOUND_KEY_TTL_MS),
      nextTempMtExpiry(this.ctx.storage.sql),
      pending ? now + MT_PREKEY_LIMIT_MS : null,
    ]
      .filter((t): t is number => t !== null)
      .map((t) => Math.max(t + 1, now + 1000));
    if (next.length === 0) return;
    // Set outright: while this alarm runs, the stored alarm may still read as the one firing now.
    this.alarmAt = Math.min(...next);
    await this.ctx.storage.setAlarm(this.alarmAt);
  }

  // ------------------------------------------------------------ WebSocket (hibernation API)

  override async webSocketMessage(ws: WebSocket, data: string | ArrayBuffer): Promise<void> {
    const now = Date.now();
    this.idleSweep.run(this.ctx, now);
    const mt = ws.deserializeAttachment();
    if (isMtSocket(mt)) return onMtSocketMessage(this.mtHost(mt.via.shard), ws, mt, data);
    const st = markSeen(ws, socketState(ws), now);
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
