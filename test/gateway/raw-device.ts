/**
 * A device speaking the wire protocol by hand, inside workerd, through the
 * gateway's fetch handler: for tests that need to replay, tamper with or
 * truncate frames, which the SDK never does.
 */
import { SELF } from "cloudflare:test";
import { randomU64 } from "../../protocol/binary.ts";
import { sealFrame } from "../../protocol/frame.ts";
import { FrameOpener } from "../../protocol/frame-stream.ts";
import {
  type ConnectionKeys,
  clientFinishAuthKey,
  clientFinishConnect,
  clientHello,
  serverIdentityFromSeed,
} from "../../protocol/handshake.ts";
import { MsgIdClock } from "../../protocol/msg-id.ts";
import type { ServerMessage } from "../../protocol/transport.ts";
import { testSecrets } from "../secrets.ts";

export const serverPublicKey = serverIdentityFromSeed(testSecrets.SERVER_IDENTITY_KEY).publicKey;
const BASE = "http://gateway.test";

export async function createAuthKey(pinned: Uint8Array = serverPublicKey) {
  const hello = clientHello("auth-key");
  const res = await SELF.fetch(`${BASE}/v1/auth_key`, { method: "POST", body: hello.hello });
  if (!res.ok) throw new Error(`auth_key: ${res.status} ${await res.text()}`);
  return clientFinishAuthKey(hello, new Uint8Array(await res.arrayBuffer()), pinned);
}

export interface Received {
  msgId: bigint;
  body: ServerMessage;
  blob: Uint8Array;
}

/** How long a test waits for an answer it expects (well under the project's 30 s test timeout). */
const ANSWER_WAIT_MS = 15_000;

export class RawDevice {
  readonly sessionId = randomU64();
  readonly clock = new MsgIdClock();
  readonly inbox: Received[] = [];
  readonly texts: string[] = [];
  closed: { code: number; reason: string } | null = null;
  private waiters: (() => void)[] = [];

  readonly ws: WebSocket;
  readonly keys: ConnectionKeys;
  readonly authKey: Uint8Array;
  readonly authKeyId: string;

  constructor(ws: WebSocket, keys: ConnectionKeys, authKey: Uint8Array, authKeyId: string) {
    this.ws = ws;
    this.keys = keys;
    this.authKey = authKey;
    this.authKeyId = authKeyId;
    // Frames may arrive as Blobs, which read asynchronously: a chain keeps them in order.
    let chain = Promise.resolve();
    const opener = new FrameOpener(keys.s2c, "s2c");
    ws.addEventListener("message", (ev) => {
      chain = chain.then(async () => {
        if (typeof ev.data === "string") this.texts.push(ev.data);
        else {
          const f = await opener.open((await bytesOf(ev.data)).slice());
          if (f) this.inbox.push({ msgId: f.msgId, body: f.body as ServerMessage, blob: f.blob });
        }
        this.wake();
      });
    });
    ws.addEventListener("close", (ev) => {
      this.closed = { code: ev.code, reason: ev.reason };
      this.wake();
    });
  }

  private wake() {
    for (const w of this.waiters.splice(0)) w();
  }

  /** Opens a WebSocket for an auth key (a new one unless given) and runs the connect handshake. */
  static async connect(
    existing?: { authKey: Uint8Array; authKeyId: string },
    open: (authKeyId: string) => Promise<WebSocket> = openSocket,
  ): Promise<RawDevice> {
    const { authKey, authKeyId } = existing ?? (await createAuthKey());
    const ws = await open(authKeyId);
    const hello = clientHello("connect", authKey);
    const reply = new Promise<Uint8Array>((resolve, reject) => {
      ws.addEventListener(
        "message",
        (ev) => {
          if (typeof ev.data === "string") reject(new Error(ev.data));
          else bytesOf(ev.data).then(resolve, reject);
        },
        { once: true },
      );
    });
    ws.send(hello.hello);
    const keys = clientFinishConnect(hello, await reply, authKey, serverPublicKey);
    return new RawDevice(ws, keys, authKey, authKeyId);
  }

  frame(body: unknown, opts: { msgId?: bigint; blob?: Uint8Array } = {}): { frame: Uint8Array; msgId: bigint } {
    const msgId = opts.msgId ?? this.clock.next();
    const frame = sealFrame(this.keys.c2s, this.keys.connKeyId, {
      sessionId: this.sessionId,
      msgId,
      seqNo: 0,
      body,
      blob: opts.blob ?? new Uint8Array(),
    });
    return { frame, msgId };
  }

  send(bytes: Uint8Array | string): void {
    this.ws.send(bytes);
  }

  /** Sends an RPC and returns its msg_id and frame (to replay it later). */
  rpc(method: string, params: unknown = {}, opts: { msgId?: bigint } = {}) {
    const f = this.frame({ _: "rpc", method, params }, opts);
    this.send(f.frame);
    return f;
  }

  /** Waits for a server message matching `pred`, or returns null after `ms`. */
  /** Waits for a matching message; the default wait is long because a loaded 2-core CI machine runs a password hash slowly, and tests that expect nothing pass their own short wait. */
  async next(pred: (r: Received) => boolean, ms = ANSWER_WAIT_MS): Promise<Received | null> {
    const deadline = Date.now() + ms;
    for (;;) {
      const i = this.inbox.findIndex(pred);
      if (i >= 0) return this.inbox.splice(i, 1)[0] as Received;
      if (this.closed || Date.now() > deadline) return null;
      await new Promise<void>((r) => {
        this.waiters.push(r);
        setTimeout(r, Math.max(1, deadline - Date.now()));
      });
    }
  }

  async answer(msgId: bigint, ms = ANSWER_WAIT_MS): Promise<ServerMessage | null> {
    const id = msgId.toString();
    const r = await this.next(
      (m) =>
        (m.body._ === "result" || m.body._ === "error" || m.body._ === "bad_msg") &&
        ("req_msg_id" in m.body ? m.body.req_msg_id === id : m.body.bad_msg_id === id),
      ms,
    );
    return r?.body ?? null;
  }

  async call(method: string, params: unknown = {}): Promise<unknown> {
    const { msgId } = this.rpc(method, params);
    const a = await this.answer(msgId);
    if (!a) throw new Error(`no answer to ${method}`);
    if (a._ === "error") throw new Error(`${a.code} ${a.message}`);
    if (a._ !== "result") throw new Error(`unexpected ${a._}`);
    return a.result;
  }
}

async function bytesOf(data: unknown): Promise<Uint8Array> {
  if (data instanceof ArrayBuffer) return new Uint8Array(data);
  return new Uint8Array(await (data as Blob).arrayBuffer());
}

export async function openSocket(authKeyId: string): Promise<WebSocket> {
  const res = await SELF.fetch(`${BASE}/v1/ws/${authKeyId}`, { headers: { Upgrade: "websocket" } });
  const ws = res.webSocket;
  if (!ws) throw new Error(`no websocket: ${res.status}`);
  ws.accept();
  return ws;
}

export async function devCode(phone: string): Promise<string> {
  const res = await SELF.fetch(`http://127.0.0.1/dev/codes/${encodeURIComponent(phone)}`);
  return ((await res.json()) as { code: string }).code;
}

let n = 0;
export const uniquePhone = () => `+7${String(Date.now()).slice(-8)}${++n}`;

/** Signs a raw device up as a new user; returns the user id. */
export async function signUpRaw(
  dev: RawDevice,
  firstName = "Test",
  phone = uniquePhone(),
): Promise<{ id: number; phone: string }> {
  const sent = (await dev.call("auth.sendCode", { phone_number: phone })) as { phone_code_hash: string };
  const code = await devCode(phone);
  await dev.call("auth.signIn", { phone_number: phone, phone_code_hash: sent.phone_code_hash, phone_code: code });
  const auth = (await dev.call("auth.signUp", {
    phone_number: phone,
    phone_code_hash: sent.phone_code_hash,
    first_name: firstName,
  })) as { user: { id: number } };
  return { id: auth.user.id, phone };
}
