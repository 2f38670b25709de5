/**
 * One MTProto session as a pure state machine over plain data (a Durable Object stores it as is):
 * it judges each decrypted message (msg_id window, replay, seqno, salt, containers), numbers the
 * server's messages, and keeps the acks both ways. Replies it decides on come back as TL-shaped
 * objects (`{ _: "mt_bad_msg_notification", … }`) for the TL layer to encode.
 */
import type { RandomSource } from "../crypto/provider.ts";
import { BadMsgCode } from "../errors.ts";
import { type InnerMessage, isContainer, unpackContainer } from "./container.ts";
import type { EnvelopeMessage } from "./envelope.ts";
import { checkClientMsgId, msgIdFromTime, nextServerMsgId } from "./msg-id.ts";
import { newReplayWindow, type ReplayWindow, recordReceived, replayVerdict, seqNoOrder } from "./replay.ts";
import { currentSalt, isSaltAccepted, type ServerSalt } from "./salts.ts";

export interface SessionState {
  sessionId: bigint;
  uniqueId: bigint;
  firstMsgId: bigint;
  lastServerMsgId: bigint;
  /** Content-related messages the server has sent: the next one gets seq_no 2n+1. */
  sentContentRelated: number;
  replay: ReplayWindow;
  /** Content-related client msg_ids received and not yet acknowledged. */
  pendingAcks: bigint[];
  /** Content-related server msg_ids sent and not yet acknowledged by the client (bounded). */
  unacked: bigint[];
}

export const MAX_UNACKED = 1024;
/** msgs_ack carries at most 8192 ids. */
export const MAX_ACKS_PER_MESSAGE = 8192;

const MSGS_ACK_ID = 0x62d6b459;
const HTTP_WAIT_ID = 0x9299359f;

export type ServiceReply =
  | { _: "mt_bad_msg_notification"; badMsgId: bigint; badMsgSeqno: number; errorCode: number }
  | { _: "mt_bad_server_salt"; badMsgId: bigint; badMsgSeqno: number; errorCode: 48; newServerSalt: bigint }
  | { _: "mt_new_session_created"; firstMsgId: bigint; uniqueId: bigint; serverSalt: bigint };

/** A message the caller should handle: an RPC call or a service message, body still TL bytes. */
export interface AcceptedMessage {
  msgId: bigint;
  seqNo: number;
  body: Uint8Array;
  contentRelated: boolean;
}

export interface ReceiveResult {
  state: SessionState;
  /** Service messages to send back first (new_session_created, bad_msg_notification, bad_server_salt). */
  replies: ServiceReply[];
  /** Messages to process, in order (a container's contents, or the one message). */
  accepted: AcceptedMessage[];
  /** msg_ids received again: ignored (their answers may be re-sent from a cache). */
  duplicates: bigint[];
}

export interface ReceiveContext {
  nowMs: number;
  salts: ServerSalt[];
  random: RandomSource;
}

const u64 = (random: RandomSource): bigint => {
  const b = random(8);
  return new DataView(b.buffer, b.byteOffset, 8).getBigInt64(0, true);
};

const constructorOf = (body: Uint8Array): number =>
  body.length >= 4 ? new DataView(body.buffer, body.byteOffset, 4).getUint32(0, true) : 0;

/** Sessions a server keeps per auth key, the newest (mtcute alone opens nine per client: main, uploads, downloads). */
export const MT_SESSIONS_MAX = 32;

/** Everything but acks and containers needs an ack and an odd seqno. */
export function isContentRelated(body: Uint8Array): boolean {
  const id = constructorOf(body);
  return id !== MSGS_ACK_ID && !isContainer(body);
}

export function newSessionState(sessionId: bigint, firstMsgId: bigint, random: RandomSource): SessionState {
  return {
    sessionId,
    uniqueId: u64(random),
    firstMsgId,
    lastServerMsgId: 0n,
    sentContentRelated: 0,
    replay: newReplayWindow(),
    pendingAcks: [],
    unacked: [],
  };
}

const badMsg = (m: InnerMessage, code: BadMsgCode): ServiceReply => ({
  _: "mt_bad_msg_notification",
  badMsgId: m.msgId,
  badMsgSeqno: m.seqNo,
  errorCode: code,
});

/** The checks one message (outer or inside a container) must pass, in Telegram's order. */
function judge(state: SessionState, m: InnerMessage, nowMs: number, outer: boolean): BadMsgCode | "duplicate" | null {
  const timeCode = checkClientMsgId(m.msgId, nowMs);
  if (timeCode !== null) return timeCode;
  const seen = replayVerdict(state.replay, m.msgId);
  if (seen === "duplicate") return outer && isContainer(m.body) ? BadMsgCode.MSG_ID_DUPLICATE_CONTAINER : "duplicate";
  if (seen === "too-old") return BadMsgCode.MSG_TOO_OLD;
  // http_wait and msgs_ack are sent with either parity by different clients (mtcute numbers its acks
  // as content-related, and Telegram accepts that), so their parity is not judged.
  const id = constructorOf(m.body);
  if (id !== HTTP_WAIT_ID && id !== MSGS_ACK_ID) {
    const odd = (m.seqNo & 1) === 1;
    if (isContentRelated(m.body) && !odd) return BadMsgCode.SEQNO_NOT_ODD;
    if (!isContentRelated(m.body) && odd) return BadMsgCode.SEQNO_NOT_EVEN;
  }
  const order = isContainer(m.body) ? "ok" : seqNoOrder(state.replay, m.msgId, m.seqNo);
  if (order === "too-low") return BadMsgCode.SEQNO_TOO_LOW;
  if (order === "too-high") return BadMsgCode.SEQNO_TOO_HIGH;
  return null;
}

/**
 * Judges one decrypted envelope for the session it names. `state` is undefined for a session id
 * the key has not seen: a new session is created and new_session_created is among the replies.
 * Rejected messages are not recorded, so the client may resend them with the same msg_id.
 */
export function receive(state: SessionState | undefined, m: EnvelopeMessage, ctx: ReceiveContext): ReceiveResult {
  const replies: ServiceReply[] = [];
  const accepted: AcceptedMessage[] = [];
  const duplicates: bigint[] = [];
  const nowS = Math.floor(ctx.nowMs / 1000);
  const salt = currentSalt(ctx.salts, nowS);
  if (!salt) throw new RangeError("no server salt valid now: refreshSalts first");
  const outer: InnerMessage = { msgId: m.msgId, seqNo: m.seqNo, body: m.body };

  const outerCode = judge(state ?? newSessionState(m.sessionId, m.msgId, ctx.random), outer, ctx.nowMs, true);
  if (outerCode === "duplicate") return { state: state!, replies, accepted, duplicates: [m.msgId] };
  if (outerCode !== null) {
    const s = state ?? newSessionState(m.sessionId, m.msgId, ctx.random);
    return { state: s, replies: [badMsg(outer, outerCode)], accepted, duplicates };
  }
  if (!isSaltAccepted(ctx.salts, m.salt, nowS)) {
    const s = state ?? newSessionState(m.sessionId, m.msgId, ctx.random);
    replies.push({
      _: "mt_bad_server_salt",
      badMsgId: m.msgId,
      badMsgSeqno: m.seqNo,
      errorCode: BadMsgCode.BAD_SERVER_SALT,
      newServerSalt: salt.salt,
    });
    return { state: s, replies, accepted, duplicates };
  }

  let s = state;
  if (!s) {
    s = newSessionState(m.sessionId, m.msgId, ctx.random);
    replies.push({ _: "mt_new_session_created", firstMsgId: m.msgId, uniqueId: s.uniqueId, serverSalt: salt.salt });
  }
  recordReceived(s.replay, m.msgId, isContainer(m.body) ? null : m.seqNo);

  let inner: InnerMessage[];
  if (isContainer(m.body)) {
    try {
      inner = unpackContainer(m.body);
    } catch {
      replies.push(badMsg(outer, BadMsgCode.BAD_CONTAINER));
      return { state: s, replies, accepted, duplicates };
    }
  } else {
    inner = [outer];
  }
  for (const msg of inner) {
    const code = msg === outer ? null : judge(s, msg, ctx.nowMs, false);
    if (code === "duplicate") {
      duplicates.push(msg.msgId);
      continue;
    }
    if (code !== null) {
      replies.push(badMsg(msg, code));
      continue;
    }
    if (msg !== outer) recordReceived(s.replay, msg.msgId, msg.seqNo);
    const contentRelated = isContentRelated(msg.body);
    if (contentRelated) s.pendingAcks.push(msg.msgId);
    accepted.push({ msgId: msg.msgId, seqNo: msg.seqNo, body: msg.body, contentRelated });
  }
  return { state: s, replies, accepted, duplicates };
}

/** msg_id and seq_no for the server's next message in this session. */
export function nextOutgoing(
  s: SessionState,
  nowMs: number,
  opts: { contentRelated: boolean; kind: "response" | "server" },
): { msgId: bigint; seqNo: number } {
  const msgId = nextServerMsgId(s.lastServerMsgId, nowMs, opts.kind);
  s.lastServerMsgId = msgId;
  let seqNo: number;
  if (opts.contentRelated) {
    seqNo = s.sentContentRelated * 2 + 1;
    s.sentContentRelated++;
    s.unacked.push(msgId);
    if (s.unacked.length > MAX_UNACKED) s.unacked.splice(0, s.unacked.length - MAX_UNACKED);
  } else {
    seqNo = s.sentContentRelated * 2;
  }
  return { msgId, seqNo };
}

/** The msgs_ack to send for what was received (null if nothing is pending); clears the pending list. */
export function takeAcks(s: SessionState): { _: "mt_msgs_ack"; msgIds: bigint[] } | null {
  if (s.pendingAcks.length === 0) return null;
  const msgIds = s.pendingAcks.splice(0, MAX_ACKS_PER_MESSAGE);
  return { _: "mt_msgs_ack", msgIds };
}

/** The client acknowledged these server messages. */
export function applyAcks(s: SessionState, msgIds: readonly bigint[]): void {
  if (msgIds.length === 0) return;
  const acked = new Set(msgIds);
  s.unacked = s.unacked.filter((id) => !acked.has(id));
}

/**
 * msgs_state_req → the `info` bytes of msgs_state_info, one per msg_id: 1 nothing known (too old),
 * 2 not received, 3 not received (msg_id too high, clock ahead), 4 received. What was done with a
 * received message (+16/+32/+64/+128) is the device's to add from its outbox.
 */
export function msgsStateInfo(s: SessionState, msgIds: readonly bigint[], nowMs: number): Uint8Array {
  const ahead = msgIdFromTime(nowMs) + (30n << 32n);
  return Uint8Array.from(msgIds, (id) => {
    const v = replayVerdict(s.replay, id);
    if (v === "duplicate") return 4;
    if (v === "too-old" || checkClientMsgId(id & ~3n, nowMs) === BadMsgCode.MSG_ID_TOO_LOW) return 1;
    return id > ahead ? 3 : 2;
  });
}
