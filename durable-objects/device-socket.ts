/**
 * A device's WebSocket as the hibernation API keeps it: its state lives in the socket's attachment
 * (so it survives hibernation), and handshake refusals go out as a JSON text frame before the close,
 * because browsers hide the body of a failed upgrade.
 */
import {
  type HandshakeError,
  WS_CLOSE_AUTH_KEY_UNREGISTERED,
  WS_CLOSE_HANDSHAKE_INVALID,
} from "../protocol/transport.ts";

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
export type OpenSocket = Extract<SocketState, { phase: "open" }>;

export function socketState(ws: WebSocket): SocketState {
  return ws.deserializeAttachment() as SocketState;
}

export function setSocketState(ws: WebSocket, st: SocketState): void {
  ws.serializeAttachment(st);
}

export function sendHandshakeError(ws: WebSocket, code: number, message: string): void {
  try {
    ws.send(JSON.stringify({ error: { code, message } } satisfies HandshakeError));
  } catch {
    // already closed
  }
}

/** Refuses and closes; only a missing key closes with the code that tells clients to forget it. */
export function failHandshake(ws: WebSocket, code: number, message: string): void {
  sendHandshakeError(ws, code, message);
  ws.close(message === "AUTH_KEY_UNREGISTERED" ? WS_CLOSE_AUTH_KEY_UNREGISTERED : WS_CLOSE_HANDSHAKE_INVALID, message);
}

export function httpError(status: number, message: string): Response {
  return Response.json({ error: { code: status, message } } satisfies HandshakeError, { status });
}
