/**
 * One device (one auth key) inside its AuthKeyObject shard: the key and the user it is signed in
 * as, its WebSockets (tagged with the key id), the msg_id window and replay cache, RPCs, resends
 * and pushes. Everything it stores is keyed by its auth key id, so devices sharing a shard never
 * see each other's sessions, connection keys or outboxes.
 */
import * as v from "valibot";
import { fromHex, fromUtf8, toHex, utf8 } from "../protocol/binary.ts";
import { Errors, toRpcError } from "../protocol/errors.ts";
import { frameKeyId, openFrame, sealEncodedFrame, sealFrame } from "../protocol/frame.ts";
import { type ServerIdentity, serverConnect, serverIdentityFromSeed } from "../protocol/handshake.ts";
import { checkMsgIdWindow, type MsgIdClock } from "../protocol/msg-id.ts";
import {
  ClientMessage,
  type EncodedUpdates,
  type HandshakeError,
  needsAck,
  type ServerMessage,
  WS_CLOSE_AUTH_KEY_UNREGISTERED,
  WS_CLOSE_HANDSHAKE_INVALID,
} from "../protocol/transport.ts";
import { limitedIp } from "../workers/gateway/client-ip.ts";
import { type DeviceState, dispatchRpc } from "../workers/gateway/rpc/dispatch.ts";
import { type CoreEnv, userObjectOf } from "./env.ts";
import { FloodGate } from "./flood-gate.ts";
import {
  acknowledge,
  deviceKeyRange,
  markAnswered,
  pendingOutgoing,
  recentHttpSessions,
  recordIncoming,
  savedSeq,
  saveSeq,
  sessionSchema,
  storeOutgoing,
  touchSession,
} from "./session-store.ts";
import { bytesOf, one, run } from "./sql.ts";

/** RPCs one device may make per 10 s before FLOOD_WAIT (uploads send many parts quickly). */
const RPC_LIMIT_PER_10S = 1000;
/** HTTP-fallback connection keys live this long without use. */
const HTTP_CONN_TTL_MS = 60 * 60_000;
const HTTP_SESSION_PUSH_WINDOW_MS = 10 * 60_000;

export const deviceSchema = [
  `CREATE TABLE IF NOT EXISTS auth_keys (
     auth_key_id TEXT PRIMARY KEY, auth_key BLOB NOT NULL, created INTEGER NOT NULL,
     user_id INTEGER, pending_user_id INTEGER, device_model TEXT NOT NULL DEFAULT 'unknown',
     app_name TEXT NOT NULL DEFAULT 'unknown')`,
  ...sessionSchema,
];

export type SocketState =
  | { phase: "hello"; authKeyId: string; ip: string | null }
  | {
      phase: "open";
      authKeyId: string;
      ip: string | null;
      connKeyId: string;
      c2s: string;
      s2c: string;
      sessionId: string | null;
    };
type OpenSocket = Extract<SocketState, { phase: "open" }>;

interface KeyRow {
  auth_key: ArrayBuffer;
  auth_key_id: string;
  user_id: number | null;
  pending_user_id: number | null;
  device_model: string;
  app_name: string;
}

/** Where replies for one incoming frame go: a socket's session, or an HTTP response body. */
interface Sink {
  sessionId: string;
  /** The client's address for per-IP limits (null locally). */
  ip: string | null;
  http: { frames: Uint8Array[]; s2c: Uint8Array; kid: Uint8Array } | null;
}

let identityCache: { seed: string; identity: ServerIdentity } | null = null;
function identityOf(env: CoreEnv): ServerIdentity {
  if (identityCache?.seed !== env.SERVER_IDENTITY_KEY) {
    identityCache = { seed: env.SERVER_IDENTITY_KEY, identity: serverIdentityFromSeed(env.SERVER_IDENTITY_KEY) };
  }
  return identityCache.identity;
}

/** A socket's state, kept in its attachment so that it survives hibernation. */
export function socketState(ws: WebSocket): SocketState {
  return ws.deserializeAttachment() as SocketState;
}

function setSocketState(ws: WebSocket, st: SocketState): void {
  ws.serializeAttachment(st);
}

/** What one device's code needs from the shard that hosts it. */
export interface Shard {
  ctx: DurableObjectState;
  env: CoreEnv;
  sql: SqlStorage;
  /** One clock for the whole object: server msg_ids stay unique and increasing per session. */
  clock: MsgIdClock;
}

export class AuthKeyDevice {
  private readonly ctx: DurableObjectState;
  private readonly env: CoreEnv;
  private readonly sql: SqlStorage;
  private readonly clock: MsgIdClock;
  /** RPCs running right now; a revoke during one closes the sockets after its reply. */
  private inFlight = 0;
  private readonly rpcGate = new FloodGate(RPC_LIMIT_PER_10S, 10_000);
  /** Requests being executed by this instance, as `session:msg_id`. */
  private readonly running = new Set<string>();
  /** seq_no per session, counted in memory (it is informative) and saved along with stored messages. */
  private readonly seqs = new Map<string, number>();
  /** False once a push found no recent HTTP session, until one polls again (saves a query per push). */
  private mayHavePolling: boolean | undefined;

  readonly id: string;

  constructor(shard: Shard, id: string) {
    this.id = id;
    this.ctx = shard.ctx;
    this.env = shard.env;
    this.sql = shard.sql;
    this.clock = shard.clock;
  }

  /** The session's key in shared tables: the auth key id keeps devices' sessions apart. */
  private sk(sessionId: string): string {
    return `${this.id}:${sessionId}`;
  }

  /** Stores a freshly negotiated auth key. */
  create(authKey: Uint8Array): void {
    run(
      this.sql,
      "INSERT OR IGNORE INTO auth_keys (auth_key_id, auth_key, created) VALUES (?, ?, ?)",
      this.id,
      authKey,
      Date.now(),
    );
  }

  /** Destroys the key: every later frame or connection gets 401 AUTH_KEY_UNREGISTERED. */
  revoke(): void {
    const [from, to] = deviceKeyRange(this.id);
    run(this.sql, "DELETE FROM auth_keys WHERE auth_key_id = ?", this.id);
    for (const t of ["seen", "outbox", "sessions"])
      run(this.sql, `DELETE FROM ${t} WHERE session_id >= ? AND session_id < ?`, from, to);
    run(this.sql, "DELETE FROM http_conns WHERE conn_key_id >= ? AND conn_key_id < ?", from, to);
    if (this.inFlight === 0) this.closeAll();
  }

  private sockets(): WebSocket[] {
    return this.ctx.getWebSockets(this.id);
  }

  private closeAll(): void {
    for (const ws of this.sockets()) {
      this.sendHandshakeError(ws, 401, "AUTH_KEY_UNREGISTERED");
      ws.close(WS_CLOSE_AUTH_KEY_UNREGISTERED, "AUTH_KEY_UNREGISTERED");
    }
  }

  /**
   * Server-initiated updates for this device, pushed to its open sessions. `updates` is an
   * `updates` message already encoded by `encodeUpdates`: a chat pushing to many devices encodes
   * it once and each device only seals it. Over a WebSocket they are sent, not kept: every update
   * carries a pts, so a device that misses one (a dropped socket) sees the gap and calls
   * getDifference, and no storage write holds the push back. HTTP sessions can only be reached
   * by their next poll, so theirs wait in the outbox until acknowledged.
   */
  push(updates: EncodedUpdates): void {
    const polling = new Set<string>(this.pollingSessions());
    if (polling.size > 0) {
      const msg = JSON.parse(fromUtf8(updates)) as ServerMessage;
      for (const s of polling) this.deliver({ sessionId: s, ip: null, http: null }, msg, null);
    }
    const msgIds = new Map<string, bigint>(); // one msg_id per session, shared by its sockets
    for (const ws of this.sockets()) {
      const st = socketState(ws);
      if (st.phase !== "open" || !st.sessionId || polling.has(st.sessionId)) continue;
      const msgId = msgIds.get(st.sessionId) ?? this.clock.next();
      msgIds.set(st.sessionId, msgId);
      this.sendOn(ws, st, st.sessionId, msgId, updates);
    }
  }

  /** Sessions on the HTTP fallback, polled recently; remembered as none until one polls again. */
  private pollingSessions(): string[] {
    if (this.mayHavePolling === false) return [];
    const since = Date.now() - HTTP_SESSION_PUSH_WINDOW_MS;
    const ids = recentHttpSessions(this.sql, since, this.id);
    this.mayHavePolling = ids.length > 0;
    return ids;
  }

  userId(): number | null {
    return this.key()?.user_id ?? null;
  }

  /** Whether this auth key exists (was created and not revoked). */
  exists(): boolean {
    return this.key() !== null;
  }

  // ------------------------------------------------------------ HTTP entry (WebSocket upgrade and HTTP fallback)

  async fetch(request: Request): Promise<Response> {
    const url = new URL(request.url);
    if (request.headers.get("Upgrade")?.toLowerCase() === "websocket") {
      const pair = new WebSocketPair();
      const [client, server] = [pair[0], pair[1]];
      this.ctx.acceptWebSocket(server, [this.id]);
      setSocketState(server, { phase: "hello", authKeyId: this.id, ip: limitedIp(request.headers, this.env) });
      if (!this.key()) {
        // Browsers hide the body of a failed upgrade, so accept and explain in a frame.
        this.sendHandshakeError(server, 401, "AUTH_KEY_UNREGISTERED");
        server.close(WS_CLOSE_AUTH_KEY_UNREGISTERED, "AUTH_KEY_UNREGISTERED");
      }
      return new Response(null, { status: 101, webSocket: client });
    }
    if (request.method !== "POST") return httpError(405, "METHOD_NOT_ALLOWED");
    const body = new Uint8Array(await request.arrayBuffer());
    return url.pathname.endsWith("/connect")
      ? this.httpConnect(body)
      : this.httpFrame(body, limitedIp(request.headers, this.env));
  }

  private connKey(kid: Uint8Array): string {
    return `${this.id}:${toHex(kid)}`;
  }

  private httpConnect(hello: Uint8Array): Response {
    const key = this.key();
    if (!key) return httpError(401, "AUTH_KEY_UNREGISTERED");
    try {
      const { reply, keys } = serverConnect(hello, bytesOf(key.auth_key), identityOf(this.env));
      run(this.sql, "DELETE FROM http_conns WHERE expires < ?", Date.now());
      run(
        this.sql,
        "INSERT OR REPLACE INTO http_conns (conn_key_id, c2s, s2c, expires) VALUES (?, ?, ?, ?)",
        this.connKey(keys.connKeyId),
        keys.c2s,
        keys.s2c,
        Date.now() + HTTP_CONN_TTL_MS,
      );
      return new Response(reply, { headers: { "content-type": "application/octet-stream" } });
    } catch (e) {
      const err = toRpcError(e);
      return httpError(err.code, err.text);
    }
  }

  private async httpFrame(frame: Uint8Array, ip: string | null): Promise<Response> {
    if (!this.key()) return httpError(401, "AUTH_KEY_UNREGISTERED");
    const kid = frameKeyId(frame);
    const connKey = kid ? this.connKey(kid) : "";
    const conn = kid
      ? one<{ c2s: ArrayBuffer; s2c: ArrayBuffer }>(
          this.sql,
          "SELECT c2s, s2c FROM http_conns WHERE conn_key_id = ? AND expires >= ?",
          connKey,
          Date.now(),
        )
      : null;
    if (!kid || !conn) return httpError(401, "CONNECTION_KEY_UNREGISTERED");
    run(this.sql, "UPDATE http_conns SET expires = ? WHERE conn_key_id = ?", Date.now() + HTTP_CONN_TTL_MS, connKey);
    const payload = openFrame(bytesOf(conn.c2s), frame);
    // A frame that fails authentication is dropped: an empty 200 body says nothing to an attacker.
    if (!payload) return framesResponse([]);
    const sessionId = payload.sessionId.toString();
    touchSession(this.sql, this.sk(sessionId), Date.now(), true);
    this.mayHavePolling = true;
    const sink: Sink = { sessionId, ip, http: { frames: [], s2c: bytesOf(conn.s2c), kid } };
    await this.handlePayload(payload, toHex(kid), sink);
    // Everything still unacknowledged for this session rides along (results, pushed updates).
    for (const p of pendingOutgoing(this.sql, this.sk(sessionId))) {
      this.sealInto(sink, BigInt(p.msg_id), JSON.parse(p.body));
    }
    return framesResponse(sink.http?.frames ?? []);
  }

  // ------------------------------------------------------------ WebSocket (hibernation API)

  async webSocketMessage(ws: WebSocket, st: SocketState, data: string | ArrayBuffer): Promise<void> {
    if (typeof data === "string") {
      if (st.phase === "hello") this.failHandshake(ws, 400, "HANDSHAKE_INVALID");
      return; // text frames after the handshake are noise: dropped
    }
    const bytes = new Uint8Array(data);
    if (st.phase === "hello") {
      const key = this.key();
      if (!key) return this.failHandshake(ws, 401, "AUTH_KEY_UNREGISTERED");
      try {
        const { reply, keys } = serverConnect(bytes, bytesOf(key.auth_key), identityOf(this.env));
        setSocketState(ws, {
          phase: "open",
          authKeyId: this.id,
          ip: st.ip,
          connKeyId: toHex(keys.connKeyId),
          c2s: toHex(keys.c2s),
          s2c: toHex(keys.s2c),
          sessionId: null,
        });
        ws.send(reply);
      } catch (e) {
        const err = toRpcError(e);
        this.failHandshake(ws, err.code, err.text);
      }
      return;
    }
    if (!this.key()) return this.failHandshake(ws, 401, "AUTH_KEY_UNREGISTERED");
    const kid = frameKeyId(bytes);
    if (!kid || toHex(kid) !== st.connKeyId) return; // not ours: dropped
    const payload = openFrame(fromHex(st.c2s), bytes);
    if (!payload) return; // tampered or truncated: dropped
    const sessionId = payload.sessionId.toString();
    const now = Date.now();
    if (st.sessionId !== sessionId) {
      const reopened: OpenSocket = { ...st, sessionId };
      setSocketState(ws, reopened);
      touchSession(this.sql, this.sk(sessionId), now, false);
      // A session seen anew on this connection gets everything it has not acknowledged.
      for (const p of pendingOutgoing(this.sql, this.sk(sessionId)))
        this.sendOn(ws, reopened, sessionId, BigInt(p.msg_id), utf8(p.body));
    }
    await this.handlePayload(payload, st.connKeyId, { sessionId, ip: st.ip, http: null });
  }

  // ------------------------------------------------------------ incoming messages

  private async handlePayload(
    payload: { sessionId: bigint; msgId: bigint; body: unknown; blob: Uint8Array },
    conn: string,
    sink: Sink,
  ): Promise<void> {
    const msgId = payload.msgId.toString();
    const sk = this.sk(sink.sessionId);
    const window = checkMsgIdWindow(payload.msgId);
    if (window !== "ok") return this.badMsg(sink, msgId, window === "MSG_ID_TOO_OLD" ? 16 : 17, window);
    const verdict = recordIncoming(this.sql, sk, msgId, conn, Date.now());
    if (verdict === "replay") return this.badMsg(sink, msgId, 19, "MSG_ID_DUPLICATE");
    // Still running in this very instance: its answer goes to the session when ready. A request left
    // unanswered by an instance that died (restart, eviction) runs again; sends are idempotent by random_id.
    if (verdict === "in-flight" && this.running.has(`${sink.sessionId}:${msgId}`)) return;
    if (verdict === "answered") {
      const stillPending = one(this.sql, "SELECT 1 FROM outbox WHERE session_id = ? AND req_msg_id = ?", sk, msgId);
      if (!stillPending) this.badMsg(sink, msgId, 19, "MSG_ID_DUPLICATE");
      return; // a pending answer was already resent when the session reconnected
    }
    const parsed = v.safeParse(ClientMessage, payload.body);
    if (!parsed.success) {
      markAnswered(this.sql, sk, msgId);
      return this.deliver(sink, { _: "error", req_msg_id: msgId, code: 400, message: "INPUT_INVALID" }, msgId);
    }
    const msg = parsed.output;
    if (msg._ === "ack") {
      markAnswered(this.sql, sk, msgId);
      return acknowledge(this.sql, sk, msg.msg_ids);
    }
    if (msg._ === "ping") {
      markAnswered(this.sql, sk, msgId);
      return this.deliver(sink, { _: "pong", ping_id: msg.ping_id }, null);
    }
    const wait = this.rpcGate.take(Date.now());
    if (wait > 0) {
      markAnswered(this.sql, sk, msgId);
      return this.deliver(sink, { _: "error", req_msg_id: msgId, code: 420, message: `FLOOD_WAIT_${wait}` }, msgId);
    }
    let reply: ServerMessage;
    let blob: Uint8Array | undefined;
    const runKey = `${sink.sessionId}:${msgId}`;
    this.running.add(runKey);
    this.inFlight++;
    try {
      const out = await dispatchRpc(
        { env: this.env, authKeyId: this.id, device: this.deviceState(), blob: payload.blob, clientIp: sink.ip },
        msg.method,
        msg.params ?? {},
      );
      reply = { _: "result", req_msg_id: msgId, result: out.result };
      blob = out.blob;
    } catch (e) {
      const err = toRpcError(e);
      if (err.code >= 500) console.error("rpc failed", msg.method, e);
      reply = { _: "error", req_msg_id: msgId, code: err.code, message: err.text };
    } finally {
      this.inFlight--;
      this.running.delete(runKey);
    }
    if (!this.key()) {
      // Logged out by this very call (or meanwhile): answer once, keep nothing, then hang up.
      this.deliver(sink, reply, msgId, blob, false);
      if (this.inFlight === 0) this.closeAll();
      return;
    }
    markAnswered(this.sql, sk, msgId);
    this.deliver(sink, reply, msgId, blob);
  }

  private badMsg(sink: Sink, badMsgId: string, code: number, message: string): void {
    this.deliver(
      sink,
      { _: "bad_msg", bad_msg_id: badMsgId, code, message, server_time: Math.floor(Date.now() / 1000) },
      null,
    );
  }

  /** Stores what needs an ack in the outbox, then sends it to the session's sockets (or the HTTP body). */
  private deliver(sink: Sink, msg: ServerMessage, reqMsgId: string | null, blob?: Uint8Array, keep = true): void {
    const msgId = this.clock.next();
    // Results with bytes are not kept for resend: the client simply asks for the part again.
    if (keep && needsAck(msg) && !blob?.length) {
      const sk = this.sk(sink.sessionId);
      storeOutgoing(this.sql, sk, msgId.toString(), reqMsgId, JSON.stringify(msg), Date.now());
      saveSeq(this.sql, sk, (this.seqs.get(sink.sessionId) ?? 0) + 1);
      if (sink.http) return; // the HTTP response drains the outbox after this call
    }
    if (sink.http) {
      this.sealInto(sink, msgId, msg, blob);
      return;
    }
    const json = utf8(JSON.stringify(msg));
    for (const ws of this.sockets()) {
      const st = socketState(ws);
      if (st.phase === "open" && st.sessionId === sink.sessionId)
        this.sendOn(ws, st, sink.sessionId, msgId, json, blob);
    }
  }

  private nextSeqNo(sessionId: string): number {
    const n = (this.seqs.get(sessionId) ?? savedSeq(this.sql, this.sk(sessionId))) + 1;
    this.seqs.set(sessionId, n);
    return n;
  }

  private sealInto(sink: Sink, msgId: bigint, msg: unknown, blob?: Uint8Array): void {
    if (!sink.http) return;
    sink.http.frames.push(
      sealFrame(sink.http.s2c, sink.http.kid, {
        sessionId: BigInt(sink.sessionId),
        msgId,
        seqNo: this.nextSeqNo(sink.sessionId),
        body: msg,
        blob: blob ?? new Uint8Array(),
      }),
    );
  }

  /** Seals a message body already encoded as UTF-8 JSON under an open socket's keys and sends it. */
  private sendOn(ws: WebSocket, st: OpenSocket, sessionId: string, msgId: bigint, json: Uint8Array, blob?: Uint8Array) {
    try {
      ws.send(
        sealEncodedFrame(
          fromHex(st.s2c),
          fromHex(st.connKeyId),
          { sessionId: BigInt(sessionId), msgId, seqNo: this.nextSeqNo(sessionId), blob: blob ?? new Uint8Array() },
          json,
        ),
      );
    } catch {
      // A socket closing under us: the outbox keeps what needs an ack; a missed push shows as a pts gap.
    }
  }

  sendHandshakeError(ws: WebSocket, code: number, message: string): void {
    try {
      ws.send(JSON.stringify({ error: { code, message } } satisfies HandshakeError));
    } catch {
      // already closed
    }
  }

  private failHandshake(ws: WebSocket, code: number, message: string): void {
    this.sendHandshakeError(ws, code, message);
    ws.close(code === 401 ? WS_CLOSE_AUTH_KEY_UNREGISTERED : WS_CLOSE_HANDSHAKE_INVALID, message);
  }

  // ------------------------------------------------------------ device state for handlers

  private key(): KeyRow | null {
    return one<KeyRow>(this.sql, "SELECT * FROM auth_keys WHERE auth_key_id = ?", this.id);
  }

  private deviceState(): DeviceState {
    const sql = this.sql;
    const env = this.env;
    const id = this.id;
    const key = this.key();
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
        const current = one<KeyRow>(sql, "SELECT * FROM auth_keys WHERE auth_key_id = ?", id);
        if (!current) throw Errors.unauthorized();
        // Listed (and registered for pushes) first: a failure leaves the key unbound, not half signed in.
        await userObjectOf(env, userId).addAuthorization(current.auth_key_id, current.device_model, current.app_name);
        run(sql, "UPDATE auth_keys SET user_id = ?, pending_user_id = NULL WHERE auth_key_id = ?", userId, id);
      },
    };
  }
}

export function httpError(status: number, message: string): Response {
  return Response.json({ error: { code: status, message } } satisfies HandshakeError, { status });
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
