/**
 * Acks of answers kept in request records, remembered in the acking socket's attachment instead of a
 * row write each: a record must stay for the msg_id window anyway (against a resend of its msg_id), so
 * when the window has passed it goes with its answer in the one delete it needs. Knowledge lost with a
 * closed socket only delays that delete: the answer is resent once on the next connection, acked there.
 */
import { msgIdTime } from "../protocol/msg-id.ts";
import { type SocketState, setSocketState, socketState } from "./device-socket.ts";
import { dropAckedRecords, SEEN_WINDOW_MS } from "./session-store.ts";

/** Acked answer ids one socket remembers (the attachment holds ≤2,048 bytes in all); past it, acks write. */
export const ACKS_KEPT = 24;
/** How often an object looks for acked records whose window has passed (with the records' own purge). */
const DROP_EVERY_MS = 60_000;
const lastDrop = new WeakMap<SqlStorage, number>();

/** Remembers acked ids on an open socket, as many as fit; returns the ids it could not keep. */
export function rememberAcks(ws: WebSocket, ids: string[]): string[] {
  const st = socketState(ws);
  if (st.phase !== "open") return ids;
  const kept = new Set(st.acked ?? []);
  const rest: string[] = [];
  for (const id of ids) {
    if (kept.size < ACKS_KEPT) kept.add(id);
    else if (!kept.has(id)) rest.push(id);
  }
  setSocketState(ws, { ...st, acked: [...kept] });
  return rest;
}

/**
 * Deletes the records, past the msg_id window, whose answers were acked on the object's open sockets,
 * and forgets those acks; at most once a minute.
 */
export function dropAckedAnswers(ctx: DurableObjectState, sql: SqlStorage, now: number): void {
  if (now - (lastDrop.get(sql) ?? 0) < DROP_EVERY_MS) return;
  lastDrop.set(sql, now);
  dropAckedBefore(ctx, sql, now - SEEN_WINDOW_MS);
}

/** The work of dropAckedAnswers for records from before `cutoff` (tests call it with a cutoff of their own). */
export function dropAckedBefore(ctx: DurableObjectState, sql: SqlStorage, cutoff: number): void {
  for (const ws of ctx.getWebSockets()) {
    const st = ws.deserializeAttachment() as SocketState | null;
    if (st?.phase !== "open" || !st.acked?.length || st.sessionId === null) continue;
    dropAckedRecords(sql, `${st.authKeyId}:${st.sessionId}`, st.acked, cutoff);
    // An answer sent before the cutoff answered a request recorded before it: its record has gone now.
    const left = st.acked.filter((id) => msgIdTime(BigInt(id)) >= cutoff);
    if (left.length < st.acked.length) setSocketState(ws, { ...st, acked: left });
  }
}
