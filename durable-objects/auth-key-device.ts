/**
 * One device (one auth key) inside its AuthKeyObject shard: the shell that ties its key, its
 * transports (ws-transport, http-fallback), its outgoing messages (session-sender) and the RPCs
 * it runs. Everything it stores is keyed by its auth key id, so devices sharing a shard never see
 * each other's sessions, connection keys or outboxes.
 */
import * as v from "valibot";
import { limitedIp } from "../core/client-ip.ts";
import { FloodLimiter } from "../core/flood.ts";
import { dispatchRpc } from "../core/rpc/dispatch.ts";
import { fromUtf8 } from "../protocol/binary.ts";
import { BODY_READ_TIMEOUT_MS, readBounded } from "../protocol/bounded-read.ts";
import { Errors, type RpcError, toRpcError } from "../protocol/errors.ts";
import { MAX_FRAME_SIZE } from "../protocol/frame.ts";
import { checkMsgIdWindow, type MsgIdClock } from "../protocol/msg-id.ts";
import { ClientMessage, type EncodedUpdates, type ServerMessage, WS_HELLO_TIMEOUT_MS } from "../protocol/transport.ts";
import { dropAckedAnswers } from "./answer-acks.ts";
import { authKeySchema, deleteKey, deviceStateOf, insertKey, keyRow, loadAuthKey } from "./auth-key-store.ts";
import type { ConnectedDevices } from "./connected-devices.ts";
import { failHandshake, httpError, type SocketState, socketState } from "./device-socket.ts";
import { deleteDeviceConns, HttpFallback, httpConnSchema } from "./http-fallback.ts";
import { type KeyAtRest, keyAtRestOf } from "./key-at-rest.ts";
import { type DeviceCore, type IncomingPayload, SessionSender, type Sink } from "./session-sender.ts";
import {
  acknowledge,
  answersKept,
  deviceKeyRange,
  markAnswered,
  pendingAnswer,
  recentHttpSessions,
  recordIncoming,
  sessionSchema,
} from "./session-store.ts";
import { run } from "./sql.ts";
import { acceptSocket, onSocketMessage } from "./ws-transport.ts";

/**
 * Requests that running twice leaves as running once, whose answer is not worth keeping for resend:
 * reads (bytes: cheap to ask again) and file parts (an upload stores a part once, by index and hash).
 * Neither marked answered nor stored (the client resends what is unanswered after a reconnect), and
 * simply run again when resent on a new connection. On a WebSocket they write no row at all: the
 * connection's replay window in the socket's attachment refuses a replayed frame (connection-replay.ts);
 * over the HTTP fallback, whose connections outlive any instance, they are recorded like every request.
 */
const RERUNNABLE = new Set(["upload.getFile", "upload.saveFilePart", "upload.saveBigFilePart"]);

/** RPCs one device may make per 10 s before FLOOD_WAIT (uploads send many parts quickly). */
const RPC_LIMIT_PER_10S = 1000;
const HTTP_SESSION_PUSH_WINDOW_MS = 10 * 60_000;

export const deviceSchema = [...authKeySchema, ...sessionSchema, ...httpConnSchema];

/** What one device's code needs from the shard that hosts it. */
export interface Shard {
  ctx: DurableObjectState;
  env: Env;
  sql: SqlStorage;
  /** One clock for the whole object: server msg_ids stay unique and increasing per session. */
  clock: MsgIdClock;
  /** Makes sure the shard's cleanup alarm fires by `at` (expired connections, unbound keys). */
  cleanupBy(at: number): Promise<void>;
  /** The shard's devices that can take a push now (told when an MTProto key gets a push route). */
  connected: ConnectedDevices;
}

export class AuthKeyDevice implements DeviceCore {
  readonly id: string;
  readonly sql: SqlStorage;
  readonly sender: SessionSender;
  private readonly ctx: DurableObjectState;
  private readonly env: Env;
  private readonly vault: KeyAtRest;
  private readonly http: HttpFallback;
  private readonly cleanupBy: (at: number) => Promise<void>;
  /** RPCs running right now; a revoke during one closes the sockets after its reply. */
  private inFlight = 0;
  private readonly rpcGate = new FloodLimiter({ kind: "window", limit: RPC_LIMIT_PER_10S, windowMs: 10_000 });
  /** Requests being executed by this instance, as `session:msg_id`. */
  private readonly running = new Set<string>();
  /** False once a push found no recent HTTP session, until one polls again (saves a query per push). */
  private mayHavePolling: boolean | undefined;
  /**
   * The key was found to exist; only revoke() deletes it, through this very instance (the shard keeps
   * one per existing key), so every frame need not read the row again to know.
   */
  private known = false;

  constructor(shard: Shard, id: string) {
    this.id = id;
    this.ctx = shard.ctx;
    this.env = shard.env;
    this.sql = shard.sql;
    this.vault = keyAtRestOf(shard.env);
    this.sender = new SessionSender(shard.ctx, shard.sql, shard.clock, id);
    this.cleanupBy = (at) => shard.cleanupBy(at);
    this.http = new HttpFallback(this, shard.env, this.vault, this.cleanupBy);
  }

  /** Stores a freshly negotiated auth key (sealed at rest). */
  create(authKey: Uint8Array): void {
    insertKey(this.sql, this.vault, this.id, authKey, Date.now());
  }

  /** Destroys the key: every later frame or connection gets 401 AUTH_KEY_UNREGISTERED. */
  revoke(): void {
    const [from, to] = deviceKeyRange(this.id);
    this.known = false;
    deleteKey(this.sql, this.id);
    for (const t of ["seen", "outbox", "sessions"])
      run(this.sql, `DELETE FROM ${t} WHERE session_id >= ? AND session_id < ?`, from, to);
    deleteDeviceConns(this.sql, this.id);
    if (this.inFlight === 0) this.closeAll();
  }

  private closeAll(): void {
    for (const ws of this.sender.sockets()) failHandshake(ws, 401, "AUTH_KEY_UNREGISTERED");
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
      for (const s of polling) this.sender.deliver({ sessionId: s, ip: null, http: null }, msg, null);
    }
    const msgIds = new Map<string, bigint>(); // one msg_id per session, shared by its sockets
    for (const ws of this.sender.sockets()) {
      const st = socketState(ws);
      if (st.phase !== "open" || !st.sessionId || polling.has(st.sessionId)) continue;
      const msgId = msgIds.get(st.sessionId) ?? this.sender.nextMsgId();
      msgIds.set(st.sessionId, msgId);
      this.sender.sendOn(ws, st, st.sessionId, msgId, updates);
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

  markPolling(): void {
    this.mayHavePolling = true;
  }

  userId(): number | null {
    return keyRow(this.sql, this.id)?.user_id ?? null;
  }

  /** Whether this auth key exists (was created and not revoked). */
  exists(): boolean {
    this.known ||= keyRow(this.sql, this.id) !== null;
    return this.known;
  }

  authKey(): Uint8Array | null {
    return loadAuthKey(this.sql, this.vault, this.id);
  }

  // ------------------------------------------------------------ transports

  async fetch(request: Request): Promise<Response> {
    const ip = limitedIp(request.headers, this.env);
    if (request.headers.get("Upgrade")?.toLowerCase() === "websocket") {
      const res = acceptSocket(this.ctx, this, ip);
      // Hibernated sockets have no timers: the shard's alarm closes one that never says hello.
      await this.cleanupBy(Date.now() + WS_HELLO_TIMEOUT_MS);
      return res;
    }
    if (request.method !== "POST") return httpError(405, "METHOD_NOT_ALLOWED");
    // The gateway already read it through the same cap; a direct caller gets no more room.
    const read = await readBounded(request.body, MAX_FRAME_SIZE, BODY_READ_TIMEOUT_MS);
    if (!read.ok)
      return read.reason === "timeout" ? httpError(408, "REQUEST_TIMEOUT") : httpError(413, "FRAME_TOO_LARGE");
    const body = read.bytes;
    return new URL(request.url).pathname.endsWith("/connect") ? this.http.connect(body) : this.http.frame(body, ip);
  }

  webSocketMessage(ws: WebSocket, st: SocketState, data: string | ArrayBuffer): Promise<void> {
    return onSocketMessage(this, this.env, ws, st, data);
  }

  // ------------------------------------------------------------ incoming messages

  async handlePayload(payload: IncomingPayload, conn: string, sink: Sink): Promise<void> {
    const msgId = payload.msgId.toString();
    const sk = this.sender.sk(sink.sessionId);
    const window = checkMsgIdWindow(payload.msgId);
    if (window !== "ok") return this.sender.badMsg(sink, msgId, window === "MSG_ID_TOO_OLD" ? 16 : 17, window);
    const parsed = v.safeParse(ClientMessage, payload.body);
    dropAckedAnswers(this.ctx, this.sql, Date.now());
    // An ack is kept off the record: it only forgets what it names, so a replay of it changes nothing.
    // On a WebSocket the acked answers are remembered in its attachment until their records go.
    if (parsed.success && parsed.output._ === "ack") {
      const ids = parsed.output.msg_ids;
      const kept = answersKept(this.sql, sk, ids);
      const others = ids.filter((id) => !kept.includes(id));
      return acknowledge(this.sql, sk, others, sink.remember?.(kept) ?? kept);
    }
    const rerunnable = parsed.success && parsed.output._ === "rpc" && RERUNNABLE.has(parsed.output.method);
    const runKey = `${sink.sessionId}:${msgId}`;
    if (rerunnable && sink.admit) {
      // On a WebSocket its replay window is the connection's own, in the socket's attachment: no row.
      const seen = sink.admit(payload.msgId);
      if (seen === "replay") return this.sender.badMsg(sink, msgId, 19, "MSG_ID_DUPLICATE");
      // Below every id the connection remembers: maybe seen, so refused like an old id (sent again anew).
      if (seen === "below-window") return this.sender.badMsg(sink, msgId, 16, "MSG_ID_TOO_OLD");
      // Resent on a new connection while it still runs here: its one answer goes to the session.
      if (this.running.has(runKey)) return;
    } else if (this.recordRequest(sink, conn, msgId, runKey, rerunnable)) return;
    if (!parsed.success) return this.answerError(sink, msgId, Errors.inputInvalid());
    const msg = parsed.output;
    if (msg._ === "ack") return; // handled above, off the record
    if (msg._ === "ping") {
      return this.answer(sink, msgId, { _: "pong", ping_id: msg.ping_id });
    }
    const wait = this.rpcGate.wait();
    if (wait > 0) return this.answerError(sink, msgId, Errors.floodWait(wait));
    let reply: ServerMessage;
    let blob: Uint8Array | undefined;
    this.running.add(runKey);
    this.inFlight++;
    try {
      const device = deviceStateOf(this.sql, this.env, this.id);
      const ctx = { env: this.env, authKeyId: this.id, device, blob: payload.blob, clientIp: sink.ip };
      const out = await dispatchRpc(ctx, msg.method, msg.params ?? {});
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
    if (!this.exists()) {
      // Logged out by this very call (or meanwhile): answer once, keep nothing, then hang up.
      this.sender.deliver(sink, reply, msgId, blob, false);
      if (this.inFlight === 0) this.closeAll();
      return;
    }
    if (rerunnable) {
      this.sender.deliver(sink, reply, msgId, blob, false); // nothing kept: asked again if lost
      return;
    }
    this.answer(sink, msgId, reply, blob);
  }

  /**
   * Records a request durably before it runs (exactly-once across connections); true when it must not
   * run now: a replay, a request still running or already answered, or one an instance died running.
   */
  private recordRequest(sink: Sink, conn: string, msgId: string, runKey: string, rerunnable: boolean): boolean {
    const sk = this.sender.sk(sink.sessionId);
    // The request is recorded before it runs: the runtime holds the RPC's calls to other objects
    // until this write is durable, so a request that took effect is always on record here.
    const verdict = recordIncoming(this.sql, sk, msgId, conn, Date.now());
    if (verdict === "replay") {
      this.sender.badMsg(sink, msgId, 19, "MSG_ID_DUPLICATE");
      return true;
    }
    // Resent on a new connection: a read has no effect to repeat, so it simply runs (again).
    if (rerunnable && verdict !== "new") return this.running.has(runKey);
    if (verdict === "in-flight") {
      // Still running in this very instance: its answer goes to the session when ready.
      if (this.running.has(runKey)) return true;
      // Answered into the outbox (as before answers were kept in records): resent when the session reconnected.
      if (pendingAnswer(this.sql, sk, msgId)) return true;
      // Taken by an instance that died before answering: it may have taken effect, so it is never
      // run again. The client learns so and decides (a send with the same random_id is safe).
      this.answerError(sink, msgId, Errors.internal("RPC_INTERRUPTED"));
      return true;
    }
    if (verdict === "answered") {
      // A kept answer was already resent when the session reconnected; a forgotten one is not run again.
      if (!pendingAnswer(this.sql, sk, msgId)) this.sender.badMsg(sink, msgId, 19, "MSG_ID_DUPLICATE");
      return true;
    }
    return false;
  }

  /** Answers a request with an error without running it, and records it as answered. */
  private answerError(sink: Sink, msgId: string, err: RpcError): void {
    this.answer(sink, msgId, { _: "error", req_msg_id: msgId, code: err.code, message: err.text });
  }

  /**
   * Sends an answer and records the request as answered: an answer kept in the outbox is that record
   * (until acked, after which the client never resends it); only one not kept (bytes) marks `seen`.
   */
  private answer(sink: Sink, msgId: string, reply: ServerMessage, blob?: Uint8Array): void {
    if (!this.sender.deliver(sink, reply, msgId, blob)) markAnswered(this.sql, this.sender.sk(sink.sessionId), msgId);
  }
}
