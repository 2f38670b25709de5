/**
 * EdgegramClient: the client library. Creates and keeps an auth key, opens
 * an encrypted WebSocket (per-connection keys), sends typed RPCs, resends
 * what the server has not answered after a reconnect, and emits updates.
 * Runs in Node ≥22 and browsers (global WebSocket, fetch, crypto).
 */
import { fromHex, randomU64, toHex, utf8 } from "../../protocol/binary.ts";
import { RpcError } from "../../protocol/errors.ts";
import type { FramePayload } from "../../protocol/frame.ts";
import { FrameOpener, FrameSealer, GCM_FROM_BYTES } from "../../protocol/frame-stream.ts";
import {
  authKeyIdOf as authKeyIdBytes,
  type ClientHelloState,
  type ConnectionKeys,
  clientFinishAuthKey,
  clientFinishConnect,
  clientHello,
} from "../../protocol/handshake.ts";
import { MsgIdClock } from "../../protocol/msg-id.ts";
import type { MethodName, Params, Result } from "../../protocol/rpc/index.ts";
import {
  repeatableAfterInterrupt,
  type ServerMessage,
  WS_KEEPALIVE_INTERVAL_MS,
  WS_KEEPALIVE_PING,
} from "../../protocol/transport.ts";
import { NetworkError } from "./network-error.ts";
import { reconnect } from "./reconnect.ts";
import { type KeyValueStorage, MemoryStorage } from "./storage.ts";
import { UpdatesManager } from "./updates-manager.ts";

export interface ClientOptions {
  /** Base URL of the gateway, e.g. http://127.0.0.1:8787 */
  server: string;
  /**
   * The server's Ed25519 public key (hex) the client pins, or several: during a key rotation a
   * client pins the old and the new key and accepts either (docs/security.md, "Rotating the server key").
   */
  serverKey: string | readonly string[];
  storage?: KeyValueStorage;
  deviceModel?: string;
  appName?: string;
  /** Reconnect automatically after a dropped connection (default true). */
  autoReconnect?: boolean;
  /**
   * Bench only: frames from this size up are sealed with AES-256-GCM (default 4096; Infinity
   * seals every frame with XChaCha20-Poly1305, the old path). The server opens either.
   */
  frameGcmFromBytes?: number;
}

export type ConnectionState = "disconnected" | "connecting" | "connected";

type UpdatesListener = (updates: unknown[]) => void;
type StateListener = (state: ConnectionState) => void;

interface Pending {
  method: string;
  body: unknown;
  blob: Uint8Array;
  msgId: bigint;
  resolve: (v: { result: unknown; blob: Uint8Array }) => void;
  reject: (e: unknown) => void;
}

const AUTH_KEY = "auth_key";
/** A connect (WebSocket up and handshake answered) that takes longer has failed. */
const CONNECT_TIMEOUT_MS = 10_000;
/** A /health probe that takes longer counts as no answer. */
const PROBE_TIMEOUT_MS = 2_000;

/** Acks are batched: one frame per this many ms (the server resends nothing while a connection is up). */
const ACK_DELAY_MS = 200;

export class EdgegramClient {
  readonly sessionId = randomU64();
  private readonly opts: Required<Omit<ClientOptions, "storage">> & { storage: KeyValueStorage };
  private readonly pinned: Uint8Array[];
  private readonly clock = new MsgIdClock();
  private readonly pending = new Map<string, Pending>();
  private readonly seenServerIds = new Set<string>();
  private readonly updateListeners = new Set<UpdatesListener>();
  private readonly stateListeners = new Set<StateListener>();
  private readonly revokedListeners = new Set<() => void>();
  private authKey: Uint8Array | null = null;
  private ws: WebSocket | null = null;
  private keys: ConnectionKeys | null = null;
  /** The current connection's frame streams, made anew with each connection's keys. */
  private frames: { keys: ConnectionKeys; sealer: FrameSealer; opener: FrameOpener } | null = null;
  private seq = 0;
  private closedByUser = false;
  private reconnecting = false;
  private connecting: Promise<void> | null = null;
  private ackQueue: string[] = [];
  /** Sends the keepalive on the open socket: the server closes sockets idle past WS_IDLE_TIMEOUT_MS. */
  private keepalive: ReturnType<typeof setInterval> | null = null;
  private ackTimer: ReturnType<typeof setTimeout> | null = null;
  state: ConnectionState = "disconnected";

  constructor(opts: ClientOptions) {
    this.opts = {
      deviceModel: "unknown",
      appName: "edgegram-sdk",
      autoReconnect: true,
      frameGcmFromBytes: GCM_FROM_BYTES,
      ...opts,
      storage: opts.storage ?? new MemoryStorage(),
    };
    this.pinned = (typeof opts.serverKey === "string" ? [opts.serverKey] : opts.serverKey).map((k) => fromHex(k));
  }

  private updatesManager: UpdatesManager | null = null;

  /** Ordered, gap-free updates (pts tracking, getDifference); call `client.updates.start()` once signed in. */
  get updates(): UpdatesManager {
    this.updatesManager ??= new UpdatesManager(this, { storage: this.opts.storage });
    return this.updatesManager;
  }

  /** Hex id of this device's auth key, once it exists. */
  get authKeyId(): string | null {
    return this.authKey ? toHex(authKeyIdBytes(this.authKey)) : null;
  }

  onUpdates(fn: UpdatesListener): () => void {
    this.updateListeners.add(fn);
    return () => this.updateListeners.delete(fn);
  }

  onState(fn: StateListener): () => void {
    this.stateListeners.add(fn);
    return () => this.stateListeners.delete(fn);
  }

  /** Called when the server revokes this device's auth key (terminated from another device): it is signed out. */
  onRevoked(fn: () => void): () => void {
    this.revokedListeners.add(fn);
    return () => this.revokedListeners.delete(fn);
  }

  /** Creates the auth key if there is none yet, then opens the encrypted connection. */
  connect(): Promise<void> {
    this.closedByUser = false;
    this.connecting ??= this.open().finally(() => {
      this.connecting = null;
    });
    return this.connecting;
  }

  close(): void {
    this.closedByUser = true;
    this.stopKeepalive();
    this.ws?.close(1000, "bye");
    this.ws = null;
    this.setState("disconnected");
  }

  /** Drops the connection without telling the server, as a network failure would (tests, resume logic). */
  dropConnection(): void {
    const ws = this.ws;
    this.ws = null;
    this.keys = null;
    ws?.close(4000, "dropped");
    // Without a network the close handshake may never finish: count the connection as gone now.
    if (ws) this.onClosed(ws, 4000, "dropped");
  }

  async call<M extends MethodName>(method: M, params: Params<M>, blob?: Uint8Array): Promise<Result<M>> {
    const result = (await this.callRaw(method, params, blob)).result as Result<M>;
    // A send's own update comes back here, not pushed to this device: feed it to the updates manager.
    const carried = (result as { updates?: unknown } | null)?.updates;
    if (this.updatesManager?.running && Array.isArray(carried))
      void this.updatesManager.applyResult(result as { updates: never[] });
    return result;
  }

  /** Like call, also returning bytes that rode beside the result (file parts). */
  async callWithBlob<M extends MethodName>(
    method: M,
    params: Params<M>,
    blob?: Uint8Array,
  ): Promise<{ result: Result<M>; blob: Uint8Array }> {
    return (await this.callRaw(method, params, blob)) as { result: Result<M>; blob: Uint8Array };
  }

  /** Untyped call: for tools and tests that send arbitrary method names and params. */
  callRaw(method: string, params: unknown, blob?: Uint8Array): Promise<{ result: unknown; blob: Uint8Array }> {
    return new Promise((resolve, reject) => {
      const p: Pending = {
        method,
        body: { _: "rpc", method, params },
        blob: blob ?? new Uint8Array(),
        msgId: 0n,
        resolve,
        reject,
      };
      this.sendPending(p);
    });
  }

  // ------------------------------------------------------------ connection

  private setState(s: ConnectionState): void {
    if (this.state === s) return;
    this.state = s;
    for (const fn of this.stateListeners) fn(s);
  }

  private async loadAuthKey(): Promise<Uint8Array> {
    if (this.authKey) return this.authKey;
    const stored = await this.opts.storage.get(AUTH_KEY);
    if (stored) {
      this.authKey = fromHex(stored);
      return this.authKey;
    }
    const hello = clientHello("auth-key");
    const res = await fetch(`${this.opts.server}/v1/auth_key`, { method: "POST", body: hello.hello }).catch((e) => {
      throw new NetworkError("UNREACHABLE", `POST /v1/auth_key: ${String(e)}`, { cause: e });
    });
    if (!res.ok) throw await httpError(res);
    const { authKey } = clientFinishAuthKey(hello, new Uint8Array(await res.arrayBuffer()), this.pinned);
    await this.opts.storage.set(AUTH_KEY, toHex(authKey));
    this.authKey = authKey;
    return authKey;
  }

  private async open(): Promise<void> {
    this.setState("connecting");
    const authKey = await this.loadAuthKey().catch((e: unknown) => {
      this.setState("disconnected");
      throw e;
    });
    const wsUrl = `${this.opts.server.replace(/^http/, "ws")}/v1/ws/${toHex(authKeyIdBytes(authKey))}`;
    const ws = new WebSocket(wsUrl);
    ws.binaryType = "arraybuffer";
    const hello: ClientHelloState = clientHello("connect", authKey);
    let timer: ReturnType<typeof setTimeout> | undefined;
    this.keys = await new Promise<ConnectionKeys>((resolve, reject) => {
      timer = setTimeout(
        () => reject(new NetworkError("TIMEOUT", `no handshake in ${CONNECT_TIMEOUT_MS} ms`)),
        CONNECT_TIMEOUT_MS,
      );
      ws.onopen = () => ws.send(hello.hello);
      ws.onmessage = (ev) => {
        try {
          if (typeof ev.data === "string") {
            const err = (JSON.parse(ev.data) as { error: { code: number; message: string } }).error;
            reject(new RpcError(err.code, err.message));
            return;
          }
          resolve(clientFinishConnect(hello, new Uint8Array(ev.data as ArrayBuffer), authKey, this.pinned));
        } catch (e) {
          reject(e);
        }
      };
      // A socket error (DNS, refused TCP, reset) is the network's failure, not the server's answer.
      ws.onerror = () => reject(new NetworkError("UNREACHABLE", wsUrl));
      ws.onclose = (ev) =>
        reject(
          ev.code === 4401
            ? new RpcError(401, ev.reason || "AUTH_KEY_UNREGISTERED")
            : new NetworkError("CLOSED", `code ${ev.code}${ev.reason ? ` ${ev.reason}` : ""}`),
        );
    }).catch(async (e) => {
      clearTimeout(timer);
      ws.close();
      this.setState("disconnected");
      if (e instanceof RpcError && e.text === "AUTH_KEY_UNREGISTERED") await this.forgetAuthKey();
      throw e;
    });
    clearTimeout(timer);
    this.ws = ws;
    this.startKeepalive(ws);
    ws.onmessage = (ev) => this.onFrame(ws, ev.data);
    ws.onclose = (ev) => this.onClosed(ws, ev.code, ev.reason);
    ws.onerror = () => undefined;
    // Everything not yet answered is sent again; the server answers each msg_id once. This comes before
    // the state change so that calls made by "connected" listeners go out once, not twice.
    for (const p of this.pending.values()) this.transmit(p);
    // The server binds a connection to this session at its first frame, and only then resends what we
    // have not acknowledged and pushes updates here: with nothing to resend, a ping is that frame.
    if (this.pending.size === 0) this.sendFrame({ _: "ping", ping_id: randomU64().toString() });
    this.setState("connected");
    const first = !(await this.opts.storage.get("device_registered"));
    if (first) {
      await this.call("initConnection", { device_model: this.opts.deviceModel, app_name: this.opts.appName });
      await this.opts.storage.set("device_registered", "1");
    }
  }

  private async forgetAuthKey(): Promise<void> {
    this.authKey = null;
    await this.opts.storage.delete(AUTH_KEY);
    await this.opts.storage.delete("device_registered");
  }

  private startKeepalive(ws: WebSocket): void {
    this.stopKeepalive();
    const timer = setInterval(() => {
      if (this.ws !== ws) return this.stopKeepalive();
      try {
        ws.send(WS_KEEPALIVE_PING);
      } catch {
        // closing: onClosed follows
      }
    }, WS_KEEPALIVE_INTERVAL_MS);
    // In Node, a forgotten client must not keep the process alive.
    (timer as { unref?: () => void }).unref?.();
    this.keepalive = timer;
  }

  private stopKeepalive(): void {
    if (this.keepalive !== null) clearInterval(this.keepalive);
    this.keepalive = null;
  }

  private onClosed(ws: WebSocket, code: number, _reason: string): void {
    if (this.ws !== ws && this.ws !== null) return;
    this.stopKeepalive();
    this.ws = null;
    this.keys = null;
    this.setState("disconnected");
    if (code === 4401) {
      // The auth key was revoked (logged out or terminated elsewhere).
      for (const p of this.pending.values()) p.reject(new RpcError(401, "AUTH_KEY_UNREGISTERED"));
      this.pending.clear();
      void this.forgetAuthKey().then(() => {
        for (const fn of this.revokedListeners) fn();
      });
      return;
    }
    this.startReconnecting();
  }

  /** Probes until the server answers, then reconnects (reconnect.ts); one loop at a time. */
  private startReconnecting(): void {
    if (this.reconnecting || this.closedByUser || !this.opts.autoReconnect) return;
    this.reconnecting = true;
    void reconnect({
      probe: () => this.probe(),
      connect: () => this.connect(),
      stopped: () => this.closedByUser || this.state === "connected",
      sleep: (ms) => new Promise((r) => setTimeout(r, ms)),
    }).finally(() => {
      this.reconnecting = false;
    });
  }

  /** Whether the gateway answers at all: a plain GET, far cheaper than a handshake. */
  private async probe(): Promise<boolean> {
    try {
      const res = await fetch(`${this.opts.server}/health`, { signal: AbortSignal.timeout(PROBE_TIMEOUT_MS) });
      await res.body?.cancel();
      return res.ok;
    } catch {
      return false;
    }
  }

  private sendPending(p: Pending): void {
    p.msgId = this.clock.next();
    this.pending.set(p.msgId.toString(), p);
    if (this.ws && this.keys) this.transmit(p);
    else if (!this.closedByUser && this.opts.autoReconnect) void this.connect().catch(() => this.startReconnecting());
    else if (!this.connecting) {
      this.pending.delete(p.msgId.toString());
      p.reject(new NetworkError("NOT_CONNECTED", p.method));
    }
  }

  private transmit(p: Pending): void {
    this.sendFrame(p.body, p.blob, p.msgId);
  }

  private sendFrame(body: unknown, blob: Uint8Array = new Uint8Array(), msgId: bigint = this.clock.next()): void {
    const ws = this.ws;
    if (!ws || !this.keys || ws.readyState !== WebSocket.OPEN) return;
    const payload = { sessionId: this.sessionId, msgId, seqNo: this.seq++, blob };
    // A frame sealed asynchronously (AES-GCM) goes out only if its connection is still open.
    this.streams(this.keys).sealer.send(payload, utf8(JSON.stringify(body)), (frame) => {
      if (ws.readyState === WebSocket.OPEN) ws.send(frame);
    });
  }

  private streams(keys: ConnectionKeys): { sealer: FrameSealer; opener: FrameOpener } {
    if (this.frames?.keys !== keys) {
      const sealer = new FrameSealer(keys.c2s, keys.connKeyId, "c2s", this.opts.frameGcmFromBytes);
      this.frames = { keys, sealer, opener: new FrameOpener(keys.s2c, "s2c") };
    }
    return this.frames;
  }

  private ack(msgId: string): void {
    this.ackQueue.push(msgId);
    this.ackTimer ??= setTimeout(() => {
      this.ackTimer = null;
      const ids = this.ackQueue.splice(0, 1024);
      if (ids.length) this.sendFrame({ _: "ack", msg_ids: ids });
      if (this.ackQueue.length) this.ack(this.ackQueue.pop() as string);
    }, ACK_DELAY_MS);
  }

  private onFrame(ws: WebSocket, data: unknown): void {
    if (ws !== this.ws || !this.keys || typeof data === "string") return;
    // Frames open in arrival order, so each is handled in that order too.
    void this.streams(this.keys)
      .opener.open(new Uint8Array(data as ArrayBuffer))
      .then((frame) => {
        if (frame) this.onOpened(frame);
      });
  }

  private onOpened(frame: FramePayload): void {
    const id = frame.msgId.toString();
    const msg = frame.body as ServerMessage;
    // Pushed updates need no ack over a WebSocket (a missed one shows as a pts gap); answers do.
    if (msg._ === "result" || msg._ === "error") this.ack(id);
    if (this.seenServerIds.has(id)) return; // a resend we already handled
    this.seenServerIds.add(id);
    if (this.seenServerIds.size > 5000) this.seenServerIds.delete(this.seenServerIds.values().next().value as string);
    switch (msg._) {
      case "result":
      case "error": {
        const p = this.pending.get(msg.req_msg_id);
        if (!p) return;
        this.pending.delete(msg.req_msg_id);
        if (msg._ === "result") p.resolve({ result: msg.result, blob: frame.blob });
        // The server died while running it: repeat under a new msg_id only what is safe to run twice.
        else if (
          msg.message === "RPC_INTERRUPTED" &&
          repeatableAfterInterrupt(p.method, (p.body as { params?: unknown }).params)
        )
          this.sendPending(p);
        else p.reject(new RpcError(msg.code, msg.message));
        return;
      }
      case "updates":
        for (const fn of this.updateListeners) fn(msg.updates);
        return;
      case "bad_msg": {
        const p = this.pending.get(msg.bad_msg_id);
        if (!p) return;
        this.pending.delete(msg.bad_msg_id);
        if (msg.code === 16 || msg.code === 17) {
          // Our clock is off: learn the server's time and send again under a fresh id.
          this.clock.offsetMs = msg.server_time * 1000 - Date.now();
          this.sendPending(p);
        } else {
          p.reject(new RpcError(400, msg.message));
        }
        return;
      }
      default:
        return;
    }
  }
}

async function httpError(res: Response): Promise<RpcError> {
  try {
    const { error } = (await res.json()) as { error: { code: number; message: string } };
    return new RpcError(error.code, error.message);
  } catch {
    return new RpcError(res.status, "HTTP_ERROR");
  }
}
