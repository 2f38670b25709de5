/**
 * Message ids: `(unix_ms << 16) | counter`, strictly increasing per sender.
 * The server rejects ids older than 300 s or more than 30 s ahead of its clock.
 */

export const MSG_ID_MAX_AGE_MS = 300_000;
export const MSG_ID_MAX_AHEAD_MS = 30_000;

export type MsgIdVerdict = "ok" | "MSG_ID_TOO_OLD" | "MSG_ID_TOO_NEW";

export function msgIdTime(msgId: bigint): number {
  return Number(msgId >> 16n);
}

export function checkMsgIdWindow(msgId: bigint, nowMs: number = Date.now()): MsgIdVerdict {
  const t = msgIdTime(msgId);
  if (t < nowMs - MSG_ID_MAX_AGE_MS) return "MSG_ID_TOO_OLD";
  if (t > nowMs + MSG_ID_MAX_AHEAD_MS) return "MSG_ID_TOO_NEW";
  return "ok";
}

/** Generates strictly increasing ids even when several are made in one millisecond. */
export class MsgIdClock {
  private last = 0n;
  /** Offset learned from the server so a client with a wrong clock stays in the window. */
  offsetMs = 0;

  next(nowMs: number = Date.now()): bigint {
    let id = BigInt(Math.floor(nowMs + this.offsetMs)) << 16n;
    if (id <= this.last) id = this.last + 1n;
    this.last = id;
    return id;
  }
}
