/**
 * The messages that travel inside encrypted frames, as one discriminated
 * union on `_`. Ids that are 64-bit travel as decimal strings.
 */
import * as v from "valibot";
import { utf8 } from "./binary.ts";

const MsgIdString = v.pipe(v.string(), v.regex(/^\d{1,20}$/));

export const ClientMessage = v.variant("_", [
  v.object({ _: v.literal("rpc"), method: v.pipe(v.string(), v.maxLength(64)), params: v.optional(v.unknown()) }),
  v.object({ _: v.literal("ack"), msg_ids: v.pipe(v.array(MsgIdString), v.maxLength(1024)) }),
  v.object({ _: v.literal("ping"), ping_id: MsgIdString }),
]);
export type ClientMessage = v.InferOutput<typeof ClientMessage>;

export type ServerMessage =
  | { _: "result"; req_msg_id: string; result: unknown }
  | { _: "error"; req_msg_id: string; code: number; message: string }
  | { _: "updates"; updates: unknown[] }
  | { _: "ack"; msg_ids: string[] }
  | { _: "pong"; ping_id: string }
  | { _: "bad_msg"; bad_msg_id: string; code: number; message: string; server_time: number };

/** An `updates` server message as UTF-8 JSON, encoded once for every device it goes to. */
export type EncodedUpdates = Uint8Array;

export function encodeUpdates(updates: unknown[]): EncodedUpdates {
  return utf8(JSON.stringify({ _: "updates", updates } satisfies ServerMessage));
}

/** Server messages the client must acknowledge (and the server resends until it does). */
export function needsAck(m: ServerMessage): boolean {
  return m._ === "result" || m._ === "error" || m._ === "updates";
}

/**
 * Whether a client may send again, under a new msg_id, a request answered `500 RPC_INTERRUPTED`
 * (its server instance died while running it, so it may or may not have taken effect): reads,
 * file parts (stored by file and part number), and writes made idempotent by their random_id.
 */
export function repeatableAfterInterrupt(method: string, params: unknown): boolean {
  if (params && typeof params === "object" && "random_id" in params) return true;
  return /\.(get|search)([A-Z]|$)/.test(method) || /^upload\.save\w*Part$/.test(method);
}

/** A plaintext error sent on a WebSocket that has no keys yet (text frame). */
export interface HandshakeError {
  error: { code: number; message: string };
}

export const WS_CLOSE_AUTH_KEY_UNREGISTERED = 4401;
export const WS_CLOSE_HANDSHAKE_INVALID = 4400;
export const WS_CLOSE_PROTOCOL_ERROR = 1011;
/** A WebSocket message over MAX_FRAME_SIZE closes the socket with 1009 (message too big). */
export const WS_CLOSE_MESSAGE_TOO_BIG = 1009;
/** A socket that has not sent its connect hello this long after the upgrade is closed (4408). */
export const WS_HELLO_TIMEOUT_MS = 10_000;
export const WS_CLOSE_HELLO_TIMEOUT = 4408;
/**
 * Keepalive: a text "ping" on an open socket, answered "pong" by the runtime itself (a WebSocket
 * auto-response, which does not wake a hibernated shard). Clients send it every
 * WS_KEEPALIVE_INTERVAL_MS; an open socket that sends neither a frame nor a keepalive for
 * WS_IDLE_TIMEOUT_MS is closed with WS_CLOSE_IDLE_TIMEOUT (the client reconnects when it wakes up).
 */
export const WS_KEEPALIVE_PING = "ping";
export const WS_KEEPALIVE_PONG = "pong";
export const WS_KEEPALIVE_INTERVAL_MS = 60_000;
export const WS_IDLE_TIMEOUT_MS = 5 * 60_000;
export const WS_CLOSE_IDLE_TIMEOUT = 4409;
