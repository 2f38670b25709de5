/**
 * A device's WebSocket as the hibernation API keeps it: its state lives in the socket's attachment
 * (so it survives hibernation), and handshake refusals go out as a JSON text frame before the close,
 * because browsers hide the body of a failed upgrade.
 */
import {
  type HandshakeError,
  WS_CLOSE_AUTH_KEY_UNREGISTERED,
  WS_CLOSE_HANDSHAKE_INVALID,
  WS_CLOSE_HELLO_TIMEOUT,
  WS_HELLO_TIMEOUT_MS,
} from "../protocol/transport.ts";

export type SocketState =
  /** `since`: when the upgrade was accepted (the hello must come within WS_HELLO_TIMEOUT_MS). */
  | { phase: "hello"; authKeyId: string; ip: string | null; since?: number }
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

/**
 * Closes the shard's sockets still waiting for their hello past WS_HELLO_TIMEOUT_MS (hibernated
 * sockets have no timers, so the shard's alarm calls this); returns when the next one falls due.
 */
export function closeSilentSockets(ctx: DurableObjectState, now: number): number | null {
  let next: number | null = null;
  for (const ws of ctx.getWebSockets()) {
    const st = ws.deserializeAttachment() as SocketState | null;
    if (st?.phase !== "hello") continue;
    const due = (st.since ?? 0) + WS_HELLO_TIMEOUT_MS;
    if (due <= now) {
      sendHandshakeError(ws, 408, "HANDSHAKE_TIMEOUT");
      try {
        ws.close(WS_CLOSE_HELLO_TIMEOUT, "HANDSHAKE_TIMEOUT");
      } catch {
        // already closed
      }
    } else next = next === null ? due : Math.min(next, due);
  }
  return next;
}

/** The sessions bound to the shard's open sockets, as stored (`<auth key id>:<session id>`). */
export function liveSessions(ctx: DurableObjectState): Set<string> {
  const live = new Set<string>();
  for (const ws of ctx.getWebSockets()) {
    const st = ws.deserializeAttachment() as SocketState | null;
    if (st?.phase === "open" && st.sessionId !== null) live.add(`${st.authKeyId}:${st.sessionId}`);
  }
  return live;
}

export function httpError(status: number, message: string): Response {
  return Response.json({ error: { code: status, message } } satisfies HandshakeError, { status });
}
