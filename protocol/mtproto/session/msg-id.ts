/**
 * msg_id rules. A msg_id is unixtime·2^32 plus a sub-second fraction. Client ids are ≡ 0 mod 4;
 * the server's are ≡ 1 mod 4 for responses and ≡ 3 for messages it starts, strictly increasing.
 * A client id more than 300 s old or 30 s ahead is refused (bad_msg codes 16/17).
 */
import { BadMsgCode } from "../errors.ts";

export const MSG_ID_MAX_AGE_S = 300;
export const MSG_ID_MAX_AHEAD_S = 30;

/** The msg_id time base for a wall clock in milliseconds (low 2 bits still to be set). */
export function msgIdFromTime(nowMs: number): bigint {
  const seconds = BigInt(Math.floor(nowMs / 1000));
  const fraction = BigInt(Math.floor(((nowMs % 1000) * 2 ** 32) / 1000));
  return (seconds << 32n) | fraction;
}

export const msgIdSeconds = (msgId: bigint): number => Number(msgId >> 32n);

/**
 * The server's next msg_id: ≡ 1 mod 4 for a response, ≡ 3 for a server-initiated message, and
 * strictly above `last` whatever the clock does.
 */
export function nextServerMsgId(last: bigint, nowMs: number, kind: "response" | "server"): bigint {
  const r = kind === "response" ? 1n : 3n;
  let id = (msgIdFromTime(nowMs) & ~3n) | r;
  if (id <= last) id = (((last >> 2n) + 1n) << 2n) | r;
  return id;
}

/** The client-side rule (tests and in-memory clients): ≡ 0 mod 4, strictly increasing. */
export function nextClientMsgId(last: bigint, nowMs: number): bigint {
  let id = msgIdFromTime(nowMs) & ~3n;
  if (id <= last) id = ((last >> 2n) + 1n) << 2n;
  return id;
}

/** The bad_msg code a client msg_id earns by itself (parity, then time window), or null. */
export function checkClientMsgId(msgId: bigint, nowMs: number): BadMsgCode | null {
  if (msgId % 4n !== 0n) return BadMsgCode.MSG_ID_NOT_MOD4;
  const now = msgIdFromTime(nowMs);
  if (msgId < now - (BigInt(MSG_ID_MAX_AGE_S) << 32n)) return BadMsgCode.MSG_ID_TOO_LOW;
  if (msgId > now + (BigInt(MSG_ID_MAX_AHEAD_S) << 32n)) return BadMsgCode.MSG_ID_TOO_HIGH;
  return null;
}
