/** How an RPC method is declared: its params and result schemas, whether it needs a signed-in user, and its errors. */
import * as v from "valibot";

/** An error as the wire carries it, written `"<code> <MESSAGE>"` (`"403 CHAT_WRITE_FORBIDDEN"`). */
export type DeclaredError = `${400 | 401 | 403 | 404 | 409 | 420 | 500} ${string}`;

export interface MethodSpec<P extends v.GenericSchema = v.GenericSchema, R extends v.GenericSchema = v.GenericSchema> {
  params: P;
  result: R;
  /** false for the few methods callable before sign-in (help.*, auth.sendCode …). */
  auth: boolean;
  /** "in": the request carries raw bytes as the frame blob; "out": the result does. */
  blob?: "in" | "out";
  /**
   * Errors the handler can answer beyond its params schema's own (those, 401 for `auth` methods and
   * METHOD_INVALID/INTERNAL are implied). Listed in docs/rpc.md; test/unit/protocol/rpc-docs.test.ts
   * checks every error the handlers throw is declared here and every one declared is thrown.
   */
  errors?: readonly DeclaredError[];
}

export function method<P extends v.GenericSchema, R extends v.GenericSchema>(spec: MethodSpec<P, R>) {
  return spec;
}

// Errors many methods share. A non-member learns nothing more than about a chat that does not exist.

/** Naming a basic group or private chat the caller is not in (or whose other user does not exist). */
export const NOT_IN_CHAT = "400 PEER_ID_INVALID" satisfies DeclaredError;
/** Naming a channel the caller is not in (and may not see: private, or banned from it). */
export const NOT_IN_CHANNEL = "400 CHANNEL_PRIVATE" satisfies DeclaredError;
/** Writing into a chat: a broadcast channel's non-admin, blocked either way round, or a forum topic gone or closed. */
export const CANNOT_POST = [
  NOT_IN_CHAT,
  NOT_IN_CHANNEL,
  "403 CHAT_WRITE_FORBIDDEN",
  "400 YOU_BLOCKED_USER",
  "400 USER_IS_BLOCKED",
  "400 TOPIC_ID_INVALID",
  "400 TOPIC_CLOSED",
] as const satisfies readonly DeclaredError[];
/** A restricted member sending something their rights forbid (`<KIND>`: PHOTOS, VIDEOS, AUDIOS, VOICES, DOCS, GIFS …). */
export const SEND_FORBIDDEN = [
  "403 CHAT_SEND_PLAIN_FORBIDDEN",
  "403 CHAT_SEND_MEDIA_FORBIDDEN",
  "403 CHAT_SEND_<KIND>_FORBIDDEN",
  "403 CHAT_SEND_POLL_FORBIDDEN",
  "403 CHAT_SEND_STICKERS_FORBIDDEN",
] as const satisfies readonly DeclaredError[];
/** Attaching an uploaded file: its reference is wrong, or it is someone else's. */
export const MEDIA_REF = [
  "400 MEDIA_INVALID",
  "403 MEDIA_ACCESS_DENIED",
  "500 MEDIA_SERVICE_UNAVAILABLE",
] as const satisfies readonly DeclaredError[];
/** Rate limited: wait the seconds the message names. */
export const FLOOD_WAIT = "420 FLOOD_WAIT_<seconds>" satisfies DeclaredError;

/** A page size from 1 to `max` (LIMIT_INVALID), `dflt` when left out. */
export const Limit = (max: number, dflt: number) =>
  v.optional(
    v.pipe(v.number(), v.integer("LIMIT_INVALID"), v.minValue(1, "LIMIT_INVALID"), v.maxValue(max, "LIMIT_INVALID")),
    dflt,
  );
/** An offset into a list or history (OFFSET_INVALID below 0). */
export const NonNegative = v.pipe(v.number(), v.integer("OFFSET_INVALID"), v.minValue(0, "OFFSET_INVALID"));
