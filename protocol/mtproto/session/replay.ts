/**
 * The replay window of one session: the last msg_ids received with their seqnos. A msg_id seen
 * before is a duplicate; one below everything remembered (when the window is full) cannot be
 * verified and earns bad_msg 20. Also answers the seqno-ordering questions (codes 32/33).
 * Plain data (bigints and numbers), so a Durable Object can store it as is.
 */

export interface ReplayWindow {
  /** msg_id → seqno, ascending by msg_id, at most `capacity` entries; containers carry null (their seqno orders nothing). */
  entries: [msgId: bigint, seqNo: number | null][];
  /** Every msg_id ≤ floor has been forgotten: unverifiable. 0n until the window first overflows. */
  floor: bigint;
  capacity: number;
}

export const newReplayWindow = (capacity = 1024): ReplayWindow => ({ entries: [], floor: 0n, capacity });

function indexOf(w: ReplayWindow, msgId: bigint): { found: boolean; at: number } {
  let lo = 0;
  let hi = w.entries.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    const v = w.entries[mid]![0];
    if (v === msgId) return { found: true, at: mid };
    if (v < msgId) lo = mid + 1;
    else hi = mid;
  }
  return { found: false, at: lo };
}

export type ReplayVerdict = "new" | "duplicate" | "too-old";

export function replayVerdict(w: ReplayWindow, msgId: bigint): ReplayVerdict {
  if (indexOf(w, msgId).found) return "duplicate";
  return msgId <= w.floor ? "too-old" : "new";
}

/**
 * seqno against what was already received (containers excepted: clients number them after or before
 * their contents inconsistently): too low (32) if an earlier msg_id has a higher seqno,
 * or the same odd one; too high (33) if a later msg_id has a lower seqno, or the same odd one.
 */
export function seqNoOrder(w: ReplayWindow, msgId: bigint, seqNo: number): "ok" | "too-low" | "too-high" {
  const { at } = indexOf(w, msgId);
  const odd = (seqNo & 1) === 1;
  for (let i = at - 1; i >= 0; i--) {
    const s = w.entries[i]![1];
    if (s !== null && (s > seqNo || (s === seqNo && odd))) return "too-low";
  }
  for (let i = at; i < w.entries.length; i++) {
    const s = w.entries[i]![1];
    if (s !== null && (s < seqNo || (s === seqNo && odd))) return "too-high";
  }
  return "ok";
}

export function recordReceived(w: ReplayWindow, msgId: bigint, seqNo: number | null): void {
  const { found, at } = indexOf(w, msgId);
  if (found) return;
  w.entries.splice(at, 0, [msgId, seqNo]);
  while (w.entries.length > w.capacity) {
    const [gone] = w.entries.shift()!;
    if (gone > w.floor) w.floor = gone;
  }
}
