/**
 * How a device's messages leave: numbered (msg_id, seq_no), kept in the outbox when they need an
 * ack, and sealed under the connection's keys, either onto the session's WebSockets or into the
 * HTTP-fallback response being built.
 */
import { fromHex, utf8 } from "../protocol/binary.ts";
import { sealFrame } from "../protocol/frame.ts";
import { FrameSealer } from "../protocol/frame-stream.ts";
import type { MsgIdClock } from "../protocol/msg-id.ts";
import { needsAck, type ServerMessage } from "../protocol/transport.ts";
import type { WindowVerdict } from "./connection-replay.ts";
import { type OpenSocket, socketState } from "./device-socket.ts";
import { savedSeq, saveSeq, storeAnswer, storeOutgoing } from "./session-store.ts";

/** seq_no numbers reserved per save (see reserveSeq). */
const SEQ_RESERVE = 64;

/** Where replies for one incoming frame go: a socket's session, or an HTTP response body. */
export interface Sink {
  sessionId: string;
  /** The client's address for per-IP limits (null locally). */
  ip: string | null;
  http: { frames: Uint8Array[]; s2c: Uint8Array; kid: Uint8Array } | null;
  /** A WebSocket's replay window for re-runnable requests (connection-replay.ts); none over HTTP. */
  admit?: (msgId: bigint) => WindowVerdict;
  /** Remembers acked answers in a WebSocket's attachment (answer-acks.ts); returns those it could not. */
  remember?: (ids: string[]) => string[];
}

export class SessionSender {
  /** seq_no per session, counted in memory (it is informative) and saved along with stored messages. */
  private readonly seqs = new Map<string, number>();
  /** The seq_no saved per session: numbers up to it may be used without writing. */
  private readonly seqReserved = new Map<string, number>();
  /** Each socket's sealer keeps its frames in order (AES-GCM seals asynchronously). */
  private readonly sealers = new WeakMap<WebSocket, FrameSealer>();

  private readonly ctx: DurableObjectState;
  private readonly sql: SqlStorage;
  private readonly clock: MsgIdClock;
  private readonly id: string;

  constructor(ctx: DurableObjectState, sql: SqlStorage, clock: MsgIdClock, id: string) {
    this.ctx = ctx;
    this.sql = sql;
    this.clock = clock;
    this.id = id;
  }

  /** The session's key in shared tables: the auth key id keeps devices' sessions apart. */
  sk(sessionId: string): string {
    return `${this.id}:${sessionId}`;
  }

  sockets(): WebSocket[] {
    return this.ctx.getWebSockets(this.id);
  }

  nextMsgId(): bigint {
    return this.clock.next();
  }

  /**
   * Stores what needs an ack in the outbox, then sends it to the session's sockets (or the HTTP body).
   * Returns whether it was stored (an answer kept in the outbox is on record as answered).
   */
  deliver(sink: Sink, msg: ServerMessage, reqMsgId: string | null, blob?: Uint8Array, keep = true): boolean {
    const msgId = this.clock.next();
    // Results with bytes are not kept for resend: the client simply asks for the part again.
    const stored = keep && needsAck(msg) && !blob?.length;
    if (stored) {
      const sk = this.sk(sink.sessionId);
      const body = JSON.stringify(msg);
      // An answer is kept in its request's record (a row written anyway); without one, in the outbox.
      if (reqMsgId === null || !storeAnswer(this.sql, sk, reqMsgId, msgId.toString(), body))
        storeOutgoing(this.sql, sk, msgId.toString(), reqMsgId, body, Date.now());
      this.reserveSeq(sink.sessionId, (this.seqs.get(sink.sessionId) ?? 0) + 1);
      if (sink.http) return stored; // the HTTP response drains the outbox after this call
    }
    if (sink.http) {
      this.sealInto(sink, msgId, msg, blob);
      return stored;
    }
    const json = utf8(JSON.stringify(msg));
    for (const ws of this.sockets()) {
      const st = socketState(ws);
      if (st.phase === "open" && st.sessionId === sink.sessionId)
        this.sendOn(ws, st, sink.sessionId, msgId, json, blob);
    }
    return stored;
  }

  badMsg(sink: Sink, badMsgId: string, code: number, message: string): void {
    this.deliver(
      sink,
      { _: "bad_msg", bad_msg_id: badMsgId, code, message, server_time: Math.floor(Date.now() / 1000) },
      null,
    );
  }

  sealInto(sink: Sink, msgId: bigint, msg: unknown, blob?: Uint8Array): void {
    if (!sink.http) return;
    sink.http.frames.push(
      sealFrame(sink.http.s2c, sink.http.kid, {
        sessionId: BigInt(sink.sessionId),
        msgId,
        seqNo: this.nextSeqNo(sink.sessionId),
        body: msg,
        blob: blob ?? new Uint8Array(),
      }),
    );
  }

  /** Seals a message body already encoded as UTF-8 JSON under an open socket's keys and sends it. */
  sendOn(ws: WebSocket, st: OpenSocket, sessionId: string, msgId: bigint, json: Uint8Array, blob?: Uint8Array): void {
    let sealer = this.sealers.get(ws);
    if (!sealer) {
      sealer = new FrameSealer(fromHex(st.s2c), fromHex(st.connKeyId), "s2c");
      this.sealers.set(ws, sealer);
    }
    const payload = {
      sessionId: BigInt(sessionId),
      msgId,
      seqNo: this.nextSeqNo(sessionId),
      blob: blob ?? new Uint8Array(),
    };
    sealer.send(payload, json, (frame) => {
      try {
        ws.send(frame);
      } catch {
        // A socket closing under us: the outbox keeps what needs an ack; a missed push shows as a pts gap.
      }
    });
  }

  /**
   * Saves seq_no in blocks: the stored value is a reservation ahead of the numbers used, so a woken
   * object goes on above every number it sent (seq_no only has to grow; it is informative) for one row
   * written per SEQ_RESERVE stored messages instead of one per message.
   */
  private reserveSeq(sessionId: string, next: number): void {
    if (next <= (this.seqReserved.get(sessionId) ?? 0)) return;
    this.seqReserved.set(sessionId, next + SEQ_RESERVE);
    saveSeq(this.sql, this.sk(sessionId), next + SEQ_RESERVE);
  }

  private nextSeqNo(sessionId: string): number {
    const n = (this.seqs.get(sessionId) ?? savedSeq(this.sql, this.sk(sessionId))) + 1;
    this.seqs.set(sessionId, n);
    return n;
  }
}

/** What a transport hands an opened frame to: the device that runs it and answers through `sender`. */
export interface DeviceCore {
  readonly id: string;
  readonly sql: SqlStorage;
  readonly sender: SessionSender;
  /** Whether the auth key still exists (cheap: no key material is read). */
  exists(): boolean;
  /** The auth key itself, for a connect handshake; null if revoked or unreadable. */
  authKey(): Uint8Array | null;
  handlePayload(payload: IncomingPayload, conn: string, sink: Sink): Promise<void>;
  /** An HTTP session just polled: pushes go to its outbox again. */
  markPolling(): void;
}

export interface IncomingPayload {
  sessionId: bigint;
  msgId: bigint;
  body: unknown;
  blob: Uint8Array;
}
