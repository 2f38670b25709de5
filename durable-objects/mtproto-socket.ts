/**
 * MTProto WebSockets (/apiws) held, with hibernation, by the AuthKeyObject shard the gateway chose for
 * the connection. The socket's framing lives in its attachment; each packet's ciphertext goes to the
 * shard owning its auth key (this one when it is), plain handshake packets to the shard of their nonce.
 */
import { authKeyObjectOf, authKeyShardObject, authKeyShardOf } from "../core/objects.ts";
import { nobleCryptoProvider } from "../protocol/mtproto/crypto/noble.ts";
import { FrameError } from "../protocol/mtproto/errors.ts";
import { packetAuthKeyId } from "../protocol/mtproto/session/envelope.ts";
import { MT_PLAIN_PACKETS_MAX, transportErrorPayload } from "../protocol/mtproto/transport/codec.ts";
import { type CodecRecord, MAX_WIRE_MESSAGE, newCodecRecord, ResumableCodec } from "./mtproto-codec-state.ts";
import type { MtVia } from "./mtproto-device.ts";
import { handshakeNonce, handshakeShardOf, type MtAnswer } from "./mtproto-handshake.ts";

/** The header with which the gateway names the shard it chose to hold a connection. */
export const MT_SHARD_HEADER = "x-edgegram-shard";
/** The tag of MTProto sockets among a shard's WebSockets. */
export const MT_SOCKET_TAG = "mtproto";
/** A connection that has not sent an encrypted packet this long after opening is closed (pre-handshake limit). */
export const MT_PREKEY_LIMIT_MS = 60_000;

export interface MtSocketState {
  mt: 1;
  conn: string;
  via: MtVia;
  openedAt: number;
  /** Set once an encrypted packet for an existing key arrived: the pre-handshake limit no longer applies. */
  keyed: boolean;
  /** Plain packets received so far (MT_PLAIN_PACKETS_MAX). */
  plain?: number;
  codec: CodecRecord;
}

/** What the socket code needs from the shard holding it. */
export interface MtSocketHost {
  env: Env;
  /** This shard's name (authkeys:<n>): packets for its own keys are handled in place. */
  shardName: string;
  handshake(packet: Uint8Array): Promise<MtAnswer>;
  packet(authKeyId: string, packet: Uint8Array, via: MtVia): Promise<MtAnswer>;
}

export const isMtSocket = (st: unknown): st is MtSocketState => (st as MtSocketState | null)?.mt === 1;

/** Accepts the upgrade; answers the `binary` subprotocol when the client asks for it. */
export function acceptMtSocket(ctx: DurableObjectState, request: Request, via: MtVia): Response {
  const pair = new WebSocketPair();
  const [client, server] = [pair[0], pair[1]];
  ctx.acceptWebSocket(server, [MT_SOCKET_TAG]);
  const conn = crypto.randomUUID();
  const st: MtSocketState = {
    mt: 1,
    conn,
    // The connection's id rides with each packet, so the key's shard can push to this socket.
    via: { ...via, conn },
    openedAt: Date.now(),
    keyed: false,
    codec: newCodecRecord(),
  };
  server.serializeAttachment(st);
  const wanted = (request.headers.get("Sec-WebSocket-Protocol") ?? "").split(",").map((p) => p.trim());
  const headers = wanted.includes("binary") ? { "Sec-WebSocket-Protocol": "binary" } : undefined;
  return new Response(null, { status: 101, webSocket: client, headers });
}

/** Live codecs of this instance by connection; rebuilt from the attachment after hibernation. */
const codecs = new Map<string, ResumableCodec>();

function codecOf(st: MtSocketState): ResumableCodec {
  const live = codecs.get(st.conn);
  if (live && live.record.wireIn === st.codec.wireIn && live.record.wireOut === st.codec.wireOut) return live;
  const rebuilt = new ResumableCodec(nobleCryptoProvider, st.codec);
  codecs.set(st.conn, rebuilt);
  return rebuilt;
}

export function closeMtSocket(ws: WebSocket, st: MtSocketState, reason: string, code = 1002): void {
  codecs.delete(st.conn);
  try {
    ws.close(code, reason);
  } catch {
    // already closed
  }
}

function send(ws: WebSocket, st: MtSocketState, codec: ResumableCodec, payload: Uint8Array): void {
  const frame = codec.encode(payload);
  st.codec = codec.record;
  ws.serializeAttachment(st);
  ws.send(frame);
}

/** Sends a sealed packet the key's shard pushed on this shard's connection `conn`; false when it is gone. */
export function pushOnConnection(ctx: DurableObjectState, conn: string, packet: Uint8Array): boolean {
  for (const ws of ctx.getWebSockets(MT_SOCKET_TAG)) {
    const st = ws.deserializeAttachment();
    if (!isMtSocket(st) || st.conn !== conn) continue;
    try {
      send(ws, st, codecOf(st), packet);
      return true;
    } catch (e) {
      console.warn("mtproto push on a closing socket", conn, e instanceof Error ? e.message : e);
      return false;
    }
  }
  return false;
}

export async function onMtSocketMessage(
  host: MtSocketHost,
  ws: WebSocket,
  st: MtSocketState,
  data: string | ArrayBuffer,
): Promise<void> {
  if (typeof data === "string" || data.byteLength > MAX_WIRE_MESSAGE) return closeMtSocket(ws, st, "not MTProto");
  let codec: ResumableCodec;
  let frames: Uint8Array[];
  try {
    codec = codecOf(st);
    frames = codec.push(new Uint8Array(data));
  } catch (e) {
    console.warn("mtproto transport closed", e instanceof Error ? e.message : e);
    return closeMtSocket(ws, st, e instanceof FrameError ? e.fault : "transport");
  }
  st.codec = codec.record;
  ws.serializeAttachment(st);
  for (const frame of frames) {
    if (isPlainPacket(frame)) st.plain = (st.plain ?? 0) + 1;
    if ((st.plain ?? 0) > MT_PLAIN_PACKETS_MAX) {
      console.warn("mtproto: too many handshake packets on one connection", st.conn);
      send(ws, st, codec, transportErrorPayload(-429));
      return closeMtSocket(ws, st, "-429");
    }
    let answer: MtAnswer;
    try {
      answer = await forward(host, st, frame);
    } catch (e) {
      // The packet's object failed (an overloaded or restarting instance): its answer may never come, so
      // the connection is closed and the client reconnects and resends what is still unanswered, as all
      // MTProto clients do; a request already answered is answered again from the session's outbox.
      console.error("mtproto packet failed in its key's object; closing the connection", st.conn, e);
      return closeMtSocket(ws, st, "internal error", 1011);
    }
    if ("transportError" in answer) {
      send(ws, st, codec, transportErrorPayload(answer.transportError));
      return closeMtSocket(ws, st, `${answer.transportError}`);
    }
    if ("packets" in answer) for (const p of answer.packets) send(ws, st, codec, p);
  }
}

const isPlainPacket = (p: Uint8Array) => p.length >= 8 && p.subarray(0, 8).every((b) => b === 0);

/** Sends one packet where it belongs: the handshake shard of its nonce, or the shard of its key. */
export async function forward(
  host: Pick<MtSocketHost, "env" | "shardName"> & Partial<MtSocketHost>,
  st: { via: MtVia; keyed?: boolean },
  packet: Uint8Array,
): Promise<MtAnswer> {
  const keyId = packetAuthKeyId(packet);
  if (keyId === null) return { drop: "too short" };
  if (keyId === 0n) {
    const nonce = handshakeNonce(packet);
    if (!nonce) return { drop: "too short" };
    const shard = handshakeShardOf(nonce);
    return shard === host.shardName && host.handshake
      ? host.handshake(packet)
      : authKeyShardObject(host.env, shard).mtHandshake(packet);
  }
  const id = keyId.toString(16).padStart(16, "0");
  const answer =
    authKeyShardOf(id) === host.shardName && host.packet
      ? await host.packet(id, packet, st.via)
      : await authKeyObjectOf(host.env, id).mtPacket(id, packet, st.via);
  if ("packets" in answer) st.keyed = true;
  return answer;
}
