/**
 * A device's WebSocket transport (hibernation API): the upgrade, the connect hello, then binary
 * frames opened under the connection's keys and handed to the device. A session seen anew on a
 * connection first gets everything it has not acknowledged.
 */
import { fromHex, toHex, utf8 } from "../protocol/binary.ts";
import { toRpcError } from "../protocol/errors.ts";
import { frameKeyId, MAX_FRAME_SIZE } from "../protocol/frame.ts";
import { FrameOpener } from "../protocol/frame-stream.ts";
import { WS_CLOSE_MESSAGE_TOO_BIG } from "../protocol/transport.ts";
import { rememberAcks } from "./answer-acks.ts";
import { acceptConnect } from "./connect-handshake.ts";
import { admitToWindow, type WindowVerdict } from "./connection-replay.ts";
import { failHandshake, type OpenSocket, type SocketState, setSocketState, socketState } from "./device-socket.ts";
import type { DeviceCore } from "./session-sender.ts";
import { pendingOutgoing, touchSession } from "./session-store.ts";

/** Accepts the upgrade (tagged with the auth key id); a missing key is refused in a frame, then closed. */
export function acceptSocket(ctx: DurableObjectState, device: DeviceCore, ip: string | null): Response {
  const pair = new WebSocketPair();
  const [client, server] = [pair[0], pair[1]];
  ctx.acceptWebSocket(server, [device.id]);
  setSocketState(server, { phase: "hello", authKeyId: device.id, ip, since: Date.now() });
  // Browsers hide the body of a failed upgrade, so accept and explain in a frame.
  if (!device.exists()) failHandshake(server, 401, "AUTH_KEY_UNREGISTERED");
  return new Response(null, { status: 101, webSocket: client });
}

/** Each socket's opener: frames open asynchronously (AES-GCM) but are handled in arrival order. */
const openers = new WeakMap<WebSocket, FrameOpener>();

export async function onSocketMessage(
  device: DeviceCore,
  env: Env,
  ws: WebSocket,
  st: SocketState,
  data: string | ArrayBuffer,
): Promise<void> {
  if (typeof data === "string") {
    if (st.phase === "hello") failHandshake(ws, 400, "HANDSHAKE_INVALID");
    return; // text frames after the handshake are noise: dropped
  }
  // The runtime's own message limit is the last line; ours is the documented frame maximum.
  if (data.byteLength > MAX_FRAME_SIZE) return ws.close(WS_CLOSE_MESSAGE_TOO_BIG, "FRAME_TOO_LARGE");
  const bytes = new Uint8Array(data);
  if (st.phase === "hello") return hello(device, env, ws, st, bytes);
  if (!device.exists()) return failHandshake(ws, 401, "AUTH_KEY_UNREGISTERED");
  const kid = frameKeyId(bytes);
  if (!kid || toHex(kid) !== st.connKeyId) return; // not ours: dropped
  let opener = openers.get(ws);
  if (!opener) {
    opener = new FrameOpener(fromHex(st.c2s), "c2s");
    openers.set(ws, opener);
  }
  const payload = await opener.open(bytes);
  if (!payload) return; // tampered or truncated: dropped
  // An earlier frame, handled while this one opened, may have bound the socket to its session.
  const now = socketState(ws);
  if (now.phase !== "open") return;
  const sessionId = payload.sessionId.toString();
  if (now.sessionId !== sessionId) {
    const reopened: OpenSocket = { ...now, sessionId };
    setSocketState(ws, reopened);
    const sender = device.sender;
    touchSession(device.sql, sender.sk(sessionId), Date.now(), false);
    // A session seen anew on this connection gets everything it has not acknowledged.
    for (const p of pendingOutgoing(device.sql, sender.sk(sessionId)))
      sender.sendOn(ws, reopened, sessionId, BigInt(p.msg_id), utf8(p.body));
  }
  const admit = (msgId: bigint) => admitOnSocket(ws, msgId);
  const remember = (ids: string[]) => rememberAcks(ws, ids);
  await device.handlePayload(payload, st.connKeyId, { sessionId, ip: st.ip, http: null, admit, remember });
}

function hello(device: DeviceCore, env: Env, ws: WebSocket, st: SocketState, bytes: Uint8Array): void {
  const authKey = device.authKey();
  if (!authKey) {
    failHandshake(ws, 401, "AUTH_KEY_UNREGISTERED");
    return;
  }
  try {
    const { reply, keys } = acceptConnect(env, authKey, bytes);
    setSocketState(ws, {
      phase: "open",
      seen: Date.now(),
      authKeyId: device.id,
      ip: st.ip,
      connKeyId: toHex(keys.connKeyId),
      c2s: toHex(keys.c2s),
      s2c: toHex(keys.s2c),
      sessionId: null,
    });
    ws.send(reply);
  } catch (e) {
    const err = toRpcError(e);
    failHandshake(ws, err.code, err.text);
  }
}

/** Admits a re-runnable request's msg_id on an open socket, remembering it in the socket's attachment. */
function admitOnSocket(ws: WebSocket, msgId: bigint): WindowVerdict {
  const st = socketState(ws);
  if (st.phase !== "open") return "below-window"; // frames are only handled on open sockets
  const { verdict, next } = admitToWindow(st.replay, msgId);
  if (next) setSocketState(ws, { ...st, replay: next });
  return verdict;
}
