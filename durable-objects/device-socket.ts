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
  WS_CLOSE_IDLE_TIMEOUT,
  WS_HELLO_TIMEOUT_MS,
  WS_IDLE_TIMEOUT_MS,
} from "../protocol/transport.ts";
import type { ConnectionWindow } from "./connection-replay.ts";

/** How stale an open socket's `seen` may get before a frame refreshes it (one attachment write a minute at most). */
const SEEN_GRANULARITY_MS = 60_000;

export type SocketState =
  /** `since`: when the upgrade was accepted (the hello must come within WS_HELLO_TIMEOUT_MS). */
  | { phase: "hello"; authKeyId: string; ip: string | null; since?: number }
  | {
      phase: "open";
      /** When the socket last sent a frame (to within SEEN_GRANULARITY_MS); keepalives are counted by the runtime. */
      seen?: number;
      authKeyId: string;
      ip: string | null;
      connKeyId: string;
      c2s: string;
      s2c: string;
      sessionId: string | null;
      /** The replay window of re-runnable requests on this connection (connection-replay.ts). */
      replay?: ConnectionWindow;
      /** Answers acked on this connection whose records await the msg_id window (answer-acks.ts). */
      acked?: string[];
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

/** Records that an open socket is in use, at most once per SEEN_GRANULARITY_MS; returns the state to carry on with. */
export function markSeen(ws: WebSocket, st: SocketState, now: number): SocketState {
  if (st.phase !== "open" || now - (st.seen ?? 0) < SEEN_GRANULARITY_MS) return st;
  const seen = { ...st, seen: now };
  setSocketState(ws, seen);
  return seen;
}

function closeQuietly(ws: WebSocket, code: number, reason: string): void {
  try {
    ws.close(code, reason);
  } catch {
    // already closed
  }
}

/**
 * Closes the shard's sockets still waiting for their hello past WS_HELLO_TIMEOUT_MS (hibernated sockets
 * have no timers, so the shard's alarm calls this); returns when the next one falls due.
 */
export function closeSilentHellos(ctx: DurableObjectState, now: number): number | null {
  let next: number | null = null;
  for (const ws of ctx.getWebSockets()) {
    const st = ws.deserializeAttachment() as SocketState | null;
    if (st?.phase !== "hello") continue; // MTProto sockets keep their own rules
    const due = (st.since ?? 0) + WS_HELLO_TIMEOUT_MS;
    if (due > now) next = next === null ? due : Math.min(next, due);
    else {
      sendHandshakeError(ws, 408, "HANDSHAKE_TIMEOUT");
      closeQuietly(ws, WS_CLOSE_HELLO_TIMEOUT, "HANDSHAKE_TIMEOUT");
    }
  }
  return next;
}

/**
 * Closes the shard's open sockets that sent neither a frame nor a keepalive for WS_IDLE_TIMEOUT_MS;
 * returns when the next open one could fall idle (null: none open). Runs only while the shard is
 * awake anyway (IdleSweep): no alarm is kept for it, so sockets that all hibernate cost nothing.
 */
export function closeIdleSockets(ctx: DurableObjectState, now: number): number | null {
  let next: number | null = null;
  for (const ws of ctx.getWebSockets()) {
    const st = ws.deserializeAttachment() as SocketState | null;
    if (st?.phase !== "open") continue;
    const keepalive = ctx.getWebSocketAutoResponseTimestamp(ws)?.getTime() ?? 0;
    const due = Math.max(st.seen ?? now, keepalive) + WS_IDLE_TIMEOUT_MS;
    if (due > now) next = next === null ? due : Math.min(next, due);
    else closeQuietly(ws, WS_CLOSE_IDLE_TIMEOUT, "IDLE_TIMEOUT");
  }
  return next;
}

/**
 * When the shard next needs to look for idle sockets: a lower bound (frames and keepalives only push a
 * socket's deadline later), so most wake-ups skip the walk over the shard's sockets. Kept in memory: a
 * woken instance starts at 0 and looks once. A vanished client's socket in a shard nothing wakes stays
 * until the runtime sees it close or the next wake-up; hibernated, it costs nothing meanwhile.
 */
export class IdleSweep {
  private due = 0;

  /** Closes idle sockets if any may be due by `now` (`always`: look regardless, as the alarm does). */
  run(ctx: DurableObjectState, now: number, always = false): void {
    if (now < this.due && !always) return;
    this.due = closeIdleSockets(ctx, now) ?? now + WS_IDLE_TIMEOUT_MS;
  }
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
