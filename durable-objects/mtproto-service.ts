/**
 * MTProto service messages a device answers itself (ping, acks, salts, session and state queries,
 * resend requests): each turns a decoded service object into the messages to send back. RPC calls
 * are not service messages; the device runs those through the core adapters.
 */

import { futureSalts, type ServerSalt } from "../protocol/mtproto/session/salts.ts";
import { applyAcks, msgsStateInfo, type SessionState } from "../protocol/mtproto/session/session.ts";
import type { TlObject } from "../protocol/mtproto/tl/index.ts";

/** A message the device will send: a TL object or bytes already encoded, and whether it needs an ack. */
export interface Outgoing {
  body: TlObject | Uint8Array;
  contentRelated: boolean;
  /** Sent again as it was (msg_resend_req): keeps its msg_id and seq_no. */
  resent?: { msgId: bigint; seqNo: number };
  /** "server" for pushed updates (msg_id ≡ 3 mod 4); answers are "response". */
  kind?: "response" | "server";
}

/** What a session keeps of its unacknowledged content-related messages, for msg_resend_req. */
export interface OutboxEntry {
  msgId: bigint;
  seqNo: number;
  body: Uint8Array;
}

/** At most this many unacknowledged messages are kept per session for resending. */
export const OUTBOX_MAX = 64;

export const SERVICE_CALLS = new Set([
  "mt_msgs_ack",
  "mt_ping",
  "mt_ping_delay_disconnect",
  "mt_get_future_salts",
  "mt_destroy_session",
  "mt_msgs_state_req",
  "mt_msg_resend_req",
  "mt_http_wait",
  "mt_rpc_drop_answer",
]);

export interface ServiceInput {
  msgId: bigint;
  obj: TlObject;
  session: SessionState;
  outbox: OutboxEntry[];
  salts: ServerSalt[];
  nowMs: number;
  /** Deletes another session of this key (destroy_session); whether it existed. */
  destroySession(sessionId: bigint): Promise<boolean>;
}

const RPC_RESULT_ID = 0xf35c6d01;

/**
 * A request sent again with the msg_id it had (a client resending what was unanswered when its
 * connection broke): its rpc_result still in the outbox is sent again as it was, so the call is
 * neither run twice nor left unanswered.
 */
export function answersAgain(outbox: OutboxEntry[], reqMsgIds: bigint[]): Outgoing[] {
  if (reqMsgIds.length === 0) return [];
  const wanted = new Set(reqMsgIds);
  return outbox
    .filter((m) => {
      if (m.body.length < 12) return false;
      const view = new DataView(m.body.buffer, m.body.byteOffset, m.body.byteLength);
      return view.getUint32(0, true) === RPC_RESULT_ID && wanted.has(view.getBigInt64(4, true));
    })
    .map((m) => ({ body: m.body, contentRelated: true, resent: { msgId: m.msgId, seqNo: m.seqNo } }));
}

/** The answers to one service message (none for acks and http_wait). */
export async function answerService(i: ServiceInput): Promise<Outgoing[]> {
  const o = i.obj;
  switch (o._) {
    case "mt_msgs_ack": {
      const ids = o.msgIds as bigint[];
      applyAcks(i.session, ids);
      const acked = new Set(ids);
      i.outbox.splice(0, i.outbox.length, ...i.outbox.filter((m) => !acked.has(m.msgId)));
      return [];
    }
    case "mt_ping":
      return [{ body: { _: "mt_pong", msgId: i.msgId, pingId: o.pingId as bigint }, contentRelated: false }];
    case "mt_ping_delay_disconnect":
      // The socket's holder closes idle connections itself; the delay is acknowledged, not scheduled.
      return [{ body: { _: "mt_pong", msgId: i.msgId, pingId: o.pingId as bigint }, contentRelated: false }];
    case "mt_get_future_salts": {
      const nowS = Math.floor(i.nowMs / 1000);
      const salts = futureSalts(i.salts, nowS, o.num as number).map((s) => ({ _: "mt_future_salt", ...s }));
      return [{ body: { _: "mt_future_salts", reqMsgId: i.msgId, now: nowS, salts }, contentRelated: false }];
    }
    case "mt_destroy_session": {
      const sid = o.sessionId as bigint;
      const existed = sid !== i.session.sessionId && (await i.destroySession(sid));
      const body = { _: existed ? "mt_destroy_session_ok" : "mt_destroy_session_none", sessionId: sid };
      return [{ body, contentRelated: false }];
    }
    case "mt_msgs_state_req": {
      const info = msgsStateInfo(i.session, o.msgIds as bigint[], i.nowMs);
      return [{ body: { _: "mt_msgs_state_info", reqMsgId: i.msgId, info }, contentRelated: false }];
    }
    case "mt_msg_resend_req": {
      const wanted = new Set(o.msgIds as bigint[]);
      return i.outbox
        .filter((m) => wanted.has(m.msgId))
        .map((m) => ({ body: m.body, contentRelated: true, resent: { msgId: m.msgId, seqNo: m.seqNo } }));
    }
    case "mt_rpc_drop_answer":
      // Answers are computed at once: by the time this arrives, the answer was sent (or never existed).
      return [
        {
          body: { _: "mt_rpc_result", reqMsgId: i.msgId, result: { _: "mt_rpc_answer_unknown" } },
          contentRelated: true,
        },
      ];
    default:
      return [];
  }
}
