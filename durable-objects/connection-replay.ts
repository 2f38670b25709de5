/**
 * The replay window of one WebSocket connection for requests that running twice leaves as running once
 * (file parts, upload.getFile), kept in the socket's attachment instead of a SQLite row per request.
 * Frames are sealed under the connection's own keys, so a replayed frame can only come on the connection
 * it was recorded on; the attachment lives exactly as long as that connection and survives hibernation.
 */
/**
 * msg_ids remembered above the floor. The attachment holds at most 2,048 bytes with the socket's keys
 * (test/unit/durable-objects/connection-replay.test.ts measures the largest): 32 ids of 20 digits fit.
 */
export const CONNECTION_WINDOW_SIZE = 32;

/** MTProto's rule for a session's msg_ids, per connection: the newest ids, and a floor below them. */
export interface ConnectionWindow {
  /** Every msg_id at or below it counts as seen: forgotten, so unverifiable ("0" until the window overflows). */
  floor: string;
  /** The msg_ids above the floor seen on this connection, ascending (decimal strings). */
  ids: string[];
}

/** `below-window`: older than every id remembered; it may or may not have come before. */
export type WindowVerdict = "new" | "replay" | "below-window";

/** Whether `msgId` is new on this connection, and the window that remembers it if so. */
export function admitToWindow(
  w: ConnectionWindow | undefined,
  msgId: bigint,
): { verdict: WindowVerdict; next: ConnectionWindow | null } {
  const floor = BigInt(w?.floor ?? "0");
  if (msgId <= floor) return { verdict: "below-window", next: null };
  const ids = (w?.ids ?? []).map(BigInt);
  let at = 0;
  while (at < ids.length && (ids[at] as bigint) < msgId) at++;
  if (ids[at] === msgId) return { verdict: "replay", next: null };
  ids.splice(at, 0, msgId);
  let next = floor;
  while (ids.length > CONNECTION_WINDOW_SIZE) next = ids.shift() as bigint;
  return { verdict: "new", next: { floor: next.toString(), ids: ids.map(String) } };
}
